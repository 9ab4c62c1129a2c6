package dev.bulkestate.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An error as the API reports it, for a whole request or for one record:
 * {@code {"code": "...", "message": "...", "details": {...}}}.
 *
 * @param code one of {@link ErrorCode}, or a code this library does not know yet
 * @param message a sentence for people
 * @param details machine-readable specifics ({@code field}, {@code issue}, {@code required_credits}...)
 */
public record ApiError(String code, String message,
    // Only details are left out when empty: an empty code or message must read back as itself.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> details) {

  public ApiError {
    Objects.requireNonNull(code, "code");
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public static ApiError of(String code, String message) {
    return new ApiError(code, message, Map.of());
  }

  /** An error about one field: {@code details = {field, issue}}. */
  public static ApiError field(String code, String message, String field, String issue) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("field", field);
    details.put("issue", issue);
    return new ApiError(code, message, details);
  }

  /** The {@code details.field} this error names, or null. */
  public String field() {
    Object field = details.get("field");
    return field == null ? null : field.toString();
  }
}
