package dev.bulkestate.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how long {@link BulkClient} waits before retrying a call that got a 408, 429 or 5xx
 * answer or an I/O error. Immutable; build one with {@link #builder()}.
 *
 * <p>The n-th retry waits {@code min(initialBackoff * multiplier^(n-1), maxBackoff)}, less a random
 * share of up to {@code jitter} of it (so many clients do not retry in step), unless the server
 * sent {@code Retry-After}: then its delay is used, capped at {@code retryAfterCap}. No retry starts
 * when the call has already taken, with the next wait, more than {@code totalBudget}.
 *
 * @param maxRetries retries after the first attempt (0 disables retrying)
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest computed wait
 * @param multiplier how much each wait grows, at least 1
 * @param jitter the share of a wait that is randomly taken off, 0..1
 * @param retryAfterCap the longest {@code Retry-After} honoured
 * @param totalBudget the longest a call may take, retries and waits included, before it gives up
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff,
    double multiplier, double jitter, Duration retryAfterCap, Duration totalBudget) {

  /** Two retries, 0.5 s doubling to at most 8 s, 25 % jitter, Retry-After up to 60 s, 2 min in all. */
  public static final RetryPolicy DEFAULT = builder().build();

  /** No retries at all. */
  public static final RetryPolicy NONE = builder().maxRetries(0).build();

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
    requireNonNegative(initialBackoff, "initialBackoff");
    requireNonNegative(maxBackoff, "maxBackoff");
    requireNonNegative(retryAfterCap, "retryAfterCap");
    requireNonNegative(totalBudget, "totalBudget");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
    }
  }

  private static void requireNonNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The wait before retry number {@code retry} (from 1).
   *
   * @param retryAfter the server's {@code Retry-After} delay, or null
   * @param random a number in [0, 1) that picks the jitter
   */
  public Duration delayBeforeRetry(int retry, Duration retryAfter, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry counts from 1");
    }
    if (retryAfter != null) {
      Duration wait = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
      return wait.compareTo(retryAfterCap) > 0 ? retryAfterCap : wait;
    }
    double base = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
    base = Math.min(base, maxBackoff.toNanos());
    double jittered = base * (1.0 - jitter * random);
    return Duration.ofMillis(Math.round(jittered / 1_000_000.0));
  }

  /** Builds a {@link RetryPolicy}; every setting is checked in {@link #build()}. */
  public static final class Builder {
    private int maxRetries = 2;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private double multiplier = 2.0;
    private double jitter = 0.25;
    private Duration retryAfterCap = Duration.ofSeconds(60);
    private Duration totalBudget = Duration.ofMinutes(2);

    private Builder() {}

    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    public Builder retryAfterCap(Duration retryAfterCap) {
      this.retryAfterCap = retryAfterCap;
      return this;
    }

    public Builder totalBudget(Duration totalBudget) {
      this.totalBudget = totalBudget;
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, multiplier, jitter,
          retryAfterCap, totalBudget);
    }
  }
}
