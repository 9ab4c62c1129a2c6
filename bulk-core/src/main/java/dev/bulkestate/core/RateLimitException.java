package dev.bulkestate.core;

import java.time.Duration;
import java.util.Optional;

/** 429: too much work is waiting; retry after {@link #retryAfter()}. */
public class RateLimitException extends BulkApiException {
  private final Duration retryAfter;

  public RateLimitException(ApiError error, String requestId, Duration retryAfter) {
    super(429, error, requestId);
    this.retryAfter = retryAfter;
  }

  /** The server's hint ({@code Retry-After}), if it gave one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
