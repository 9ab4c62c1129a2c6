package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.addresses;
import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.ConflictException;
import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.QuotaExceededException;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsQuery;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CreditsAndIdempotencyTest {
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

  /** One worker, chunks of 5; ids ending in 2 fail; "a6" waits for the gate. */
  private InMemoryBulkEngine.Builder builder() {
    return InMemoryBulkEngine.builder()
        .clock(new TestSupport.MutableClock())
        .workerThreads(1)
        .chunkSize(5)
        .defaultCredits(0)
        .processor(new FnProcessor(JobType.ADDRESS_VERIFICATION, r -> {
          if (r.id().equals("a6")) {
            entered.countDown();
            EngineBasicsTest.await(gate);
          }
          if (r.id().endsWith("2")) {
            return RecordResult.failed(r.id(), ApiError.of(ErrorCode.PROPERTY_NOT_FOUND, "no"));
          }
          return RecordResult.success(r.id(), Map.of("echo", r.id()));
        }, true));
  }

  @Test
  void quotaExceededReportsRequiredAndAvailableCreditsAndReservesNothing() {
    engine = builder().build();
    engine.setCredits("default", 5);
    assertThatThrownBy(() -> engine.submit(addresses("a", 10)))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
          assertThat(e.requiredCredits()).isEqualTo(10);
          assertThat(e.availableCredits()).isEqualTo(5);
          assertThat(e.httpStatus()).isEqualTo(402);
        });
    assertThat(engine.availableCredits("default")).isEqualTo(5);
    assertThat(engine.listJobs(JobListQuery.first()).jobs()).isEmpty();
    assertThat(engine.waitingRecords()).isZero();
  }

  @Test
  void reservesAtSubmissionChargesPerSuccessOnceAndReleasesTheRestAtTheEnd() throws Exception {
    engine = builder().price(JobType.ADDRESS_VERIFICATION, 2).build();
    engine.setCredits("default", 100);
    JobAccepted accepted = engine.submit(addresses("a", 12));
    assertThat(accepted.creditsEstimated()).isEqualTo(24);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    // Chunk 1 (a1..a5) is done: a2 failed (free), 4 successes charged 2 each.
    CreditUsage mid = engine.usage();
    assertThat(mid.availableCredits()).isEqualTo(76);
    assertThat(mid.reservedCredits()).isEqualTo(16);
    assertThat(mid.usedCredits()).isEqualTo(8);
    assertThat(engine.getJob(accepted.jobId()).creditsUsed()).isEqualTo(8);
    gate.countDown();
    Job job = awaitFinished(engine, accepted.jobId());
    // a2 and a12 failed: 10 successes.
    assertThat(job.creditsUsed()).isEqualTo(20);
    CreditUsage end = engine.usage();
    assertThat(end.availableCredits()).isEqualTo(80);
    assertThat(end.reservedCredits()).isZero();
    assertThat(end.usedCredits()).isEqualTo(20);
    assertThat(engine.getResults(accepted.jobId(), ResultsQuery.first()).summary().totalCreditsUsed())
        .isEqualTo(20);
  }

  @Test
  void sameIdempotencyKeyAndBodyGiveTheSameJobAnotherBodyIsAConflict() {
    gate.countDown();
    engine = builder().build();
    engine.setCredits("default", 100);
    RequestOptions key = RequestOptions.idempotencyKey("key-1");
    JobAccepted first = engine.submit(addresses("a", 3), key);
    JobAccepted again = engine.submit(addresses("a", 3), key);
    assertThat(again.jobId()).isEqualTo(first.jobId());
    assertThat(again.creditsEstimated()).isEqualTo(3);
    assertThatThrownBy(() -> engine.submit(addresses("a", 4), key))
        .isInstanceOfSatisfying(ConflictException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT);
          assertThat(e.httpStatus()).isEqualTo(409);
        });
    awaitFinished(engine, first.jobId());
    // After the job finished the key still answers with it, and nothing was reserved twice.
    assertThat(engine.submit(addresses("a", 3), key).jobId()).isEqualTo(first.jobId());
    assertThat(engine.listJobs(JobListQuery.first()).jobs()).hasSize(1);
    assertThat(engine.availableCredits("default")).isEqualTo(98);
    // Keys are scoped per API key: another key's same idempotency key is a new job.
    BulkApi other = engine.forApiKey("other");
    engine.setCredits("other", 10);
    assertThat(other.submit(addresses("a", 3), key).jobId()).isNotEqualTo(first.jobId());
  }

  @Test
  void cachedResultsAreMarkedAndNotChargedByDefault() {
    gate.countDown();
    engine = builder().resultCache(100, java.time.Duration.ofHours(1)).build();
    engine.setCredits("default", 100);
    String first = engine.submit(addresses("a", 3)).jobId();
    awaitFinished(engine, first);
    String second = engine.submit(addresses("a", 3).withRecords(java.util.List.of(
        dev.bulkestate.core.request.AddressInput.of("x1", "1 Main St", "Austin", "TX", "78701"),
        dev.bulkestate.core.request.AddressInput.of("x3", "3 Main St", "Austin", "TX", "78701")))).jobId();
    Job job = awaitFinished(engine, second);
    var results = engine.getResults(second, ResultsQuery.first()).results();
    assertThat(results).extracting(RecordResult::id).containsExactly("x1", "x3");
    assertThat(results).extracting(RecordResult::cached).containsExactly(true, true);
    assertThat(results.get(0).data()).isEqualTo(Map.of("echo", "a1"));
    assertThat(job.creditsUsed()).isZero();
    assertThat(engine.availableCredits("default")).isEqualTo(98);
  }

  @Test
  void cachedResultsAreChargedWhenConfigured() {
    gate.countDown();
    engine = builder().resultCache(100, java.time.Duration.ofHours(1)).chargeCachedResults(true).build();
    engine.setCredits("default", 100);
    awaitFinished(engine, engine.submit(addresses("a", 3)).jobId());
    Job job = awaitFinished(engine, engine.submit(addresses("b", 3)).jobId());
    assertThat(engine.getResults(job.jobId(), ResultsQuery.first()).results())
        .extracting(RecordResult::cached).containsExactly(true, null, true);
    assertThat(job.creditsUsed()).isEqualTo(2);
    assertThat(engine.availableCredits("default")).isEqualTo(96);
  }
}
