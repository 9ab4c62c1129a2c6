package dev.bulkestate.core.jobs;

import static dev.bulkestate.core.jobs.FakeBulkApi.job;
import static dev.bulkestate.core.jobs.FakeTime.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.NotFoundException;
import dev.bulkestate.core.Pagination;
import dev.bulkestate.core.RateLimitException;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ServerException;
import dev.bulkestate.core.webhook.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class JobHandleTest {
  private static final String ID = "job_abc123";
  private static final PollPolicy NO_JITTER = new PollPolicy(Duration.ofSeconds(1),
      Duration.ofSeconds(30), 1.5, 0.0);

  private final FakeBulkApi api = new FakeBulkApi();
  private final FakeTime time = new FakeTime();

  private JobHandle.Builder handle(PollPolicy policy) {
    return JobHandle.builder(api, ID).pollPolicy(policy).clock(time).sleeper(time)
        .jitterSource(() -> 0.0);
  }

  private static Job processed(int processed) {
    return new Job(ID, null, null, JobStatus.PROCESSING, null, null, null,
        dev.bulkestate.core.Progress.of(10, processed, 0, 0), null, null, null, null, null, null,
        null, null);
  }

  @Test
  void waitsWithExponentialBackoffUntilCompleted() {
    api.jobs = FakeBulkApi.script(() -> List.of(job(ID, JobStatus.QUEUED), processed(3),
        processed(6), job(ID, JobStatus.COMPLETED)));
    List<Job> seen = new ArrayList<>();
    Job done = handle(NO_JITTER).onProgress(seen::add).build().await(Duration.ofMinutes(1));
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(time.waits).isEqualTo(seconds(1, 1.5, 2.25));
    assertThat(api.jobReads.get()).isEqualTo(4);
    assertThat(seen).extracting(Job::status).containsExactly(JobStatus.QUEUED, JobStatus.PROCESSING,
        JobStatus.PROCESSING, JobStatus.COMPLETED);
  }

  @Test
  void theIntervalStopsGrowingAtTheMaximum() {
    api.jobs = n -> n < 7 ? processed(n) : job(ID, JobStatus.COMPLETED);
    handle(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, 0.0)).build()
        .await(Duration.ofHours(1));
    assertThat(time.waits).isEqualTo(seconds(1, 2, 4, 5, 5, 5, 5));
  }

  @Test
  void jitterShortensEachWaitByTheDrawnFraction() {
    api.jobs = n -> n < 4 ? processed(n) : job(ID, JobStatus.COMPLETED);
    double[] draws = {0.0, 0.5, 0.999, 0.2};
    int[] next = {0};
    handle(new PollPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), 2.0, 0.5))
        .jitterSource(() -> draws[next[0]++]).build().await(Duration.ofHours(1));
    // base 2, 4, 8, 16 s; each times (1 - 0.5 * draw)
    assertThat(time.waits).isEqualTo(List.of(Duration.ofMillis(2000), Duration.ofMillis(3000),
        Duration.ofMillis(4004), Duration.ofMillis(14400)));
  }

  @Test
  void aSeededRandomGivesRepeatableWaitsWithinTheJitterBand() {
    List<List<Duration>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      FakeBulkApi fresh = new FakeBulkApi();
      FakeTime clock = new FakeTime();
      fresh.jobs = n -> n < 5 ? processed(n) : job(ID, JobStatus.COMPLETED);
      JobHandle.builder(fresh, ID).pollPolicy(PollPolicy.DEFAULT).clock(clock).sleeper(clock)
          .random(new Random(42)).build().await(Duration.ofHours(1));
      runs.add(clock.waits);
    }
    assertThat(runs.get(0)).isEqualTo(runs.get(1)).hasSize(5);
    double[] bases = {1000, 1500, 2250, 3375, 5062.5};
    for (int i = 0; i < bases.length; i++) {
      assertThat(runs.get(0).get(i).toMillis()).as("wait %d", i)
          .isBetween(Math.round(bases[i] * 0.8), Math.round(bases[i]));
    }
  }

  @Test
  void failedAndCancelledJobsEndTheWaitAtOnce() {
    api.jobs = n -> job(ID, JobStatus.FAILED);
    Job failed = handle(NO_JITTER).build().await(Duration.ofMinutes(1));
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(time.waits).isEmpty();

    FakeBulkApi other = new FakeBulkApi();
    other.jobs = FakeBulkApi.script(() -> List.of(processed(1), job(ID, JobStatus.CANCELLED)));
    Job cancelled = JobHandle.builder(other, ID).pollPolicy(NO_JITTER).clock(time).sleeper(time)
        .build().await(Duration.ofMinutes(1));
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(time.waits).isEqualTo(seconds(1));
    assertThat(other.jobReads.get()).isEqualTo(2);
  }

  @Test
  void aJobThatNeverFinishesTimesOutWithItsLastSnapshot() {
    api.jobs = n -> processed(n);
    JobHandle handle = handle(new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.0))
        .build();
    assertThatThrownBy(() -> handle.await(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(JobTimeoutException.class, e -> {
          assertThat(e.jobId()).isEqualTo(ID);
          assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(e.lastSnapshot()).contains(processed(4));
          assertThat(e.getMessage()).contains(ID).contains("processing");
        });
    // 1 + 2 + 4 s, then the rest of the 10 s, and one last poll at the deadline.
    assertThat(time.waits).isEqualTo(seconds(1, 2, 4, 3));
    assertThat(api.jobReads.get()).isEqualTo(5);
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aZeroTimeoutPollsOnce() {
    api.jobs = n -> processed(0);
    assertThatThrownBy(() -> handle(NO_JITTER).build().await(Duration.ZERO))
        .isInstanceOf(JobTimeoutException.class);
    assertThat(api.jobReads.get()).isEqualTo(1);
    assertThat(time.waits).isEmpty();
    api.jobs = n -> job(ID, JobStatus.COMPLETED);
    assertThat(handle(NO_JITTER).build().await(Duration.ZERO).status()).isEqualTo(JobStatus.COMPLETED);
    assertThatThrownBy(() -> handle(NO_JITTER).build().await(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBuildersTimeoutIsTheDefaultOfAwait() {
    api.jobs = n -> processed(0);
    JobHandle handle = handle(NO_JITTER).timeout(Duration.ofSeconds(3)).build();
    assertThatThrownBy(handle::await).isInstanceOfSatisfying(JobTimeoutException.class,
        e -> assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(3)));
    assertThat(time.waits).isEqualTo(seconds(1, 1.5, 0.5));
  }

  @Test
  void rateLimitRetryAfterIsHonouredWhenLongerThanTheBackoff() {
    api.jobs = n -> switch (n) {
      case 1 -> throw new RateLimitException(ApiError.of(ErrorCode.RATE_LIMITED, "slow"), null,
          Duration.ofSeconds(7));
      case 2 -> throw new RateLimitException(ApiError.of(ErrorCode.RATE_LIMITED, "slow"), null,
          Duration.ofMillis(100));
      case 3 -> throw new RateLimitException(ApiError.of(ErrorCode.RATE_LIMITED, "slow"), null, null);
      case 5 -> job(ID, JobStatus.COMPLETED);
      default -> processed(n);
    };
    handle(NO_JITTER).build().await(Duration.ofMinutes(5));
    // 7 s asked for beats the 1.5 s backoff; 0.1 s does not beat 2.25 s; no hint: backoff.
    assertThat(time.waits).isEqualTo(seconds(1, 7, 2.25, 3.375, 5.0625));
  }

  @Test
  void serverErrorsArePolledThroughAndOtherErrorsEndTheWait() {
    api.jobs = n -> {
      if (n == 1) {
        throw new ServerException(503, ApiError.of(ErrorCode.INTERNAL_ERROR, "busy"), null);
      }
      return n < 3 ? processed(n) : job(ID, JobStatus.COMPLETED);
    };
    assertThat(handle(NO_JITTER).build().await(Duration.ofMinutes(1)).status())
        .isEqualTo(JobStatus.COMPLETED);
    assertThat(time.waits).isEqualTo(seconds(1, 1.5, 2.25));

    FakeBulkApi missing = new FakeBulkApi();
    missing.jobs = n -> {
      throw BulkApiException.of(ApiError.of(ErrorCode.JOB_NOT_FOUND, "gone"));
    };
    assertThatThrownBy(() -> JobHandle.builder(missing, ID).clock(time).sleeper(time).build()
        .await(Duration.ofMinutes(1))).isInstanceOf(NotFoundException.class);
    assertThat(missing.jobReads.get()).isEqualTo(1);
  }

  @Test
  void aFarEstimatedCompletionStretchesTheWaitUpToTheMaximum() {
    Instant farAway = FakeTime.START.plus(Duration.ofMinutes(10));
    Instant soon = FakeTime.START.plus(Duration.ofSeconds(36));
    api.jobs = n -> switch (n) {
      case 0 -> job(ID, JobStatus.PROCESSING, farAway); // wait capped at the max, 30 s
      case 1 -> job(ID, JobStatus.PROCESSING, soon);    // ETA 6 s away beats 1.5 s
      case 2 -> job(ID, JobStatus.PROCESSING, soon);    // ETA passed: backoff 2.25 s
      case 3 -> job(ID, JobStatus.PROCESSING, null);    // no ETA: backoff 3.375 s
      default -> job(ID, JobStatus.COMPLETED);
    };
    handle(NO_JITTER).build().await(Duration.ofMinutes(5));
    assertThat(time.waits).isEqualTo(seconds(30, 6, 2.25, 3.375));
  }

  @Test
  void theProgressListenerHearsOnlyNewSnapshotsAndMayThrow() {
    api.jobs = FakeBulkApi.script(() -> List.of(processed(1), processed(1), processed(2),
        processed(2), job(ID, JobStatus.COMPLETED)));
    List<Integer> seen = new ArrayList<>();
    JobHandle handle = handle(NO_JITTER).onProgress(job -> {
      seen.add(job.progress() == null ? -1 : job.progress().processed());
      throw new IllegalStateException("listener bug");
    }).build();
    assertThat(handle.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(seen).containsExactly(1, 2, -1);
    assertThat(api.jobReads.get()).isEqualTo(5);
    assertThat(handle.lastSnapshot()).contains(job(ID, JobStatus.COMPLETED));
  }

  private static WebhookEvent completedEvent(String jobId) {
    return new WebhookEvent.JobCompleted("job_completed", jobId, FakeTime.START, 5L,
        new WebhookEvent.JobCompleted.Data(JobStatus.COMPLETED, null, "u"));
  }

  @Test
  void aWebhookSignalEndsTheCurrentWaitAndOneMoreReadEndsTheJob() {
    boolean[] finished = {false};
    api.jobs = n -> finished[0] ? job(ID, JobStatus.COMPLETED) : processed(n);
    JobHandle handle = handle(new PollPolicy(Duration.ofMinutes(1), Duration.ofMinutes(10), 2.0, 0.0))
        .build();
    time.duringSleep = n -> {
      if (n == 1) {
        finished[0] = true;
        assertThat(handle.signal(completedEvent("job_other"))).isFalse();
        assertThat(handle.signal(new WebhookEvent.ProgressUpdate("progress_update", ID, null, 1L,
            null))).isFalse();
        assertThat(handle.signal(completedEvent(ID))).isTrue();
      }
    };
    assertThat(handle.await(Duration.ofHours(1)).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(time.waits).isEqualTo(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2)));
    assertThat(time.wokenEarly).containsExactly(false, true);
    assertThat(api.jobReads.get()).isEqualTo(3);
    assertThat(time.elapsed()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aJobFailedSignalWakesTooAndASignalBeforeTheWaitDoesNotCauseABusyLoop() {
    api.jobs = n -> n < 3 ? processed(n) : job(ID, JobStatus.FAILED);
    JobHandle handle = handle(NO_JITTER).build();
    // Delivered before anyone waits: the first poll reads the job anyway, so it wakes nothing later.
    assertThat(handle.signal(new WebhookEvent.JobFailed("job_failed", ID, null, null, null))).isTrue();
    assertThat(handle.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.FAILED);
    assertThat(time.wokenEarly).containsExactly(false, false, false);
    assertThat(time.waits).isEqualTo(seconds(1, 1.5, 2.25));
  }

  @Test
  void aSignalWakesARealWaitOnAnotherThread() throws Exception {
    CountDownLatch firstRead = new CountDownLatch(1);
    boolean[] finished = {false};
    api.jobs = n -> {
      Job answer;
      synchronized (finished) {
        answer = finished[0] ? job(ID, JobStatus.COMPLETED) : processed(n);
      }
      firstRead.countDown(); // only after the answer is fixed: the first read must see "processing"
      return answer;
    };
    // Real clock and sleeper; the first wait would be an hour without the signal.
    JobHandle handle = JobHandle.builder(api, ID)
        .pollPolicy(new PollPolicy(Duration.ofHours(1), Duration.ofHours(1), 1.0, 0.0)).build();
    CompletableFuture<Job> future = handle.awaitAsync();
    assertThat(firstRead.await(5, TimeUnit.SECONDS)).isTrue();
    synchronized (finished) {
      finished[0] = true;
    }
    handle.signal(completedEvent(ID));
    assertThat(future.get(5, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(api.jobReads.get()).isEqualTo(2);
  }

  @Test
  void awaitAsyncRunsOnTheGivenExecutorAndReportsTimeouts() throws Exception {
    api.jobs = FakeBulkApi.script(() -> List.of(processed(1), job(ID, JobStatus.COMPLETED)));
    List<Runnable> ran = new ArrayList<>();
    Executor direct = task -> {
      ran.add(task);
      task.run();
    };
    CompletableFuture<Job> done = handle(NO_JITTER).build().awaitAsync(Duration.ofMinutes(1), direct);
    assertThat(done).isCompleted();
    assertThat(done.get().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(ran).hasSize(1);

    FakeBulkApi never = new FakeBulkApi();
    never.jobs = n -> processed(n);
    CompletableFuture<Job> late = JobHandle.builder(never, ID).pollPolicy(NO_JITTER).clock(time)
        .sleeper(time).build().awaitAsync(Duration.ofSeconds(2), direct);
    assertThatThrownBy(late::get).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(JobTimeoutException.class);

    CompletableFuture<Job> rejected = handle(NO_JITTER).build().awaitAsync(Duration.ofMinutes(1),
        task -> {
          throw new java.util.concurrent.RejectedExecutionException("full");
        });
    assertThat(rejected).isCompletedExceptionally();
  }

  @Test
  void cancellingTheFutureStopsThePolling() throws Exception {
    CountDownLatch firstRead = new CountDownLatch(1);
    api.jobs = n -> {
      firstRead.countDown();
      return processed(n);
    };
    CountDownLatch stopped = new CountDownLatch(1);
    Executor thread = task -> {
      Thread t = new Thread(() -> {
        try {
          task.run();
        } finally {
          stopped.countDown();
        }
      });
      t.setDaemon(true);
      t.start();
    };
    JobHandle handle = JobHandle.builder(api, ID)
        .pollPolicy(new PollPolicy(Duration.ofHours(1), Duration.ofHours(1), 1.0, 0.0)).build();
    CompletableFuture<Job> future = handle.awaitAsync(Duration.ofHours(2), thread);
    assertThat(firstRead.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(future.cancel(true)).isTrue();
    assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(api.jobReads.get()).isEqualTo(1);
  }

  @Test
  void anInterruptedWaitThrowsCancellationAndKeepsTheInterruptFlag() {
    api.jobs = n -> processed(n);
    JobHandle handle = handle(NO_JITTER).sleeper((duration, wakeup) -> {
      throw new InterruptedException();
    }).build();
    try {
      assertThatThrownBy(() -> handle.await(Duration.ofMinutes(1)))
          .isInstanceOf(CancellationException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void createdFromAcceptanceReadsResultsAndCancels() {
    JobAccepted accepted = new JobAccepted(ID, JobStatus.QUEUED, null, 3, null, 3L, false, null);
    api.pages = (id, query) -> {
      assertThat(id).isEqualTo(ID);
      return new ResultsPage(ID, JobStatus.COMPLETED,
          List.of(RecordResult.success("r" + query.page(), null)),
          new Pagination(query.page(), query.limit(), 2, query.page() < 2), null, null);
    };
    JobHandle handle = JobHandle.of(api, accepted);
    assertThat(handle.jobId()).isEqualTo(ID);
    assertThat(handle.lastSnapshot()).isEmpty();
    Iterator<RecordResult> results = handle.results().iterator();
    assertThat(results.next().id()).isEqualTo("r1");
    assertThat(results.next().id()).isEqualTo("r2");
    assertThat(results.hasNext()).isFalse();
    assertThat(handle.cancel().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(handle.lastSnapshot().map(Job::status)).contains(JobStatus.CANCELLED);
    assertThatThrownBy(() -> JobHandle.of(api, " ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pollPolicyRejectsNonsense() {
    assertThatThrownBy(() -> new PollPolicy(Duration.ZERO, Duration.ofSeconds(1), 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PollPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Arrays.asList(PollPolicy.DEFAULT.backoff(0), PollPolicy.DEFAULT.backoff(100)))
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  @Test
  void theSystemSleeperEndsAtTheDurationOrAtTheWakeUp() throws Exception {
    assertThat(Sleeper.system().sleep(Duration.ofMillis(1), Wakeup.never())).isFalse();
    assertThat(Wakeup.never().isWoken()).isFalse();
    WakeSignal signal = new WakeSignal();
    Wakeup before = signal.next();
    signal.fire();
    Wakeup after = signal.next();
    assertThat(before.isWoken()).isTrue();
    assertThat(Sleeper.system().sleep(Duration.ofHours(1), before)).isTrue();
    assertThat(after.isWoken()).isFalse();
    assertThat(Sleeper.system().sleep(Duration.ofMillis(1), after)).isFalse();
  }
}
