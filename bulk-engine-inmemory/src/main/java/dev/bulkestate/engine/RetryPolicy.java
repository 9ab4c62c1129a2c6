package dev.bulkestate.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How a record whose processor throws {@link dev.bulkestate.core.spi.TransientProcessingException}
 * is retried: at most {@code maxAttempts} calls in all, waiting {@code initialBackoff} before the
 * second, multiplied by {@code multiplier} each time, never more than {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier,
    Duration maxBackoff) {

  /** Three attempts, 50 ms then 100 ms apart. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(50), 2.0, Duration.ofSeconds(2));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoffs must not be negative");
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
    }
  }

  /** No retry: a transient failure fails the record at once. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);
  }

  /** The wait before attempt {@code attempt} (2 for the first retry). */
  public Duration backoffBefore(int attempt) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 2));
    return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
  }
}
