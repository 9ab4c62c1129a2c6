package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.addresses;
import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.spi.FatalProcessingException;
import dev.bulkestate.core.spi.TransientProcessingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProcessingFailuresTest {
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private InMemoryBulkEngine engine;

  private InMemoryBulkEngine engine(Function<dev.bulkestate.core.request.InputRecord, RecordResult> fn,
      Duration timeout) {
    engine = InMemoryBulkEngine.builder()
        .clock(new TestSupport.MutableClock())
        .workerThreads(1)
        .chunkSize(5)
        .defaultCredits(100)
        .recordTimeout(timeout)
        .retryPolicy(new RetryPolicy(4, Duration.ofMillis(100), 2.0, Duration.ofMillis(300)))
        .sleeper(waits::add)
        .processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, fn))
        .build();
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private static RecordResult ok(String id) {
    return RecordResult.success(id, Map.of("echo", id));
  }

  @Test
  void aThrowingProcessorFailsOnlyThatRecord() {
    engine(r -> {
      if (r.id().equals("a2")) {
        throw new IllegalArgumentException("boom with secret detail");
      }
      return ok(r.id());
    }, null);
    String id = engine.submit(addresses("a", 3)).jobId();
    Job job = awaitFinished(engine, id);
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    RecordResult bad = engine.getResults(id, ResultsQuery.first()).results().get(1);
    assertThat(bad.status()).isEqualTo(RecordStatus.FAILED);
    assertThat(bad.error()).isEqualTo(
        ApiError.of(ErrorCode.PROCESSING_ERROR, "Processing failed: IllegalArgumentException"));
    assertThat(job.creditsUsed()).isEqualTo(2);
    assertThat(engine.availableCredits("default")).isEqualTo(98);
  }

  @Test
  void aHangingProcessorTimesOutThatRecordAndTheJobGoesOn() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    engine(r -> {
      if (r.id().equals("a1")) {
        try {
          never.await();
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw new IllegalStateException(e);
        }
      }
      return ok(r.id());
    }, Duration.ofMillis(500));
    String id = engine.submit(addresses("a", 3)).jobId();
    Job job = awaitFinished(engine, id);
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    List<RecordResult> results = engine.getResults(id, ResultsQuery.first()).results();
    assertThat(results).extracting(RecordResult::status)
        .containsExactly(RecordStatus.FAILED, RecordStatus.SUCCESS, RecordStatus.SUCCESS);
    assertThat(results.get(0).error().code()).isEqualTo(ErrorCode.RECORD_TIMEOUT);
    assertThat(job.creditsUsed()).isEqualTo(2);
    // The hung call was interrupted, not left running.
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aRecordHangingMidChunkTimesOutAndTheRestOfTheChunkGoesOnInOrder() {
    CountDownLatch never = new CountDownLatch(1);
    engine(r -> {
      if (r.id().equals("a3")) {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        // An ill-behaved processor that answers after being interrupted: its answer is dropped.
        return ok(r.id());
      }
      return ok(r.id());
    }, Duration.ofMillis(500));
    String id = engine.submit(addresses("a", 7)).jobId();
    Job job = awaitFinished(engine, id);
    List<RecordResult> results = engine.getResults(id, ResultsQuery.first()).results();
    assertThat(results).extracting(RecordResult::id)
        .containsExactly("a1", "a2", "a3", "a4", "a5", "a6", "a7");
    assertThat(results).extracting(r -> r.status().value())
        .containsExactly("success", "success", "failed", "success", "success", "success", "success");
    assertThat(results.get(2).error().code()).isEqualTo(ErrorCode.RECORD_TIMEOUT);
    assertThat(job.progress().successful()).isEqualTo(6);
    assertThat(job.creditsUsed()).isEqualTo(6);
  }

  /** Blocks until {@code release} opens, ignoring interrupts, as a processor stuck in I/O would. */
  private static void hangIgnoringInterrupts(CountDownLatch release) {
    boolean interrupted = false;
    while (true) {
      try {
        release.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void recordsThatIgnoreInterruptsAreAbandonedAndTheWorkersReplaced() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Map<String, Thread> hung = new ConcurrentHashMap<>();
    CountDownLatch returned = new CountDownLatch(2);
    engine = InMemoryBulkEngine.builder()
        .clock(new TestSupport.MutableClock())
        .workerThreads(1)
        .chunkSize(5)
        .defaultCredits(100)
        .recordTimeout(Duration.ofMillis(300))
        .drainTimeout(Duration.ofMinutes(5))
        .processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
          // Two hangs in one chunk: the thread that took over from the first is abandoned too.
          if (r.id().equals("a2") || r.id().equals("a4")) {
            hung.put(r.id(), Thread.currentThread());
            hangIgnoringInterrupts(release);
            returned.countDown();
          }
          return ok(r.id());
        }))
        .build();
    String id = engine.submit(addresses("a", 7)).jobId();
    Job job = awaitFinished(engine, id);
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    List<RecordResult> results = engine.getResults(id, ResultsQuery.first()).results();
    assertThat(results).extracting(RecordResult::id)
        .containsExactly("a1", "a2", "a3", "a4", "a5", "a6", "a7");
    assertThat(results).extracting(r -> r.status().value())
        .containsExactly("success", "failed", "success", "failed", "success", "success", "success");
    assertThat(results.get(1).error()).isEqualTo(
        ApiError.of(ErrorCode.RECORD_TIMEOUT, "The record took longer than 300 ms"));
    assertThat(results.get(3).error().code()).isEqualTo(ErrorCode.RECORD_TIMEOUT);
    assertThat(job.creditsUsed()).isEqualTo(5);
    assertThat(hung.get("a2")).isNotSameAs(hung.get("a4"));

    // Both threads are still stuck, yet the one-worker engine still has a worker.
    String next = engine.submit(addresses("b", 3)).jobId();
    assertThat(awaitFinished(engine, next).progress().successful()).isEqualTo(3);

    // The stuck calls come back with results: they are dropped, and the threads retire.
    release.countDown();
    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
    for (Thread thread : hung.values()) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(thread.isAlive()).isFalse();
    }
    assertThat(engine.getResults(id, ResultsQuery.first()).results()).isEqualTo(results);
    assertThat(engine.getJob(id).creditsUsed()).isEqualTo(5);
    assertThat(engine.availableCredits("default")).isEqualTo(92);
    assertThat(engine.waitingRecords()).isZero();
  }

  @Test
  void closeDoesNotWaitForAnAbandonedRecord() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try {
      engine = InMemoryBulkEngine.builder()
          .clock(new TestSupport.MutableClock())
          .workerThreads(1)
          .recordTimeout(Duration.ofMillis(200))
          .drainTimeout(Duration.ofMinutes(5))
          .processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
            if (r.id().equals("a1")) {
              hangIgnoringInterrupts(release);
            }
            return ok(r.id());
          }))
          .build();
      String id = engine.submit(addresses("a", 2)).jobId();
      assertThat(awaitFinished(engine, id).progress().successful()).isEqualTo(1);
      // The drain timeout is minutes: close() returning at all shows it does not wait for a1.
      Thread closer = new Thread(engine::close);
      closer.start();
      closer.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(closer.isAlive()).isFalse();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aSyncSkipTraceAnswersATimedOutRecordWithoutWaitingForIt() {
    CountDownLatch release = new CountDownLatch(1);
    try {
      engine = InMemoryBulkEngine.builder()
          .clock(new TestSupport.MutableClock())
          .defaultCredits(100)
          .recordTimeout(Duration.ofMillis(200))
          .processor(FnProcessor.of(JobType.SKIP_TRACE, r -> {
            if (r.id().equals("lead2")) {
              hangIgnoringInterrupts(release);
            }
            return ok(r.id());
          }))
          .build();
      SyncSkipTraceResponse response = engine.skipTraceSync(new SkipTraceRequest(null, List.of(
          SkipTraceRecord.byPhone("lead1", "214-555-0123"),
          SkipTraceRecord.byPhone("lead2", "214-555-0124"),
          SkipTraceRecord.byPhone("lead3", "214-555-0125")), null, null));
      assertThat(response.results()).extracting(RecordResult::id)
          .containsExactly("lead1", "lead2", "lead3");
      assertThat(response.results()).extracting(r -> r.status().value())
          .containsExactly("success", "failed", "success");
      assertThat(response.results().get(1).error().code()).isEqualTo(ErrorCode.RECORD_TIMEOUT);
      assertThat(response.summary()).isEqualTo(new SyncSkipTraceResponse.Summary(3, 2, 0, 1, 2L));
      assertThat(engine.availableCredits("default")).isEqualTo(98);
    } finally {
      release.countDown();
    }
  }

  @Test
  void transientErrorsAreRetriedWithBackoffThenSucceed() {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    engine(r -> {
      int n = calls.computeIfAbsent(r.id(), k -> new AtomicInteger()).incrementAndGet();
      if (r.id().equals("a1") && n <= 3) {
        throw new TransientProcessingException("busy");
      }
      return ok(r.id());
    }, Duration.ofSeconds(5));
    String id = engine.submit(addresses("a", 2)).jobId();
    Job job = awaitFinished(engine, id);
    assertThat(job.progress().successful()).isEqualTo(2);
    assertThat(calls.get("a1").get()).isEqualTo(4);
    assertThat(calls.get("a2").get()).isEqualTo(1);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
  }

  @Test
  void transientErrorsPastTheAttemptsFailTheRecord() {
    AtomicInteger calls = new AtomicInteger();
    engine(r -> {
      calls.incrementAndGet();
      throw new TransientProcessingException("still busy");
    }, null);
    String id = engine.submit(addresses("a", 1)).jobId();
    Job job = awaitFinished(engine, id);
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(calls.get()).isEqualTo(4);
    assertThat(engine.getResults(id, ResultsQuery.first()).results().get(0).error()).isEqualTo(
        ApiError.of(ErrorCode.PROCESSING_ERROR, "Processing failed after 4 attempts: still busy"));
    assertThat(job.creditsUsed()).isZero();
    assertThat(engine.availableCredits("default")).isEqualTo(100);
  }

  @Test
  void aFatalErrorFailsTheJobKeepsWhatWasProcessedAndReleasesCredits() {
    engine(r -> {
      if (r.id().equals("a8")) {
        throw new FatalProcessingException("Data source is gone");
      }
      return ok(r.id());
    }, null);
    String id = engine.submit(addresses("a", 20)).jobId();
    Job job = awaitFinished(engine, id);
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.error()).isEqualTo(ApiError.of(ErrorCode.PROCESSING_ERROR, "Data source is gone"));
    assertThat(job.creditsUsed()).isEqualTo(7);
    assertThat(job.progress().successful()).isEqualTo(7);
    assertThat(job.progress().failed()).isEqualTo(13);
    List<RecordResult> results = engine.getResults(id, ResultsQuery.first()).results();
    assertThat(results).hasSize(20);
    assertThat(results.subList(0, 7)).allMatch(r -> r.status().equals(RecordStatus.SUCCESS));
    assertThat(results.subList(7, 20)).allMatch(r -> r.error().code().equals(ErrorCode.JOB_FAILED));
    assertThat(engine.availableCredits("default")).isEqualTo(93);
    assertThat(engine.usage().reservedCredits()).isZero();
    assertThat(engine.waitingRecords()).isZero();
  }

  @Test
  void aNullResultOrAForeignIdIsHandled() {
    engine(r -> r.id().equals("a1") ? null : RecordResult.success("other", Map.of()), null);
    String id = engine.submit(addresses("a", 2)).jobId();
    awaitFinished(engine, id);
    List<RecordResult> results = engine.getResults(id, ResultsQuery.first()).results();
    assertThat(results.get(0).error().code()).isEqualTo(ErrorCode.PROCESSING_ERROR);
    assertThat(results.get(1).id()).isEqualTo("a2");
  }
}
