package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job-level checks of a request, written once for the builders (client side) and the engine
 * (server side). A failed check throws a {@link BulkApiException} whose details name the field.
 *
 * <p>Records without a usable identifier are not job-level errors: they fail on their own (see
 * {@link InputRecord#problem()}).
 */
public final class RequestValidator {
  /** Longest accepted {@code job_name}. */
  public static final int MAX_JOB_NAME_LENGTH = 200;
  /** Longest accepted record {@code id}. */
  public static final int MAX_RECORD_ID_LENGTH = 128;
  /** Longest accepted webhook URL. */
  public static final int MAX_URL_LENGTH = 2048;

  private RequestValidator() {}

  /**
   * Checks {@code request} and throws the first problem found.
   *
   * @param maxRecords the most records a job of this type may hold
   * @throws dev.bulkestate.core.ValidationException for a missing or invalid field
   * @throws dev.bulkestate.core.PayloadTooLargeException ({@code BATCH_TOO_LARGE}) for too many records
   */
  public static void validate(JobRequest<?> request, int maxRecords) {
    if (request == null) {
      throw invalid("body", "A request body is required");
    }
    String field = request.type().recordsField();
    List<? extends InputRecord> records = request.records();
    if (records == null || records.isEmpty()) {
      throw invalid(field, "At least one record is required");
    }
    if (records.size() > maxRecords) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("field", field);
      details.put("max_records", maxRecords);
      details.put("submitted_records", records.size());
      throw BulkApiException.of(new ApiError(ErrorCode.BATCH_TOO_LARGE,
          "A " + request.type() + " job takes at most " + maxRecords + " records, got " + records.size(),
          details));
    }
    if (request.jobName() != null && request.jobName().length() > MAX_JOB_NAME_LENGTH) {
      throw invalid("job_name", "job_name is longer than " + MAX_JOB_NAME_LENGTH + " characters");
    }
    checkRecordIds(field, records);
    checkWebhook(request.webhook());
    request.optionsProblem().ifPresent(problem -> {
      throw BulkApiException.of(problem);
    });
  }

  private static void checkRecordIds(String field, List<? extends InputRecord> records) {
    Map<String, Integer> seen = new HashMap<>(records.size() * 2);
    for (int i = 0; i < records.size(); i++) {
      InputRecord record = records.get(i);
      String at = field + "[" + i + "]";
      if (record == null) {
        throw invalid(at, "A record cannot be null");
      }
      String id = record.id();
      if (id == null || id.isBlank()) {
        throw invalid(at + ".id", "Every record needs a non-blank id");
      }
      if (id.length() > MAX_RECORD_ID_LENGTH) {
        throw invalid(at + ".id", "A record id is at most " + MAX_RECORD_ID_LENGTH + " characters");
      }
      Integer first = seen.putIfAbsent(id, i);
      if (first != null) {
        throw invalid(at + ".id",
            "Duplicate record id '" + id + "' (first used by " + field + "[" + first + "])");
      }
    }
  }

  /** Checks a webhook's form: an absolute http(s) URL with a host, and known event names. */
  public static void checkWebhook(Webhook webhook) {
    if (webhook == null) {
      return;
    }
    String url = webhook.url();
    if (url == null || url.isBlank()) {
      throw invalid("webhook.url", "A webhook needs a url");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw invalid("webhook.url", "The webhook url is longer than " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid("webhook.url", "The webhook url is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid("webhook.url", "The webhook url must use http or https");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw invalid("webhook.url", "The webhook url must name a host");
    }
    if (uri.getUserInfo() != null) {
      throw invalid("webhook.url", "The webhook url must not carry credentials");
    }
    List<String> events = webhook.events();
    if (events != null) {
      for (int i = 0; i < events.size(); i++) {
        String event = events.get(i);
        if (event == null || !Webhook.KNOWN_EVENTS.contains(event)) {
          throw invalid("webhook.events[" + i + "]",
              "Unknown webhook event '" + events.get(i) + "'; known: " + Webhook.KNOWN_EVENTS);
        }
      }
    }
  }

  /** A {@code VALIDATION_ERROR} naming {@code field}. */
  public static BulkApiException invalid(String field, String message) {
    return BulkApiException.of(ApiError.field(ErrorCode.VALIDATION_ERROR, message, field, message));
  }

  /** A {@code VALIDATION_ERROR} naming {@code field}, as a value. */
  static ApiError problem(String field, String message) {
    return ApiError.field(ErrorCode.VALIDATION_ERROR, message, field, message);
  }
}
