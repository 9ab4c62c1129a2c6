package dev.bulkestate.server;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer {@link ApiHandler} gives to an {@link ApiRequest}: a status, headers and a body,
 * written out as they are by whichever server adapter received the request.
 *
 * @param status the HTTP status
 * @param headers response headers, including {@code Content-Type} and {@code X-Request-Id}
 * @param body the body bytes (JSON envelope or CSV)
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {

  public ApiResponse {
    headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body == null ? new byte[0] : body;
  }

  /** The value of header {@code name} (exact case as set by the handler), or null. */
  public String header(String name) {
    for (Map.Entry<String, String> entry : headers.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
