package dev.bulkestate.core.jobs;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.RateLimitException;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.ServerException;
import dev.bulkestate.core.webhook.WebhookEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A submitted job to wait for and read, written against {@link BulkApi} so it works the same over
 * HTTP and in-process.
 *
 * <p>{@link #await(Duration)} polls {@link BulkApi#getJob} until the job is completed, failed or
 * cancelled, and returns that last snapshot: a failed or cancelled job ends the wait at once and is
 * returned, not thrown; the caller reads {@link Job#status()}. Between polls it backs off per its
 * {@link PollPolicy}, waits at least as long as a {@link RateLimitException#retryAfter()} asks, and
 * when the job reports an {@code estimated_completion} further away than the next wait it waits
 * until then, up to the policy's maximum. The total timeout is separate from any per-request
 * timeout; when it passes, a {@link JobTimeoutException} carries the last snapshot.
 *
 * <p>A webhook makes waiting nearly free: hand each verified event to {@link #signal} and a
 * waiting {@code await} wakes at once and reads the job one more time for the authoritative
 * state.
 *
 * <p>Thread-safe; several threads may wait on one handle.
 */
public final class JobHandle {
  private static final Logger LOG = LoggerFactory.getLogger(JobHandle.class);

  /** The total wait of {@link #await()} unless the builder sets another. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  private final BulkApi api;
  private final String jobId;
  private final PollPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier jitterSource;
  private final Duration defaultTimeout;
  private final Consumer<? super Job> progressListener;
  private final WakeSignal wakeSignal = new WakeSignal();
  private Job last;

  private JobHandle(Builder builder) {
    this.api = builder.api;
    this.jobId = builder.jobId;
    this.policy = builder.policy;
    this.clock = builder.clock;
    this.sleeper = builder.sleeper;
    this.jitterSource = builder.jitterSource;
    this.defaultTimeout = builder.timeout;
    this.progressListener = builder.progressListener;
  }

  /** A handle with the default policy, system clock and sleeper, and no progress listener. */
  public static JobHandle of(BulkApi api, String jobId) {
    return builder(api, jobId).build();
  }

  /** A handle on the job a submission accepted. */
  public static JobHandle of(BulkApi api, JobAccepted accepted) {
    return builder(api, accepted).build();
  }

  public static Builder builder(BulkApi api, String jobId) {
    return new Builder(api, jobId);
  }

  public static Builder builder(BulkApi api, JobAccepted accepted) {
    return new Builder(api, Objects.requireNonNull(accepted, "accepted").jobId());
  }

  public String jobId() {
    return jobId;
  }

  /** The last state read by this handle, if any. */
  public synchronized Optional<Job> lastSnapshot() {
    return Optional.ofNullable(last);
  }

  /** Reads the job once ({@code GET /bulk/jobs/{id}}) and tells the listener when it changed. */
  public Job refresh() {
    Job job = Objects.requireNonNull(api.getJob(jobId), "getJob returned null");
    boolean changed;
    synchronized (this) {
      changed = !job.equals(last);
      last = job;
    }
    if (changed && progressListener != null) {
      try {
        progressListener.accept(job);
      } catch (RuntimeException e) {
        // A faulty listener must not end the wait for a job that is still running.
        LOG.warn("Progress listener of job {} threw; waiting goes on", jobId, e);
      }
    }
    return job;
  }

  /** Waits for the job to end, at most the builder's timeout ({@link #DEFAULT_TIMEOUT} unless set). */
  public Job await() {
    return await(defaultTimeout);
  }

  /**
   * Waits until the job is completed, failed or cancelled, and returns its final state.
   *
   * @param timeout the total time to wait, across all polls
   * @throws JobTimeoutException when the job has not ended within {@code timeout}
   * @throws CancellationException when the waiting thread is interrupted (its interrupt flag is set)
   * @throws dev.bulkestate.core.BulkApiException when reading the job fails other than with a
   *     rate limit or a server error (those are retried until the timeout)
   */
  public Job await(Duration timeout) {
    return awaitUntil(checkTimeout(timeout), () -> false);
  }

  /** {@link #await()} on a new daemon thread. Cancelling the future stops the polling. */
  public CompletableFuture<Job> awaitAsync() {
    return awaitAsync(defaultTimeout, JobHandle::daemonThread);
  }

  /**
   * {@link #await(Duration)} run by {@code executor}. The future completes with the final job, or
   * exceptionally with a {@link JobTimeoutException} or the API's error; cancelling it stops the
   * polling.
   */
  public CompletableFuture<Job> awaitAsync(Duration timeout, Executor executor) {
    Duration total = checkTimeout(timeout);
    Objects.requireNonNull(executor, "executor");
    AtomicBoolean cancelled = new AtomicBoolean();
    CompletableFuture<Job> future = new CompletableFuture<>();
    future.whenComplete((job, error) -> {
      if (future.isCancelled()) {
        cancelled.set(true);
        wakeSignal.fire();
      }
    });
    try {
      executor.execute(() -> {
        try {
          future.complete(awaitUntil(total, cancelled::get));
        } catch (Throwable t) {
          future.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(e);
    }
    return future;
  }

  /**
   * Hands a (verified) webhook event to this handle: {@code job_completed} or {@code job_failed}
   * of this job wakes every waiting {@code await}, which reads the job once more.
   *
   * @return true when the event woke the waits; false for other events and other jobs
   */
  public boolean signal(WebhookEvent event) {
    if (event == null || !jobId.equals(event.jobId())) {
      return false;
    }
    if (event instanceof WebhookEvent.JobCompleted || event instanceof WebhookEvent.JobFailed) {
      wakeSignal.fire();
      return true;
    }
    return false;
  }

  /** Wakes every waiting {@code await} to poll now, e.g. on a notification from another channel. */
  public void wakeUp() {
    wakeSignal.fire();
  }

  /** Cancels the job ({@link BulkApi#cancel}) and records the answer as the last snapshot. */
  public Job cancel() {
    Job job = api.cancel(jobId);
    synchronized (this) {
      last = job;
    }
    return job;
  }

  /** Every result of the job, 100 per page, read lazily. */
  public AutoPagingResults results() {
    return results(ResultsQuery.first());
  }

  /** The job's results from {@code query}'s page on, with its limit and status filter on every page. */
  public AutoPagingResults results(ResultsQuery query) {
    return AutoPagingResults.of(api, jobId, query);
  }

  private Job awaitUntil(Duration timeout, BooleanSupplier cancelled) {
    Instant deadline = plusSaturating(clock.instant(), timeout);
    for (int attempt = 0; ; attempt++) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("Stopped waiting for job " + jobId);
      }
      // Taken before the poll, so an event that arrives while the poll runs still ends the next wait.
      Wakeup wakeup = wakeSignal.next();
      Duration serverHint = null;
      try {
        Job job = refresh();
        if (job.isFinished()) {
          return job;
        }
      } catch (RateLimitException e) {
        serverHint = e.retryAfter().orElse(null);
        LOG.debug("Polling job {} was rate limited; retry after {}", jobId, serverHint);
      } catch (ServerException e) {
        LOG.debug("Polling job {} failed with {}; will poll again", jobId, e.httpStatus());
      }
      Instant now = clock.instant();
      Duration left = Duration.between(now, deadline);
      if (left.isNegative() || left.isZero()) {
        throw new JobTimeoutException(jobId, timeout, lastSnapshot().orElse(null));
      }
      Duration wait = nextWait(attempt, serverHint, now);
      if (wait.compareTo(left) > 0) {
        wait = left;
      }
      try {
        sleeper.sleep(wait, wakeup);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        CancellationException cancel =
            new CancellationException("Interrupted while waiting for job " + jobId);
        cancel.initCause(e);
        throw cancel;
      }
    }
  }

  /** The wait after poll number {@code attempt}: backoff, stretched towards the ETA, jittered. */
  private Duration nextWait(int attempt, Duration serverHint, Instant now) {
    Duration base = policy.backoff(attempt);
    Job job = lastSnapshot().orElse(null);
    if (job != null && job.estimatedCompletion() != null) {
      Duration untilEta = Duration.between(now, job.estimatedCompletion());
      if (untilEta.compareTo(base) > 0) {
        base = untilEta.compareTo(policy.maxInterval()) > 0 ? policy.maxInterval() : untilEta;
      }
    }
    Duration wait = policy.jittered(base, jitterSource.getAsDouble());
    if (serverHint != null && serverHint.compareTo(wait) > 0) {
      wait = serverHint;
    }
    return wait;
  }

  private static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
    return timeout;
  }

  private static Instant plusSaturating(Instant start, Duration amount) {
    try {
      return start.plus(amount);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Instant.MAX;
    }
  }

  private static void daemonThread(Runnable task) {
    Thread thread = new Thread(task, "bulkestate-job-await");
    thread.setDaemon(true);
    thread.start();
  }

  /** Builds a {@link JobHandle}. */
  public static final class Builder {
    private final BulkApi api;
    private final String jobId;
    private PollPolicy policy = PollPolicy.DEFAULT;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private DoubleSupplier jitterSource = () -> ThreadLocalRandom.current().nextDouble();
    private Duration timeout = DEFAULT_TIMEOUT;
    private Consumer<? super Job> progressListener;

    private Builder(BulkApi api, String jobId) {
      this.api = Objects.requireNonNull(api, "api");
      this.jobId = Objects.requireNonNull(jobId, "jobId");
      if (jobId.isBlank()) {
        throw new IllegalArgumentException("jobId must not be blank");
      }
    }

    public Builder pollPolicy(PollPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Where the jitter's random numbers come from: each call gives a value in [0, 1). */
    public Builder jitterSource(DoubleSupplier jitterSource) {
      this.jitterSource = Objects.requireNonNull(jitterSource, "jitterSource");
      return this;
    }

    /** Jitter from {@code random} (seed it for repeatable waits). */
    public Builder random(Random random) {
      Objects.requireNonNull(random, "random");
      return jitterSource(random::nextDouble);
    }

    /** The total wait of {@link JobHandle#await()} and {@link JobHandle#awaitAsync()}. */
    public Builder timeout(Duration timeout) {
      this.timeout = checkTimeout(timeout);
      return this;
    }

    /** Called with each new snapshot of the job (not called again for an unchanged one). */
    public Builder onProgress(Consumer<? super Job> listener) {
      this.progressListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public JobHandle build() {
      return new JobHandle(this);
    }
  }
}
