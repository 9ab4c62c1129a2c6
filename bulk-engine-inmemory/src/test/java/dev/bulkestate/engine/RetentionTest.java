package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.addresses;
import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.NotFoundException;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsQuery;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RetentionTest {
  private final TestSupport.FakeTicker ticker = new TestSupport.FakeTicker();
  private InMemoryBulkEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private InMemoryBulkEngine.Builder builder() {
    return InMemoryBulkEngine.builder()
        .clock(new TestSupport.MutableClock())
        .ticker(ticker)
        .workerThreads(1)
        .processor(FnProcessor.noop(JobType.ADDRESS_VERIFICATION));
  }

  private static void assertGone(InMemoryBulkEngine engine, String id) {
    assertThatThrownBy(() -> engine.getJob(id)).isInstanceOfSatisfying(NotFoundException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_NOT_FOUND));
    assertThatThrownBy(() -> engine.getResults(id, ResultsQuery.first()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void finishedJobsExpireAfterTheRetentionPeriod() {
    engine = builder().build();
    String id = engine.submit(addresses("a", 3), RequestOptions.idempotencyKey("k")).jobId();
    awaitFinished(engine, id);
    ticker.advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(engine.getJob(id).jobId()).isEqualTo(id);
    assertThat(engine.retainedRecords()).isEqualTo(3);
    ticker.advance(Duration.ofSeconds(1));
    assertGone(engine, id);
    assertThat(engine.listJobs(JobListQuery.first()).jobs()).isEmpty();
    assertThat(engine.retainedRecords()).isZero();
    // The idempotency key went with the job: the same request is a new job now.
    assertThat(engine.submit(addresses("a", 3), RequestOptions.idempotencyKey("k")).jobId())
        .isNotEqualTo(id);
  }

  @Test
  void runningJobsDoNotExpire() throws Exception {
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    engine = builder().retention(Duration.ofMinutes(1))
        .processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
          EngineBasicsTest.await(gate);
          return dev.bulkestate.core.RecordResult.success(r.id(), java.util.Map.of());
        })).build();
    String id = engine.submit(addresses("a", 2)).jobId();
    ticker.advance(Duration.ofHours(1));
    assertThat(engine.getJob(id).isFinished()).isFalse();
    gate.countDown();
    Job job = awaitFinished(engine, id);
    assertThat(job.progress().successful()).isEqualTo(2);
    ticker.advance(Duration.ofMinutes(1));
    assertGone(engine, id);
  }

  @Test
  void pastTheRecordBoundTheOldestFinishedJobsGoFirst() {
    engine = builder().maxRetainedRecords(25).build();
    String a = engine.submit(addresses("a", 10)).jobId();
    awaitFinished(engine, a);
    String b = engine.submit(addresses("b", 10)).jobId();
    awaitFinished(engine, b);
    assertThat(engine.retainedRecords()).isEqualTo(20);
    String c = engine.submit(addresses("c", 10)).jobId();
    awaitFinished(engine, c);
    assertGone(engine, a);
    assertThat(engine.getJob(b).jobId()).isEqualTo(b);
    assertThat(engine.getJob(c).jobId()).isEqualTo(c);
    assertThat(engine.retainedRecords()).isEqualTo(20);
  }
}
