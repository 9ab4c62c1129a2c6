package dev.bulkestate.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.ConflictException;
import dev.bulkestate.core.CreditEstimate;
import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobList;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.NotFoundException;
import dev.bulkestate.core.PayloadTooLargeException;
import dev.bulkestate.core.QuotaExceededException;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.ValidationException;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.SearchCriteria;
import dev.bulkestate.core.request.SearchQuery;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.request.Webhook;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.core.webhook.WebhookVerifier;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviours every implementation of {@link BulkApi} shares, written once. A subclass supplies
 * the API as each of three keys sees it ({@link #KEY_A}, {@link #KEY_B}, {@link #KEY_POOR}), a way
 * to set their credits, and the webhook secret; the implementation must run
 * {@link ContractProcessors} and allow loopback webhook receivers.
 *
 * <p>Run by this project against {@code InMemoryBulkEngine} directly and against
 * {@code BulkClient -> BulkServer -> InMemoryBulkEngine} over HTTP; ship-able as
 * {@code bulk-server:tests} to test another implementation the same way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class BulkApiContract {
  public static final String KEY_A = "contract_key_alpha_1111";
  public static final String KEY_B = "contract_key_beta_2222";
  public static final String KEY_POOR = "contract_key_poor_3333";
  /** The credits {@link #KEY_A} and {@link #KEY_B} get before each test. */
  public static final long RICH = 1_000_000;
  private static final Duration AWAIT = Duration.ofSeconds(20);

  /** The API as the holder of {@code apiKey} sees it. */
  protected abstract BulkApi api(String apiKey);

  /** Sets {@code apiKey}'s credit balance. */
  protected abstract void setCredits(String apiKey, long credits);

  /** The secret the implementation signs webhooks with. */
  protected abstract WebhookSecret webhookSecret();

  private MockWebServer receiver;

  @BeforeEach
  void resetBalances() {
    ContractProcessors.release();
    setCredits(KEY_A, RICH);
    setCredits(KEY_B, RICH);
    setCredits(KEY_POOR, 5);
  }

  @AfterEach
  void releaseHeldRecords() {
    ContractProcessors.release();
    if (receiver != null) {
      receiver.close();
    }
  }

  // ---- submission of each type --------------------------------------------------------------

  @Test
  void eachJobTypeRunsToCompletionWithResultsInInputOrder() {
    BulkApi api = api(KEY_A);
    List<JobRequest<?>> requests = List.of(
        PropertySearchRequest.builder().jobName("search")
            .add(new SearchQuery("s1", SearchCriteria.zip("78701"), 5))
            .add(new SearchQuery("s2", SearchCriteria.zip("75201"), null)).build(),
        PropertyDetailsRequest.builder().jobName("details")
            .add(PropertyRef.byAddress("p1", "123 Main St, Austin, TX 78701"))
            .add(PropertyRef.byPropertyId("p2", "PROP123456"))
            .add(PropertyRef.byApn("p3", "456-789-012", "Travis", "TX")).build(),
        SkipTraceRequest.builder().jobName("skip")
            .add(SkipTraceRecord.byPropertyAddress("lead1", "123 Oak St, Dallas, TX 75201"))
            .add(SkipTraceRecord.byPhone("lead3", "214-555-0123")).build(),
        AddressVerificationRequest.builder().jobName("verify")
            .add(AddressInput.of("addr1", "123 Main Street", "Austin", "TX", "78701"))
            .add(AddressInput.full("addr2", "456 Oak Ave, Dallas, TX 75201")).build(),
        ValuationsRequest.builder().jobName("values")
            .add(PropertyRef.byAddress("val1", "123 Main St, Austin, TX 78701"))
            .add(PropertyRef.byPropertyId("val2", "PROP123456")).build());
    for (JobRequest<?> request : requests) {
      JobAccepted accepted = api.submit(request);
      int n = request.records().size();
      assertThat(accepted.jobId()).as(request.type().value()).isNotBlank();
      // The spec shows "queued"; a fast implementation may already be further along.
      assertThat(accepted.status()).isIn(JobStatus.QUEUED, JobStatus.PROCESSING, JobStatus.COMPLETED);
      assertThat(accepted.totalRecords()).isEqualTo(n);
      assertThat(accepted.creditsEstimated()).isEqualTo(n);
      assertThat(accepted.webhookConfigured()).isFalse();
      assertThat(accepted.createdAt()).isNotNull();

      Job job = awaitFinished(api, accepted.jobId());
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(job.jobType()).isEqualTo(request.type());
      assertThat(job.jobName()).isEqualTo(request.jobName());
      assertThat(job.progress().processed()).isEqualTo(n);
      assertThat(job.progress().successful()).isEqualTo(n);
      assertThat(job.progress().percentComplete()).isEqualTo(100);
      assertThat(job.creditsUsed()).isEqualTo(n);

      ResultsPage page = api.getResults(accepted.jobId(), ResultsQuery.first());
      assertThat(page.results()).extracting(RecordResult::id)
          .containsExactlyElementsOf(request.records().stream().map(r -> r.id()).toList());
      assertThat(page.results()).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo(RecordStatus.SUCCESS);
        assertThat(r.dataAs(Map.class)).containsEntry("echo", r.id())
            .containsEntry("type", request.type().value());
      });
      assertThat(page.summary().totalRecords()).isEqualTo(n);
      assertThat(page.summary().successful()).isEqualTo(n);
      assertThat(page.summary().failed()).isZero();
    }
  }

  @Test
  void recordsWithoutAUsableIdentifierFailAloneAndCostNothing() {
    BulkApi api = api(KEY_A);
    PropertyDetailsRequest request = PropertyDetailsRequest.builder()
        .add(PropertyRef.byPropertyId("ok1", "PROP1"))
        .add(new PropertyRef("empty", null, null, null, null, null))
        .add(PropertyRef.byApn("apn-no-county", "456-789-012", null, "TX"))
        .add(PropertyRef.byPropertyId("fail-missing", "PROP404"))
        .add(PropertyRef.byPropertyId("partial-1", "PROP2")).build();
    JobAccepted accepted = api.submit(request);
    Job job = awaitFinished(api, accepted.jobId());
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.progress().successful()).isEqualTo(1);
    assertThat(job.progress().partial()).isEqualTo(1);
    assertThat(job.progress().failed()).isEqualTo(3);
    assertThat(job.creditsUsed()).isEqualTo(2);

    List<RecordResult> results = api.getResults(accepted.jobId(), ResultsQuery.first()).results();
    assertThat(results).extracting(RecordResult::status).containsExactly(RecordStatus.SUCCESS,
        RecordStatus.FAILED, RecordStatus.FAILED, RecordStatus.FAILED, RecordStatus.PARTIAL);
    assertThat(results.get(1).error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(results.get(1).error().field()).isEqualTo("address");
    assertThat(results.get(2).error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(results.get(2).error().field()).isEqualTo("county");
    assertThat(results.get(3).error().code()).isEqualTo(ErrorCode.PROPERTY_NOT_FOUND);
    assertThat(results.get(4).warnings()).containsExactly("Phone number not verified");
  }

  // ---- validation and limits ----------------------------------------------------------------

  @Test
  void jobLevelProblemsAreValidationErrorsNamingTheField() {
    BulkApi api = api(KEY_A);
    assertThatThrownBy(() -> api.submit(new PropertyDetailsRequest(null, List.of(), null, null)))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
          assertThat(e.field()).isEqualTo("properties");
        });
    assertThatThrownBy(() -> api.submit(new PropertyDetailsRequest(null, List.of(
        PropertyRef.byPropertyId("a", "P1"), PropertyRef.byPropertyId("a", "P2")), null, null)))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("properties[1].id"));
    assertThatThrownBy(() -> api.submit(new ValuationsRequest(null,
        List.of(PropertyRef.byPropertyId("a", "P1")), null, new Webhook("ftp://example.com/x", null))))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("webhook.url"));
    assertThatThrownBy(() -> api.submit(new SkipTraceRequest(null,
        List.of(SkipTraceRecord.byPhone("a", "214-555-0123")),
        new dev.bulkestate.core.request.SkipTraceOptions(null, null, "fcra", null), null)))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("options.permissible_purpose"));
  }

  @Test
  void batchesOverTheTypeLimitAreTooLarge() {
    BulkApi api = api(KEY_A);
    PropertyDetailsRequest details = new PropertyDetailsRequest(null,
        refs(1_001, i -> PropertyRef.byPropertyId("p" + i, "P" + i)), null, null);
    assertThatThrownBy(() -> api.submit(details))
        .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(413);
          assertThat(e.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE);
          assertThat(e.error().details()).containsEntry("max_records", 1_000);
        });
    SkipTraceRequest sync = new SkipTraceRequest(null,
        refs(101, i -> SkipTraceRecord.byPhone("r" + i, "214-555-0123")), null, null);
    assertThatThrownBy(() -> api.skipTraceSync(sync))
        .isInstanceOfSatisfying(PayloadTooLargeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE));
    AddressVerificationRequest addresses = new AddressVerificationRequest(null,
        refs(10_001, i -> AddressInput.full("a" + i, i + " Main St, Austin, TX 78701")), null, null);
    assertThatThrownBy(() -> api.submit(addresses)).isInstanceOf(PayloadTooLargeException.class);
  }

  // ---- progress, paging, filters ------------------------------------------------------------

  @Test
  void progressIsReportedWhileAJobRunsAndIsCompleteAtTheEnd() {
    BulkApi api = api(KEY_A);
    ContractProcessors.hold();
    SkipTraceRequest request = new SkipTraceRequest("held", refs(300,
        i -> SkipTraceRecord.byPhone((i < 200 ? "ok" : "hold") + i, "214-555-0123")), null, null);
    JobAccepted accepted = api.submit(request);
    Job running = awaitStatus(api, accepted.jobId(), JobStatus.PROCESSING);
    assertThat(running.startedAt()).isNotNull();
    assertThat(running.progress().totalRecords()).isEqualTo(300);
    assertThat(running.progress().processed()).isLessThan(300);
    assertThat(running.progress().percentComplete()).isLessThan(100);

    ContractProcessors.release();
    Job done = awaitFinished(api, accepted.jobId());
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.progress().processed()).isEqualTo(300);
    assertThat(done.progress().percentComplete()).isEqualTo(100);
    assertThat(done.completedAt()).isNotNull();
    assertThat(done.estimatedCompletion()).isNull();
  }

  @Test
  void resultsArePagedInInputOrder() {
    BulkApi api = api(KEY_A);
    JobAccepted accepted = api.submit(new ValuationsRequest(null,
        refs(250, i -> PropertyRef.byPropertyId(String.format("v%03d", i), "P" + i)), null, null));
    awaitFinished(api, accepted.jobId());
    List<String> seen = new ArrayList<>();
    int[] sizes = {100, 100, 50};
    for (int page = 1; page <= 3; page++) {
      ResultsPage results = api.getResults(accepted.jobId(), ResultsQuery.page(page, 100));
      assertThat(results.results()).hasSize(sizes[page - 1]);
      assertThat(results.pagination().page()).isEqualTo(page);
      assertThat(results.pagination().limit()).isEqualTo(100);
      assertThat(results.pagination().totalResults()).isEqualTo(250);
      assertThat(results.hasMore()).isEqualTo(page < 3);
      results.results().forEach(r -> seen.add(r.id()));
    }
    assertThat(seen).containsExactlyElementsOf(
        refs(250, i -> String.format("v%03d", i)));
    ResultsPage past = api.getResults(accepted.jobId(), ResultsQuery.page(4, 100));
    assertThat(past.results()).isEmpty();
    assertThat(past.hasMore()).isFalse();
  }

  @Test
  void resultsCanBeFilteredByRecordStatus() {
    BulkApi api = api(KEY_A);
    JobAccepted accepted = api.submit(new PropertyDetailsRequest(null, refs(30,
        i -> PropertyRef.byPropertyId((i % 3 == 0 ? "fail" : i % 3 == 1 ? "ok" : "partial") + i, "P" + i)),
        null, null));
    awaitFinished(api, accepted.jobId());
    ResultsPage failed = api.getResults(accepted.jobId(),
        ResultsQuery.first().withStatus(RecordStatus.FAILED));
    assertThat(failed.results()).extracting(RecordResult::id)
        .containsExactlyElementsOf(refs(10, i -> "fail" + (i * 3)));
    assertThat(failed.pagination().totalResults()).isEqualTo(10);
    ResultsPage partial = api.getResults(accepted.jobId(),
        ResultsQuery.page(1, 4).withStatus(RecordStatus.PARTIAL));
    assertThat(partial.results()).extracting(RecordResult::id)
        .containsExactly("partial2", "partial5", "partial8", "partial11");
    assertThat(partial.hasMore()).isTrue();
  }

  @Test
  void resultsAreAvailableAsCsv() {
    BulkApi api = api(KEY_A);
    JobAccepted accepted = api.submit(new PropertyDetailsRequest(null, List.of(
        PropertyRef.byPropertyId("c1", "P1"), PropertyRef.byPropertyId("fail-c2", "P2")), null, null));
    awaitFinished(api, accepted.jobId());
    List<String> lines = api.getResultsCsv(accepted.jobId(), ResultsQuery.first()).lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("id,status");
    assertThat(lines.get(1)).startsWith("c1,success");
    assertThat(lines.get(2)).startsWith("fail-c2,failed").contains("PROPERTY_NOT_FOUND");
  }

  @Test
  void jobsAreListedNewestFirstAndFilteredByStatus() {
    BulkApi api = api(KEY_B);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(api.submit(new PropertyDetailsRequest("list-" + i,
          List.of(PropertyRef.byPropertyId("x", "P")), null, null)).jobId());
      awaitFinished(api, ids.get(i));
    }
    JobList list = api.listJobs(JobListQuery.first());
    List<String> listed = list.jobs().stream().map(Job::jobId).filter(ids::contains).toList();
    assertThat(listed).containsExactly(ids.get(2), ids.get(1), ids.get(0));
    JobList completed = api.listJobs(JobListQuery.first().withStatus(JobStatus.COMPLETED));
    assertThat(completed.jobs()).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.COMPLETED));
    assertThat(api.listJobs(JobListQuery.first().withStatus(JobStatus.CANCELLED)).jobs())
        .extracting(Job::jobId).doesNotContainAnyElementsOf(ids);
  }

  // ---- cancel -------------------------------------------------------------------------------

  @Test
  void cancelKeepsFinishedResultsAndReleasesUnusedCredits() {
    BulkApi api = api(KEY_A);
    ContractProcessors.hold();
    JobAccepted accepted = api.submit(new SkipTraceRequest(null,
        refs(500, i -> SkipTraceRecord.byPhone("hold" + i, "214-555-0123")), null, null));
    awaitStatus(api, accepted.jobId(), JobStatus.PROCESSING);
    Job cancelled = api.cancel(accepted.jobId());
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    ContractProcessors.release();

    Job job = awaitFinished(api, accepted.jobId());
    assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
    List<RecordResult> all = allResults(api, accepted.jobId());
    assertThat(all).hasSize(500);
    long succeeded = all.stream().filter(r -> r.status().equals(RecordStatus.SUCCESS)).count();
    long notRun = all.stream().filter(r -> r.error() != null
        && ErrorCode.JOB_CANCELLED.equals(r.error().code())).count();
    assertThat(succeeded + notRun).isEqualTo(500);
    assertThat(notRun).isGreaterThanOrEqualTo(100);
    assertThat(job.creditsUsed()).isEqualTo(succeeded);
    assertThat(api.usage().availableCredits()).isEqualTo(RICH - succeeded);

    assertThatThrownBy(() -> api.cancel(accepted.jobId()))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_NOT_CANCELLABLE));
  }

  // ---- idempotency, quota, keys -------------------------------------------------------------

  @Test
  void anIdempotencyKeyGivesTheSameJobBackAndRefusesAnotherBody() {
    BulkApi api = api(KEY_A);
    PropertyDetailsRequest request = new PropertyDetailsRequest("idem",
        List.of(PropertyRef.byPropertyId("i1", "P1")), null, null);
    RequestOptions options = RequestOptions.idempotencyKey("contract-idem-" + System.nanoTime());
    JobAccepted first = api.submit(request, options);
    JobAccepted again = api.submit(request, options);
    assertThat(again.jobId()).isEqualTo(first.jobId());
    assertThatThrownBy(() -> api.submit(request.withJobName("other"), options))
        .isInstanceOfSatisfying(ConflictException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT);
        });
    assertThat(api(KEY_B).submit(request, options).jobId()).isNotEqualTo(first.jobId());
  }

  @Test
  void aJobAboveTheBalanceIsRefusedWithTheNumbers() {
    BulkApi poor = api(KEY_POOR);
    assertThatThrownBy(() -> poor.submit(new PropertyDetailsRequest(null,
        refs(8, i -> PropertyRef.byPropertyId("q" + i, "P" + i)), null, null)))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(402);
          assertThat(e.requiredCredits()).isEqualTo(8);
          assertThat(e.availableCredits()).isEqualTo(5);
        });
    JobAccepted fits = poor.submit(new PropertyDetailsRequest(null, List.of(
        PropertyRef.byPropertyId("q1", "P1"), PropertyRef.byPropertyId("fail-q2", "P2"),
        PropertyRef.byPropertyId("q3", "P3")), null, null));
    awaitFinished(poor, fits.jobId());
    CreditUsage usage = poor.usage();
    assertThat(usage.availableCredits()).isEqualTo(3);
    assertThat(usage.reservedCredits()).isZero();
    assertThat(usage.usedCredits()).isEqualTo(2);
    assertThat(usage.usage()).singleElement().satisfies(entry -> {
      assertThat(entry.date()).isEqualTo(LocalDate.now(ZoneOffset.UTC));
      assertThat(entry.jobType()).isEqualTo(JobType.PROPERTY_DETAILS);
      assertThat(entry.credits()).isEqualTo(2);
    });
  }

  @Test
  void aJobIsVisibleOnlyToItsKey() {
    JobAccepted mine = api(KEY_A).submit(new PropertyDetailsRequest(null,
        List.of(PropertyRef.byPropertyId("k1", "P1")), null, null));
    awaitFinished(api(KEY_A), mine.jobId());
    BulkApi other = api(KEY_B);
    assertThatThrownBy(() -> other.getJob(mine.jobId()))
        .isInstanceOfSatisfying(NotFoundException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_NOT_FOUND));
    assertThatThrownBy(() -> other.getResults(mine.jobId(), ResultsQuery.first()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> other.cancel(mine.jobId())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> other.retryFailed(mine.jobId(), RequestOptions.none()))
        .isInstanceOf(NotFoundException.class);
    assertThat(other.listJobs(JobListQuery.first()).jobs()).extracting(Job::jobId)
        .doesNotContain(mine.jobId());
    assertThatThrownBy(() -> api(KEY_A).getJob("job_does_not_exist"))
        .isInstanceOf(NotFoundException.class);
  }

  // ---- sync skip trace, estimate, retry -----------------------------------------------------

  @Test
  void syncSkipTraceAnswersEveryRecordInTheCall() {
    SyncSkipTraceResponse response = api(KEY_A).skipTraceSync(SkipTraceRequest.builder()
        .add(SkipTraceRecord.byPropertyAddress("lead1", "123 Oak St, Dallas, TX 75201"))
        .add(SkipTraceRecord.byPhone("partial-lead2", "214-555-0123"))
        .add(new SkipTraceRecord("lead3", null, null, null, null)).build());
    assertThat(response.results()).extracting(RecordResult::id)
        .containsExactly("lead1", "partial-lead2", "lead3");
    assertThat(response.results()).extracting(RecordResult::status)
        .containsExactly(RecordStatus.SUCCESS, RecordStatus.PARTIAL, RecordStatus.FAILED);
    assertThat(response.results().get(2).error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(response.summary()).isEqualTo(new SyncSkipTraceResponse.Summary(3, 1, 1, 1, 2L));
  }

  @Test
  void anEstimateCountsRecordsAndChargesNothing() {
    BulkApi api = api(KEY_A);
    CreditEstimate estimate = api.estimate(new PropertyDetailsRequest(null, List.of(
        PropertyRef.byPropertyId("e1", "P1"), PropertyRef.byPropertyId("e2", "P1"),
        new PropertyRef("e3", null, null, null, null, null), PropertyRef.byPropertyId("e4", "P4")),
        null, null));
    assertThat(estimate.totalRecords()).isEqualTo(4);
    assertThat(estimate.invalidRecords()).isEqualTo(1);
    assertThat(estimate.duplicateRecords()).isEqualTo(1);
    assertThat(estimate.validRecords()).isEqualTo(3);
    assertThat(estimate.creditsEstimated()).isEqualTo(3);
    assertThat(estimate.availableCredits()).isEqualTo(RICH);
    assertThat(api.usage().availableCredits()).isEqualTo(RICH);
  }

  @Test
  void theFailedRecordsOfAFinishedJobCanBeRetriedAsANewJob() {
    BulkApi api = api(KEY_A);
    JobAccepted first = api.submit(new PropertyDetailsRequest(null, List.of(
        PropertyRef.byPropertyId("r1", "P1"), PropertyRef.byPropertyId("fail-r2", "P2"),
        PropertyRef.byPropertyId("fail-r3", "P3")), null, null));
    awaitFinished(api, first.jobId());
    JobAccepted retry = api.retryFailed(first.jobId(), RequestOptions.none());
    assertThat(retry.totalRecords()).isEqualTo(2);
    Job retried = awaitFinished(api, retry.jobId());
    assertThat(retried.retryOf()).isEqualTo(first.jobId());
    assertThat(api.getResults(retry.jobId(), ResultsQuery.first()).results())
        .extracting(RecordResult::id).containsExactly("fail-r2", "fail-r3");
  }

  // ---- webhooks -----------------------------------------------------------------------------

  @Test
  void webhooksArriveSignedWithTheSpecBody() throws Exception {
    receiver = new MockWebServer();
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    receiver.start(java.net.InetAddress.getLoopbackAddress(), 0);
    String url = receiver.url("/hooks/bulk").toString();
    BulkApi api = api(KEY_A);
    JobAccepted accepted = api.submit(new PropertyDetailsRequest("hooked", List.of(
        PropertyRef.byPropertyId("w1", "P1"), PropertyRef.byPropertyId("fail-w2", "P2")), null,
        Webhook.of(url, Webhook.JOB_COMPLETED)));
    assertThat(accepted.webhookConfigured()).isTrue();

    RecordedRequest delivery = receiver.takeRequest(20, TimeUnit.SECONDS);
    assertThat(delivery).as("webhook delivery").isNotNull();
    assertThat(delivery.getMethod()).isEqualTo("POST");
    assertThat(delivery.getUrl().encodedPath()).isEqualTo("/hooks/bulk");
    Map<String, String> headers = new LinkedHashMap<>();
    delivery.getHeaders().names().forEach(name -> headers.put(name, delivery.getHeaders().get(name)));
    WebhookEvent event = WebhookVerifier.of(webhookSecret())
        .verifyAndParse(delivery.getBody().toByteArray(), headers);
    assertThat(event).isInstanceOfSatisfying(WebhookEvent.JobCompleted.class, completed -> {
      assertThat(completed.jobId()).isEqualTo(accepted.jobId());
      assertThat(completed.sequence()).isNotNull();
      assertThat(completed.data().status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(completed.data().summary().totalRecords()).isEqualTo(2);
      assertThat(completed.data().summary().successful()).isEqualTo(1);
      assertThat(completed.data().summary().failed()).isEqualTo(1);
      assertThat(completed.data().summary().creditsUsed()).isEqualTo(1);
      assertThat(completed.data().resultsUrl()).endsWith("/v1/bulk/jobs/" + accepted.jobId() + "/results");
    });
    byte[] tampered = delivery.getBody().toByteArray().clone();
    tampered[tampered.length - 2] ^= 1;
    assertThatThrownBy(() -> WebhookVerifier.of(webhookSecret()).verifyAndParse(tampered, headers))
        .isInstanceOf(dev.bulkestate.core.webhook.WebhookVerificationException.class);
  }

  // ---- helpers ------------------------------------------------------------------------------

  protected static <T> List<T> refs(int n, IntFunction<T> make) {
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(make.apply(i));
    }
    return out;
  }

  protected static List<RecordResult> allResults(BulkApi api, String jobId) {
    List<RecordResult> out = new ArrayList<>();
    for (int page = 1; ; page++) {
      ResultsPage results = api.getResults(jobId, ResultsQuery.page(page, ResultsQuery.MAX_LIMIT));
      out.addAll(results.results());
      if (!results.hasMore()) {
        return out;
      }
    }
  }

  /** Polls until the job has finished; bounded by {@link #AWAIT}. */
  protected static Job awaitFinished(BulkApi api, String jobId) {
    return poll(api, jobId, Job::isFinished, "finished");
  }

  /** Polls until the job has {@code status} (or has finished); bounded by {@link #AWAIT}. */
  protected static Job awaitStatus(BulkApi api, String jobId, JobStatus status) {
    return poll(api, jobId, job -> job.status().equals(status), status.value());
  }

  private static Job poll(BulkApi api, String jobId, java.util.function.Predicate<Job> done, String what) {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (true) {
      Job job = api.getJob(jobId);
      if (done.test(job)) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + jobId + " not " + what + " within " + AWAIT + ": " + job);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
