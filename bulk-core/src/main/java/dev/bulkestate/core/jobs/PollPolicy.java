package dev.bulkestate.core.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * The waits between polls of a job: exponential backoff from {@code initialInterval} by
 * {@code multiplier} up to {@code maxInterval}, each wait shortened by a random part of up to
 * {@code jitter} (a fraction in [0, 1)) so many waiting clients do not poll in step.
 *
 * <p>The n-th wait (from 0) is {@code min(max, initial * multiplier^n) * (1 - jitter * r)}, with
 * {@code r} uniform in [0, 1). A wait never exceeds {@code maxInterval}, except to honour a
 * server's {@code Retry-After}.
 *
 * @param initialInterval the first wait
 * @param maxInterval the longest wait
 * @param multiplier growth per poll, at least 1
 * @param jitter the largest fraction taken off a wait, in [0, 1)
 */
public record PollPolicy(Duration initialInterval, Duration maxInterval, double multiplier,
    double jitter) {

  /** 1 s, growing by 1.5 per poll up to 30 s, with up to 20 % jitter. */
  public static final PollPolicy DEFAULT =
      new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 1.5, 0.2);

  public PollPolicy {
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    if (initialInterval.isNegative() || initialInterval.isZero()) {
      throw new IllegalArgumentException("initialInterval must be positive");
    }
    if (maxInterval.compareTo(initialInterval) < 0) {
      throw new IllegalArgumentException("maxInterval must be at least initialInterval");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be a finite number >= 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
  }

  /** The same policy with another jitter (0 for exact, repeatable waits). */
  public PollPolicy withJitter(double newJitter) {
    return new PollPolicy(initialInterval, maxInterval, multiplier, newJitter);
  }

  /** The wait before poll number {@code attempt + 1}, before jitter. */
  Duration backoff(int attempt) {
    double millis = initialInterval.toMillis() * Math.pow(multiplier, attempt);
    long max = maxInterval.toMillis();
    return Duration.ofMillis(millis >= max ? max : Math.round(millis));
  }

  /** {@code base} shortened by the jitter fraction times {@code random} (in [0, 1)). */
  Duration jittered(Duration base, double random) {
    if (jitter == 0.0) {
      return base;
    }
    return Duration.ofMillis(Math.round(base.toMillis() * (1.0 - jitter * random)));
  }
}
