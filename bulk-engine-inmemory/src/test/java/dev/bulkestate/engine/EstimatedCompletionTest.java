package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.addresses;
import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EstimatedCompletionTest {
  @Test
  void theEstimateFollowsTheMeasuredThroughputAndCountersMoveEveryChunk() throws Exception {
    TestSupport.MutableClock clock = new TestSupport.MutableClock();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.builder().defaultProcessors(false)
        .clock(clock).workerThreads(1).chunkSize(10)
        .processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
          if (r.id().equals("a11")) {
            entered.countDown();
            EngineBasicsTest.await(gate);
          }
          // Each record takes 10 ms of the test's clock: 100 records per second.
          clock.advance(Duration.ofMillis(10));
          return RecordResult.success(r.id(), Map.of());
        })).build()) {
      String id = engine.submit(addresses("a", 30)).jobId();
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      Job mid = engine.getJob(id);
      assertThat(mid.progress().processed()).isEqualTo(10);
      assertThat(mid.progress().percentComplete()).isEqualTo(33);
      assertThat(mid.startedAt()).isEqualTo(TestSupport.T0);
      // 20 records left at 100 records/s: 200 ms after now (T0 + 100 ms).
      assertThat(mid.estimatedCompletion()).isEqualTo(TestSupport.T0.plusMillis(300));
      assertThat(mid.lastUpdated()).isEqualTo(TestSupport.T0.plusMillis(100));
      gate.countDown();
      Job done = awaitFinished(engine, id);
      assertThat(done.estimatedCompletion()).isNull();
      assertThat(done.completedAt()).isEqualTo(TestSupport.T0.plusMillis(300));
    }
  }
}
