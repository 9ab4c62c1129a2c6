package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.addresses;
import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.ConflictException;
import dev.bulkestate.core.CreditEstimate;
import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.NotFoundException;
import dev.bulkestate.core.PayloadTooLargeException;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.ResultsSummary;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.ValidationException;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EngineBasicsTest {
  private final TestSupport.MutableClock clock = new TestSupport.MutableClock();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private InMemoryBulkEngine engine;

  private InMemoryBulkEngine.Builder builder() {
    return InMemoryBulkEngine.builder()
        .clock(clock)
        .workerThreads(2)
        .chunkSize(10)
        .defaultCredits(1_000)
        .processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
          if (failing.contains(r.id())) {
            return RecordResult.failed(r.id(), ApiError.of(ErrorCode.PROPERTY_NOT_FOUND, "Not found"));
          }
          if (r.id().equals("a7")) {
            return RecordResult.partial(r.id(), Map.of("echo", r.id()), List.of("ZIP not verified"));
          }
          return RecordResult.success(r.id(), Map.of("echo", r.id()));
        }))
        .processor(FnProcessor.noop(JobType.SKIP_TRACE));
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void processesAJobIntoResultsInInputOrderWithPagesFilterAndSummary() {
    engine = builder().build();
    failing.add("a5");
    JobAccepted accepted = engine.submit(addresses("a", 25));
    assertThat(accepted.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(accepted.totalRecords()).isEqualTo(25);
    assertThat(accepted.creditsEstimated()).isEqualTo(25);
    assertThat(accepted.webhookConfigured()).isFalse();
    assertThat(accepted.createdAt()).isEqualTo(TestSupport.T0);

    Job job = awaitFinished(engine, accepted.jobId());
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.progress().processed()).isEqualTo(25);
    assertThat(job.progress().successful()).isEqualTo(23);
    assertThat(job.progress().partial()).isEqualTo(1);
    assertThat(job.progress().failed()).isEqualTo(1);
    assertThat(job.progress().percentComplete()).isEqualTo(100);
    assertThat(job.creditsUsed()).isEqualTo(24);
    assertThat(job.estimatedCompletion()).isNull();
    assertThat(engine.availableCredits("default")).isEqualTo(1_000 - 24);

    ResultsPage first = engine.getResults(accepted.jobId(), ResultsQuery.page(1, 10));
    assertThat(first.results()).extracting(RecordResult::id)
        .containsExactly("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10");
    assertThat(first.hasMore()).isTrue();
    assertThat(first.pagination().totalResults()).isEqualTo(25);
    ResultsPage last = engine.getResults(accepted.jobId(), ResultsQuery.page(3, 10));
    assertThat(last.results()).extracting(RecordResult::id)
        .containsExactly("a21", "a22", "a23", "a24", "a25");
    assertThat(last.hasMore()).isFalse();
    assertThat(last.summary()).isEqualTo(new ResultsSummary(25, 23, 1, 0.92, 24L, 1));

    ResultsPage failed = engine.getResults(accepted.jobId(),
        ResultsQuery.first().withStatus(RecordStatus.FAILED));
    assertThat(failed.results()).extracting(RecordResult::id).containsExactly("a5");
    assertThat(failed.results().get(0).error().code()).isEqualTo(ErrorCode.PROPERTY_NOT_FOUND);
    assertThat(failed.pagination().totalResults()).isEqualTo(1);
    assertThat(engine.getResults(accepted.jobId(), ResultsQuery.page(4, 10)).results()).isEmpty();
  }

  @Test
  void aRecordWithoutIdentifierFailsOnItsOwnAndCostsNothing() {
    engine = builder().build();
    AddressVerificationRequest request = new AddressVerificationRequest(null, List.of(
        AddressInput.of("ok", "1 Main St", null, null, "78701"),
        AddressInput.of("bad", null, "Austin", "TX", null)), null, null);
    JobAccepted accepted = engine.submit(request);
    assertThat(accepted.creditsEstimated()).isEqualTo(1);
    Job job = awaitFinished(engine, accepted.jobId());
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.creditsUsed()).isEqualTo(1);
    RecordResult bad = engine.getResults(accepted.jobId(), ResultsQuery.first()).results().get(1);
    assertThat(bad.status()).isEqualTo(RecordStatus.FAILED);
    assertThat(bad.error().code()).isEqualTo(ErrorCode.INVALID_ADDRESS);
    assertThat(bad.error().details()).containsEntry("field", "street");
  }

  @Test
  void jobLevelErrorsNameTheFieldAndReserveNothing() {
    engine = builder().maxRecords(JobType.ADDRESS_VERIFICATION, 5).defaultProcessors(false).build();
    assertThatThrownBy(() -> engine.submit(new AddressVerificationRequest(null, List.of(), null, null)))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
          assertThat(e.field()).isEqualTo("addresses");
        });
    assertThatThrownBy(() -> engine.submit(addresses("a", 6)))
        .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE);
          assertThat(e.error().details()).containsEntry("max_records", 5);
        });
    AddressVerificationRequest dup = new AddressVerificationRequest(null, List.of(
        AddressInput.of("x", "1 Main St", null, null, null),
        AddressInput.of("x", "2 Main St", null, null, null)), null, null);
    assertThatThrownBy(() -> engine.submit(dup))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("addresses[1].id"));
    assertThatThrownBy(() -> engine.submit(addresses("v", 1).withRecords(null)))
        .isInstanceOf(ValidationException.class);
    // A type without a processor is refused, naming the field.
    assertThatThrownBy(() -> engine.submit(new dev.bulkestate.core.request.ValuationsRequest(
        null, List.of(dev.bulkestate.core.request.PropertyRef.byPropertyId("v1", "P1")), null, null)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("type"));
    assertThat(engine.availableCredits("default")).isEqualTo(1_000);
    assertThat(engine.listJobs(JobListQuery.first()).jobs()).isEmpty();
    assertThat(engine.waitingRecords()).isZero();
  }

  @Test
  void aJobIsVisibleOnlyToItsKey() {
    engine = builder().build();
    BulkApi alice = engine.forApiKey("alice");
    BulkApi bob = engine.forApiKey("bob");
    String id = alice.submit(addresses("a", 3)).jobId();
    awaitFinished(engine, "alice", id);
    assertThat(alice.getJob(id).status()).isEqualTo(JobStatus.COMPLETED);
    for (Runnable call : List.<Runnable>of(() -> bob.getJob(id),
        () -> bob.getResults(id, ResultsQuery.first()), () -> bob.cancel(id),
        () -> bob.getResultsCsv(id, ResultsQuery.first()), () -> bob.retryFailed(id, null),
        () -> engine.getJob(id))) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(NotFoundException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_NOT_FOUND));
    }
    assertThat(bob.listJobs(JobListQuery.first()).jobs()).isEmpty();
    assertThat(alice.listJobs(JobListQuery.first()).jobs()).extracting(Job::jobId).containsExactly(id);
    assertThat(engine.availableCredits("alice")).isEqualTo(997);
    assertThat(engine.availableCredits("bob")).isEqualTo(1_000);
  }

  @Test
  void listsJobsNewestFirstWithAStatusFilter() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    engine = builder().workerThreads(1)
        .processor(FnProcessor.of(JobType.SKIP_TRACE, r -> {
          await(gate);
          return RecordResult.success(r.id(), Map.of());
        })).build();
    String a = engine.submit(addresses("a", 2)).jobId();
    awaitFinished(engine, a);
    clock.advance(Duration.ofSeconds(1));
    String b = engine.submit(addresses("b", 2)).jobId();
    awaitFinished(engine, b);
    String c = engine.submit(new SkipTraceRequest(null,
        List.of(SkipTraceRecord.byPhone("p1", "2145550123")), null, null)).jobId();
    assertThat(engine.listJobs(JobListQuery.first()).jobs()).extracting(Job::jobId)
        .containsExactly(c, b, a);
    assertThat(engine.listJobs(JobListQuery.first().withStatus(JobStatus.COMPLETED)).jobs())
        .extracting(Job::jobId).containsExactly(b, a);
    var paged = engine.listJobs(new JobListQuery(2, 2, null));
    assertThat(paged.jobs()).extracting(Job::jobId).containsExactly(a);
    assertThat(paged.pagination().hasMore()).isFalse();
    assertThat(paged.pagination().totalResults()).isEqualTo(3);
    gate.countDown();
    awaitFinished(engine, c);
  }

  @Test
  void writesResultsAsRfc4180Csv() {
    engine = builder().processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> switch (r.id()) {
      case "a1" -> RecordResult.success("a1", Map.of("line", "1 Main St, \"Suite\" 2"));
      case "a2" -> RecordResult.partial("a2", Map.of("zip", "78701"), List.of("ZIP only", "no, unit"));
      default -> RecordResult.failed(r.id(), ApiError.of(ErrorCode.INVALID_ADDRESS, "Address\nformat"));
    })).build();
    String id = engine.submit(addresses("a", 3)).jobId();
    awaitFinished(engine, id);
    assertThat(engine.getResultsCsv(id, ResultsQuery.first())).isEqualTo(
        "id,status,error_code,error_message,warnings,data,cached\r\n"
            + "a1,success,,,,\"{\"\"line\"\":\"\"1 Main St, \\\"\"Suite\\\"\" 2\"\"}\",\r\n"
            + "a2,partial,,,\"ZIP only; no, unit\",\"{\"\"zip\"\":\"\"78701\"\"}\",\r\n"
            + "a3,failed,INVALID_ADDRESS,\"Address\nformat\",,,\r\n");
  }

  @Test
  void estimatesCountValidInvalidAndDuplicateRecordsAndChargeNothing() {
    engine = builder().price(JobType.ADDRESS_VERIFICATION, 3).build();
    AddressVerificationRequest request = new AddressVerificationRequest(null, List.of(
        AddressInput.of("a1", "1 Main St", "Austin", "TX", "78701"),
        AddressInput.of("a2", "1  MAIN st", "austin", "TX", "78701"),
        AddressInput.of("a3", "2 Main St", "Austin", "TX", "78701"),
        AddressInput.of("a4", "1 Main St", "Austin", "TX", "78701"),
        AddressInput.of("a5", null, "Austin", "TX", "78701")), null, null);
    CreditEstimate estimate = engine.estimate(request);
    assertThat(estimate).isEqualTo(
        new CreditEstimate(JobType.ADDRESS_VERIFICATION, 5, 4, 1, 2, 12L, 1_000L));
    assertThat(engine.availableCredits("default")).isEqualTo(1_000);
    assertThat(engine.listJobs(JobListQuery.first()).jobs()).isEmpty();
  }

  @Test
  void syncSkipTraceAnswersInTheCallAndCharges() {
    engine = builder().build();
    SkipTraceRequest request = new SkipTraceRequest(null, List.of(
        SkipTraceRecord.byPhone("lead1", "214-555-0123"),
        new SkipTraceRecord("lead2", null, null, null, null),
        SkipTraceRecord.byPropertyAddress("lead3", "123 Oak St, Dallas, TX 75201")), null, null);
    SyncSkipTraceResponse response = engine.skipTraceSync(request);
    assertThat(response.results()).extracting(RecordResult::id).containsExactly("lead1", "lead2", "lead3");
    assertThat(response.results().get(1).error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(response.summary()).isEqualTo(new SyncSkipTraceResponse.Summary(3, 2, 0, 1, 2L));
    assertThat(engine.availableCredits("default")).isEqualTo(998);
    assertThat(engine.usage().usage()).containsExactly(
        new CreditUsage.Entry(LocalDate.of(2026, 3, 1), JobType.SKIP_TRACE, 2L, 2));
    List<SkipTraceRecord> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add(SkipTraceRecord.byPhone("p" + i, "2145550123"));
    }
    assertThatThrownBy(() -> engine.skipTraceSync(new SkipTraceRequest(null, many, null, null)))
        .isInstanceOfSatisfying(PayloadTooLargeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE));
  }

  @Test
  void retriesTheFailedRecordsOfAFinishedJobAsANewLinkedJob() throws Exception {
    engine = builder().build();
    failing.addAll(List.of("a2", "a4"));
    String first = engine.submit(addresses("a", 5)).jobId();
    awaitFinished(engine, first);
    failing.clear();
    JobAccepted retry = engine.retryFailed(first, null);
    assertThat(retry.totalRecords()).isEqualTo(2);
    Job job = awaitFinished(engine, retry.jobId());
    assertThat(job.retryOf()).isEqualTo(first);
    assertThat(job.progress().successful()).isEqualTo(2);
    assertThat(engine.getResults(retry.jobId(), ResultsQuery.first()).results())
        .extracting(RecordResult::id).containsExactly("a2", "a4");
    assertThatThrownBy(() -> engine.retryFailed(retry.jobId(), null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("job_id"));
    assertThat(engine.availableCredits("default")).isEqualTo(1_000 - 3 - 2);
  }

  @Test
  void retryOfARunningJobIsAConflict() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    engine = builder().processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
      await(gate);
      return RecordResult.success(r.id(), Map.of());
    })).build();
    String id = engine.submit(addresses("a", 2)).jobId();
    assertThatThrownBy(() -> engine.retryFailed(id, null))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_NOT_FINISHED));
    gate.countDown();
    awaitFinished(engine, id);
  }

  @Test
  void usageIsReportedByDayAndJobType() {
    engine = builder().build();
    awaitFinished(engine, engine.submit(addresses("a", 3)).jobId());
    clock.advance(Duration.ofDays(1));
    awaitFinished(engine, engine.submit(addresses("b", 2)).jobId());
    engine.skipTraceSync(new SkipTraceRequest(null,
        List.of(SkipTraceRecord.byPhone("p", "2145550123")), null, null));
    CreditUsage usage = engine.usage();
    assertThat(usage.usedCredits()).isEqualTo(6);
    assertThat(usage.availableCredits()).isEqualTo(994);
    assertThat(usage.reservedCredits()).isZero();
    assertThat(usage.usage()).containsExactly(
        new CreditUsage.Entry(LocalDate.of(2026, 3, 1), JobType.ADDRESS_VERIFICATION, 3L, 3),
        new CreditUsage.Entry(LocalDate.of(2026, 3, 2), JobType.ADDRESS_VERIFICATION, 2L, 2),
        new CreditUsage.Entry(LocalDate.of(2026, 3, 2), JobType.SKIP_TRACE, 1L, 1));
    assertThat(engine.usage("default")).isEqualTo(usage);
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate not opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
