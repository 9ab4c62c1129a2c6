package dev.bulkestate.server;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request as {@link ApiHandler} sees it, independent of the server that received it
 * (Jetty through Javalin, or MockWebServer through {@code EngineDispatcher}).
 *
 * @param method the HTTP method, upper case
 * @param rawPath the path as sent, still percent-encoded (no query)
 * @param rawQuery the query string as sent, still percent-encoded, or null
 * @param headers the headers; names are looked up case-insensitively
 * @param contentLength the declared body length, or -1 when unknown (chunked)
 * @param body the body, read at most up to the handler's limit; never null
 */
public record ApiRequest(
    String method, String rawPath, String rawQuery, Map<String, String> headers,
    long contentLength, InputStream body) {

  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach((name, value) -> {
        if (name != null && value != null) {
          copy.putIfAbsent(name, value);
        }
      });
    }
    headers = java.util.Collections.unmodifiableMap(copy);
    method = method.toUpperCase(Locale.ROOT);
    body = body == null ? InputStream.nullInputStream() : body;
  }

  /** The first value of header {@code name}, or null. */
  public String header(String name) {
    return headers.get(name);
  }
}
