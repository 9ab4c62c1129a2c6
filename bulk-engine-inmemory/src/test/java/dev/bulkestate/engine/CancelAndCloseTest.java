package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.addresses;
import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ConflictException;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsQuery;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CancelAndCloseTest {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch gate = new CountDownLatch(1);
  private InMemoryBulkEngine engine;

  /** One worker, chunks of 5; record a8 blocks until the gate opens. */
  private InMemoryBulkEngine engine() {
    engine = InMemoryBulkEngine.builder()
        .clock(new TestSupport.MutableClock())
        .workerThreads(1)
        .chunkSize(5)
        .defaultCredits(100)
        .processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
          if (r.id().equals("a8")) {
            entered.countDown();
            EngineBasicsTest.await(gate);
          }
          return RecordResult.success(r.id(), Map.of());
        }))
        .build();
    return engine;
  }

  @AfterEach
  void close() {
    gate.countDown();
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void cancelMidJobKeepsFinishedResultsFailsTheRestAndReleasesCredits() throws Exception {
    engine();
    String id = engine.submit(addresses("a", 20)).jobId();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(engine.getJob(id).status()).isEqualTo(JobStatus.PROCESSING);
    Job cancelled = engine.cancel(id);
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    gate.countDown();
    Job job = awaitFinished(engine, id);
    assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
    List<RecordResult> results = engine.getResults(id, ResultsQuery.first()).results();
    assertThat(results).hasSize(20);
    // a1..a7 were done before the cancel; a8 finished after it and is not kept.
    assertThat(results.subList(0, 7)).allMatch(r -> r.status().equals(RecordStatus.SUCCESS));
    assertThat(results.subList(7, 20)).allMatch(r -> r.error().code().equals(ErrorCode.JOB_CANCELLED));
    assertThat(job.creditsUsed()).isEqualTo(7);
    assertThat(engine.availableCredits("default")).isEqualTo(93);
    assertThat(engine.usage().reservedCredits()).isZero();
    assertThat(engine.waitingRecords()).isZero();
    assertThatThrownBy(() -> engine.cancel(id)).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_NOT_CANCELLABLE));
  }

  @Test
  void aQueuedJobCanBeCancelledBeforeItStarts() throws Exception {
    engine();
    String busy = engine.submit(addresses("a", 10)).jobId();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    String queued = engine.submit(addresses("b", 10)).jobId();
    assertThat(engine.getJob(queued).status()).isEqualTo(JobStatus.QUEUED);
    Job cancelled = engine.cancel(queued);
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.startedAt()).isNull();
    assertThat(cancelled.progress().failed()).isEqualTo(10);
    assertThat(cancelled.creditsUsed()).isZero();
    gate.countDown();
    assertThat(awaitFinished(engine, busy).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(engine.availableCredits("default")).isEqualTo(90);
  }

  @Test
  void cancelOfACompletedJobIsAConflict() {
    engine();
    gate.countDown();
    String id = engine.submit(addresses("a", 2)).jobId();
    awaitFinished(engine, id);
    assertThatThrownBy(() -> engine.cancel(id)).isInstanceOfSatisfying(ConflictException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_NOT_CANCELLABLE));
  }

  @Test
  void closeFinishesTheChunkInFlightCancelsTheRestAndIsIdempotent() throws Exception {
    engine();
    String id = engine.submit(addresses("a", 20)).jobId();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    Thread closer = new Thread(engine::close);
    closer.start();
    TestSupport.await("close began", engine::isClosed);
    // close() waits for the chunk in flight (a6..a10); let it finish.
    gate.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(closer.isAlive()).isFalse();
    Job job = engine.getJob(id);
    assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
    List<RecordResult> results = engine.getResults(id, ResultsQuery.first()).results();
    assertThat(results.subList(0, 10)).allMatch(r -> r.status().equals(RecordStatus.SUCCESS));
    assertThat(results.subList(10, 20)).allMatch(r -> r.error().code().equals(ErrorCode.JOB_CANCELLED));
    assertThat(job.creditsUsed()).isEqualTo(10);
    assertThat(engine.availableCredits("default")).isEqualTo(90);
    engine.close();
    assertThatThrownBy(() -> engine.submit(addresses("b", 1)))
        .isInstanceOf(IllegalStateException.class).hasMessage("The engine is closed");
  }
}
