package dev.bulkestate.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.Envelope;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.json.BulkJson;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an error answer into the {@link BulkApiException} that fits it. The API's own envelope gives
 * its code, message and details; anything else (an HTML page from a proxy, an empty or truncated
 * body) still gives a typed exception with the HTTP status, a code chosen from the status and a
 * message that describes the body without quoting it.
 */
final class ErrorResponses {
  /** The code of an answer that is not the API's error envelope and whose status says nothing more. */
  static final String UNEXPECTED_RESPONSE = "UNEXPECTED_RESPONSE";

  private ErrorResponses() {}

  static BulkApiException toException(int status, byte[] body, String contentType,
      String requestId, Duration retryAfter) {
    ApiError error = envelopeError(body);
    if (error == null) {
      error = notAnEnvelope(status, body, contentType);
    }
    return BulkApiException.of(status, error, requestId, retryAfter);
  }

  /** The error of a body that is our error envelope, or null. */
  private static ApiError envelopeError(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode tree = BulkJson.mapper().readTree(body);
      if (tree == null || !tree.isObject() || !Envelope.ERROR.equals(tree.path("status").asText())
          || !tree.path("error").path("code").isTextual()) {
        return null;
      }
      return BulkJson.mapper().treeToValue(tree.get("error"), ApiError.class);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static ApiError notAnEnvelope(int status, byte[] body, String contentType) {
    String code;
    if (status >= 500) {
      code = ErrorCode.INTERNAL_ERROR;
    } else if (status == 429) {
      code = ErrorCode.RATE_LIMITED;
    } else if (status == 401 || status == 403) {
      code = ErrorCode.UNAUTHORIZED;
    } else {
      code = UNEXPECTED_RESPONSE;
    }
    String what = body.length == 0
        ? "an empty body"
        : "a " + body.length + "-byte " + (contentType == null ? "untyped" : contentType) + " body";
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("http_status", status);
    if (contentType != null) {
      details.put("content_type", contentType);
    }
    details.put("body_bytes", body.length);
    return new ApiError(code,
        "HTTP " + status + " answered with " + what + " instead of an API error envelope", details);
  }

  /** The exception for a 2xx answer whose body cannot be read as the expected envelope. */
  static BulkApiException unreadableSuccess(int status, String what, String requestId) {
    return new BulkApiException(status, ApiError.of(UNEXPECTED_RESPONSE,
        "HTTP " + status + " answered with a body that is not " + what), requestId);
  }
}
