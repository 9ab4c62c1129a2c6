package dev.bulkestate.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the engine delivers webhooks.
 *
 * @param retrySchedule the waits before each retry; {@code 1 + size} attempts in all
 * @param jitter each wait varies by up to this fraction either way (0..1)
 * @param maxRetryAfter the longest {@code Retry-After} honoured; longer hints are cut to it
 * @param connectTimeout connect timeout of one attempt
 * @param callTimeout whole-call timeout of one attempt (a receiver slower than this is retried)
 * @param progressInterval at most one {@code progress_update} per job per interval
 * @param allowPrivateDestinations allow private, loopback and link-local receivers (local use, tests)
 * @param maxQueuedDeliveries deliveries waiting at once; past it the oldest {@code progress_update}
 *     (then other non-final events) are dropped; {@code job_completed}/{@code job_failed} never are
 * @param deliveryThreads threads that send; never the processing threads
 * @param circuitBreakerThreshold consecutive attempts without an HTTP answer (refused, timeout,
 *     reset, unresolvable) after which a URL's deliveries are held until its next retry time and
 *     then probed one at a time; while held, queued {@code progress_update} and
 *     {@code batch_completed} events of a job are coalesced to the newest; 0 disables the breaker
 */
public record WebhookSettings(List<Duration> retrySchedule, double jitter, Duration maxRetryAfter,
    Duration connectTimeout, Duration callTimeout, Duration progressInterval,
    boolean allowPrivateDestinations, int maxQueuedDeliveries, int deliveryThreads,
    int circuitBreakerThreshold) {

  public WebhookSettings {
    retrySchedule = List.copyOf(Objects.requireNonNull(retrySchedule, "retrySchedule"));
    for (Duration wait : retrySchedule) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("retrySchedule waits must not be negative");
      }
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
    }
    requirePositive(maxRetryAfter, "maxRetryAfter");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(callTimeout, "callTimeout");
    Objects.requireNonNull(progressInterval, "progressInterval");
    if (progressInterval.isNegative()) {
      throw new IllegalArgumentException("progressInterval must not be negative");
    }
    if (maxQueuedDeliveries < 1) {
      throw new IllegalArgumentException("maxQueuedDeliveries must be >= 1");
    }
    if (deliveryThreads < 1) {
      throw new IllegalArgumentException("deliveryThreads must be >= 1");
    }
    if (circuitBreakerThreshold < 0) {
      throw new IllegalArgumentException("circuitBreakerThreshold must be >= 0 (0 disables it)");
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /**
   * Retries after 5 s, 30 s, 2 min, 10 min, 30 min and 1 h (+-20%), {@code Retry-After} up to
   * 1 h, 5 s connect and 15 s call timeouts, one progress update per 5 s, private destinations
   * refused, 10,000 queued deliveries, 2 sender threads, a URL's circuit opened after 3
   * consecutive attempts without an answer.
   */
  public static WebhookSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy with private destinations allowed or not. */
  public WebhookSettings withAllowPrivateDestinations(boolean allow) {
    return new WebhookSettings(retrySchedule, jitter, maxRetryAfter, connectTimeout, callTimeout,
        progressInterval, allow, maxQueuedDeliveries, deliveryThreads, circuitBreakerThreshold);
  }

  /** Builds {@link WebhookSettings}; every value has the default of {@link #defaults()}. */
  public static final class Builder {
    private List<Duration> retrySchedule = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1));
    private double jitter = 0.2;
    private Duration maxRetryAfter = Duration.ofHours(1);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration callTimeout = Duration.ofSeconds(15);
    private Duration progressInterval = Duration.ofSeconds(5);
    private boolean allowPrivateDestinations;
    private int maxQueuedDeliveries = 10_000;
    private int deliveryThreads = 2;
    private int circuitBreakerThreshold = 3;

    public Builder retrySchedule(List<Duration> waits) {
      this.retrySchedule = waits;
      return this;
    }

    public Builder retrySchedule(Duration... waits) {
      return retrySchedule(List.of(waits));
    }

    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    public Builder progressInterval(Duration progressInterval) {
      this.progressInterval = progressInterval;
      return this;
    }

    public Builder allowPrivateDestinations(boolean allow) {
      this.allowPrivateDestinations = allow;
      return this;
    }

    public Builder maxQueuedDeliveries(int max) {
      this.maxQueuedDeliveries = max;
      return this;
    }

    public Builder deliveryThreads(int threads) {
      this.deliveryThreads = threads;
      return this;
    }

    /** Consecutive attempts without an answer that open a URL's circuit; 0 disables it. */
    public Builder circuitBreakerThreshold(int failures) {
      this.circuitBreakerThreshold = failures;
      return this;
    }

    public WebhookSettings build() {
      return new WebhookSettings(retrySchedule, jitter, maxRetryAfter, connectTimeout, callTimeout,
          progressInterval, allowPrivateDestinations, maxQueuedDeliveries, deliveryThreads,
          circuitBreakerThreshold);
    }
  }
}
