package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.addresses;
import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.PayloadTooLargeException;
import dev.bulkestate.core.RateLimitException;
import dev.bulkestate.core.RecordResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SchedulingTest {
  private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch gate = new CountDownLatch(1);
  private InMemoryBulkEngine engine;

  @AfterEach
  void close() {
    gate.countDown();
    if (engine != null) {
      engine.close();
    }
  }

  /** One worker; record big1 waits for the gate so submissions line up before work starts. */
  private InMemoryBulkEngine.Builder builder() {
    return InMemoryBulkEngine.builder()
        .clock(new TestSupport.MutableClock())
        .workerThreads(1)
        .chunkSize(100)
        .recordTimeout(null)
        .processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
          if (r.id().equals("big1")) {
            entered.countDown();
            EngineBasicsTest.await(gate);
          }
          order.add(r.id());
          return RecordResult.success(r.id(), Map.of());
        }));
  }

  @Test
  void aSmallJobBehindALargeOneOfTheSameKeyFinishesAfterAtMostTwoOfItsChunks() throws Exception {
    engine = builder().build();
    String big = engine.submit(addresses("big", 10_000)).jobId();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    String small = engine.submit(addresses("small", 10)).jobId();
    gate.countDown();
    awaitFinished(engine, small);
    awaitFinished(engine, big);
    int lastSmall = order.indexOf("small10");
    // Chunk 1 of the large job was in flight; the round robin gives chunk 2 to the large job at
    // most once more before the small job's only chunk.
    assertThat(lastSmall).isLessThan(310);
    assertThat(order).hasSize(10_010);
  }

  @Test
  void chunksRotateAcrossApiKeys() throws Exception {
    engine = builder().build();
    BulkApi alice = engine.forApiKey("alice");
    BulkApi bob = engine.forApiKey("bob");
    String a1 = alice.submit(addresses("big", 1_000)).jobId();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    String a2 = alice.submit(addresses("alice2-", 1_000)).jobId();
    String b = bob.submit(addresses("bob", 200)).jobId();
    gate.countDown();
    awaitFinished(engine, "bob", b);
    awaitFinished(engine, "alice", a1);
    awaitFinished(engine, "alice", a2);
    // Keys alternate: alice (a1 chunk 2 or a2), bob, alice, bob: bob's 200 records end by about
    // the fourth chunk after the one in flight.
    assertThat(order.indexOf("bob200")).isLessThan(600);
  }

  @Test
  void submissionsPastTheWaitingBoundAreRefusedAndHoldNothing() throws Exception {
    engine = builder().maxWaitingRecords(1_000).defaultCredits(10_000).build();
    String first = engine.submit(addresses("big", 500)).jobId();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    List<String> accepted = new ArrayList<>(List.of(first));
    for (int i = 0; i < 5; i++) {
      accepted.add(engine.submit(addresses("j" + i + "-", 100)).jobId());
    }
    assertThat(engine.waitingRecords()).isEqualTo(1_000);
    long available = engine.availableCredits("default");
    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> engine.submit(addresses("over", 1)))
          .isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
          });
    }
    // Nothing refused was kept: no job, no reservation, no waiting records.
    assertThat(engine.waitingRecords()).isEqualTo(1_000);
    assertThat(engine.availableCredits("default")).isEqualTo(available);
    assertThat(engine.listJobs(JobListQuery.first()).jobs()).hasSize(6);
    gate.countDown();
    for (String id : accepted) {
      assertThat(awaitFinished(engine, id).status()).isEqualTo(JobStatus.COMPLETED);
    }
    assertThat(engine.waitingRecords()).isZero();
    assertThat(engine.submit(addresses("later", 1_000)).totalRecords()).isEqualTo(1_000);
  }

  @Test
  void aJobLargerThanTheWaitingBoundIsTooLargeNotRateLimited() {
    engine = builder().maxWaitingRecords(1_000).defaultCredits(10_000).build();
    // Retrying could never help, so the answer is 413 with the bound, not 429.
    assertThatThrownBy(() -> engine.submit(addresses("huge", 1_001)))
        .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE);
          assertThat(e.error().details()).containsEntry("max_records", 1_000);
        });
    assertThat(engine.waitingRecords()).isZero();
  }
}
