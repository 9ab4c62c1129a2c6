package dev.bulkestate.core;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.bulkestate.core.json.BulkJson;
import java.util.List;
import java.util.Map;

/**
 * The result of one record: {@code success} with {@code data}, {@code partial} with {@code data}
 * and {@code warnings}, or {@code failed} with an {@code error}.
 *
 * <p>{@code data} is the typed value when produced in-process (an engine) and a JSON map when read
 * over HTTP; {@link #dataAs(Class)} gives the typed value either way.
 *
 * @param id the record's id from the request
 * @param status success, partial or failed
 * @param data the result, or null when failed
 * @param warnings why a result is partial, or null
 * @param error why the record failed, or null
 * @param cached true when answered from the cross-job result cache; null otherwise
 * @param extra fields this version does not know, kept as read
 */
public record RecordResult(
    String id, RecordStatus status, Object data, List<String> warnings, ApiError error,
    Boolean cached, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public RecordResult {
    warnings = warnings == null ? null : List.copyOf(warnings);
    extra = Extras.copy(extra);
  }

  public static RecordResult success(String id, Object data) {
    return new RecordResult(id, RecordStatus.SUCCESS, data, null, null, null, null);
  }

  public static RecordResult partial(String id, Object data, List<String> warnings) {
    return new RecordResult(id, RecordStatus.PARTIAL, data, warnings, null, null, null);
  }

  public static RecordResult failed(String id, ApiError error) {
    return new RecordResult(id, RecordStatus.FAILED, null, null, error, null, null);
  }

  /** The same result, marked as answered from the cache. */
  public RecordResult asCached() {
    return new RecordResult(id, status, data, warnings, error, true, extra);
  }

  /** The same result under another record id (a cached answer given to a new record). */
  public RecordResult withId(String newId) {
    return new RecordResult(newId, status, data, warnings, error, cached, extra);
  }

  /** {@code data} as {@code type}: the value itself when it already is one, else converted. */
  public <T> T dataAs(Class<T> type) {
    if (data == null || type.isInstance(data)) {
      return type.cast(data);
    }
    return BulkJson.mapper().convertValue(data, type);
  }
}
