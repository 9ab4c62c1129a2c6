package dev.bulkestate.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Per-call options: an idempotency key for a submission, and for HTTP clients a timeout, a retry
 * count and extra headers. An in-process engine honours the idempotency key and ignores the rest.
 *
 * @param idempotencyKey same key and same body give the same job back; null for none
 * @param timeout the whole call's timeout, or null for the client's default
 * @param maxRetries retries of this call, or null for the client's default
 * @param headers extra HTTP headers
 */
public record RequestOptions(String idempotencyKey, Duration timeout, Integer maxRetries,
    Map<String, String> headers) {

  private static final RequestOptions NONE = new RequestOptions(null, null, null, Map.of());

  public RequestOptions {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    if (maxRetries != null && maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  public static RequestOptions none() {
    return NONE;
  }

  public static RequestOptions idempotencyKey(String key) {
    return new RequestOptions(Objects.requireNonNull(key, "key"), null, null, Map.of());
  }

  public RequestOptions withIdempotencyKey(String key) {
    return new RequestOptions(key, timeout, maxRetries, headers);
  }

  public RequestOptions withTimeout(Duration newTimeout) {
    return new RequestOptions(idempotencyKey, newTimeout, maxRetries, headers);
  }

  public RequestOptions withMaxRetries(int retries) {
    return new RequestOptions(idempotencyKey, timeout, retries, headers);
  }

  public RequestOptions withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new RequestOptions(idempotencyKey, timeout, maxRetries, more);
  }
}
