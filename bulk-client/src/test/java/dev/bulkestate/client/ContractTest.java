package dev.bulkestate.client;

import static dev.bulkestate.client.MockApi.resource;
import static dev.bulkestate.client.MockApi.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.CreditEstimate;
import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobList;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.QuotaExceededException;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.DetailsOptions;
import dev.bulkestate.core.request.PersonName;
import dev.bulkestate.core.request.PostalAddress;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.SearchCriteria;
import dev.bulkestate.core.request.SearchQuery;
import dev.bulkestate.core.request.SkipTraceOptions;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.request.ValuationOptions;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.request.VerificationOptions;
import dev.bulkestate.core.request.Webhook;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays every response example of the spec verbatim and asserts the exact request each call
 * sends: method, path, query, headers and the JSON body as a tree. The spec's request examples are
 * the expected bodies of the submissions built here in Java.
 */
@Timeout(30)
class ContractTest {
  private final MockApi api = new MockApi();
  private final BulkClient client = api.client();

  @AfterEach
  void close() {
    client.close();
    api.close();
  }

  static final PropertyDetailsRequest SPEC_DETAILS = new PropertyDetailsRequest(
      "Q1 2024 Portfolio Analysis",
      List.of(PropertyRef.byAddress("prop1", "123 Main St, Austin, TX 78701"),
          PropertyRef.byPropertyId("prop2", "PROP123456"),
          PropertyRef.byApn("prop3", "456-789-012", "Travis", "TX")),
      new DetailsOptions(List.of("ownership", "tax", "sales", "valuation", "demographics"),
          "json", "webhook"),
      Webhook.of("https://your-app.com/webhooks/bulk-results",
          "job_completed", "job_failed", "progress_update"));

  private void assertCommonHeaders(RecordedRequest request) {
    assertThat(request.getHeaders().get("X-API-Key")).isEqualTo(MockApi.API_KEY);
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo("bulkestate-java/" + BulkClient.VERSION);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getUrl().toString()).doesNotContain(MockApi.API_KEY);
  }

  private void assertJsonPost(RecordedRequest request, String path, String idempotencyKey,
      String expectedBody) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getUrl().query()).isNull();
    assertCommonHeaders(request);
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo(idempotencyKey);
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(tree(request.getBody().utf8())).isEqualTo(tree(expectedBody));
  }

  private void assertGet(RecordedRequest request, String path, String query) {
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getUrl().encodedQuery()).isEqualTo(query);
    assertCommonHeaders(request);
    assertThat(request.getHeaders().get("Idempotency-Key")).isNull();
    assertThat(request.getBodySize()).isZero();
  }

  private static void assertSpecAccepted(JobAccepted accepted) {
    assertThat(accepted.jobId()).isEqualTo("job_abc123");
    assertThat(accepted.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(accepted.createdAt()).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
    assertThat(accepted.totalRecords()).isEqualTo(1000);
    assertThat(accepted.estimatedCompletion()).isEqualTo(Instant.parse("2024-01-15T10:45:00Z"));
    assertThat(accepted.creditsEstimated()).isEqualTo(1000L);
    assertThat(accepted.webhookConfigured()).isTrue();
  }

  @Test
  void submitsPropertyDetailsAsTheSpecShows() {
    api.enqueueJson(202, resource("response-submit-accepted.json"));

    JobAccepted accepted = client.submit(SPEC_DETAILS);

    assertSpecAccepted(accepted);
    assertJsonPost(api.take(), "/v1/bulk/property-details", "idem-1",
        resource("request-property-details.json"));
    api.assertClean(1);
  }

  @Test
  void submitsSkipTraceToTheAsyncPath() {
    api.enqueueJson(202, resource("response-submit-accepted.json"));
    SkipTraceRequest request = new SkipTraceRequest("Q1 Lead Generation",
        List.of(SkipTraceRecord.byPropertyAddress("lead1", "123 Oak St, Dallas, TX 75201"),
            SkipTraceRecord.byNameAndAddress("lead2", PersonName.of("John", "Smith"),
                PostalAddress.of("456 Pine Ave", "Houston", "TX")),
            SkipTraceRecord.byPhone("lead3", "214-555-0123")),
        new SkipTraceOptions(true, true, "fcra", null),
        Webhook.of("https://your-app.com/webhooks/skip-trace-results",
            "batch_completed", "record_processed"));

    assertSpecAccepted(client.submit(request, RequestOptions.idempotencyKey("my-key-7")));

    assertJsonPost(api.take(), "/v1/bulk/skip-trace/async", "my-key-7",
        resource("request-skip-trace-async.json"));
    api.assertClean(1);
  }

  @Test
  void submitsAddressVerificationAsTheSpecShows() {
    api.enqueueJson(202, resource("response-submit-accepted.json"));
    AddressVerificationRequest request = new AddressVerificationRequest("Mailing List Cleanup",
        List.of(AddressInput.of("addr1", "123 Main Street", "Austin", "TX", "78701"),
            AddressInput.full("addr2", "456 Oak Ave, Dallas, TX 75201")),
        new VerificationOptions(true, true, true, true, null), null);

    assertSpecAccepted(client.submit(request));

    assertJsonPost(api.take(), "/v1/bulk/address-verification", "idem-1",
        resource("request-address-verification.json"));
    api.assertClean(1);
  }

  @Test
  void submitsValuationsAsTheSpecShows() {
    api.enqueueJson(202, resource("response-submit-accepted.json"));
    ValuationsRequest request = new ValuationsRequest("Portfolio Valuation Update",
        List.of(PropertyRef.byAddress("val1", "123 Main St, Austin, TX 78701"),
            PropertyRef.byPropertyId("val2", "PROP123456")),
        new ValuationOptions(true, true, true, null), null);

    assertSpecAccepted(client.submit(request));

    assertJsonPost(api.take(), "/v1/bulk/valuations", "idem-1", resource("request-valuations.json"));
    api.assertClean(1);
  }

  @Test
  void submitsPropertySearchAsDesignShows() {
    api.enqueueJson(202, resource("response-submit-accepted.json"));
    PropertySearchRequest request = new PropertySearchRequest("Austin condos",
        List.of(new SearchQuery("s1", SearchCriteria.zip("78701"), 50)), null);

    client.submit(request);

    assertJsonPost(api.take(), "/v1/bulk/property-search", "idem-1", """
        {"job_name": "Austin condos",
         "searches": [{"id": "s1", "criteria": {"zip": "78701"}, "max_results": 50}]}""");
    api.assertClean(1);
  }

  @Test
  void runsASyncSkipTraceAndReadsTheSpecAnswer() {
    api.enqueueJson(200, resource("response-skip-trace-sync.json"));
    SkipTraceRequest request = SkipTraceRequest.builder()
        .add(SkipTraceRecord.byPhone("lead3", "214-555-0123")).build();

    SyncSkipTraceResponse response = client.skipTraceSync(request);

    assertThat(response.results()).extracting(RecordResult::id)
        .containsExactly("lead1", "lead2", "lead3");
    assertThat(response.results()).extracting(RecordResult::status)
        .containsExactly(RecordStatus.SUCCESS, RecordStatus.PARTIAL, RecordStatus.FAILED);
    assertThat(response.results().get(0).data()).isEqualTo(Map.of());
    assertThat(response.results().get(1).warnings()).containsExactly("Phone number not verified");
    assertThat(response.results().get(2).error().code()).isEqualTo("INSUFFICIENT_DATA");
    assertThat(response.results().get(2).error().message())
        .isEqualTo("Not enough information to perform skip trace");
    assertThat(response.summary())
        .isEqualTo(new SyncSkipTraceResponse.Summary(3, 1, 1, 1, 2L));
    assertJsonPost(api.take(), "/v1/bulk/skip-trace/sync", "idem-1",
        "{\"records\": [{\"id\": \"lead3\", \"phone\": \"214-555-0123\"}]}");
    api.assertClean(1);
  }

  @Test
  void readsTheSpecJobStatus() {
    api.enqueueJson(200, resource("response-job-status.json"));

    Job job = client.getJob("job_abc123");

    assertThat(job.jobId()).isEqualTo("job_abc123");
    assertThat(job.jobName()).isEqualTo("Q1 2024 Portfolio Analysis");
    assertThat(job.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(job.createdAt()).isEqualTo(Instant.parse("2024-01-15T10:30:00Z"));
    assertThat(job.startedAt()).isEqualTo(Instant.parse("2024-01-15T10:31:00Z"));
    assertThat(job.progress().totalRecords()).isEqualTo(1000);
    assertThat(job.progress().processed()).isEqualTo(650);
    assertThat(job.progress().successful()).isEqualTo(620);
    assertThat(job.progress().failed()).isEqualTo(30);
    assertThat(job.progress().percentComplete()).isEqualTo(65);
    assertThat(job.estimatedCompletion()).isEqualTo(Instant.parse("2024-01-15T10:42:00Z"));
    assertThat(job.creditsUsed()).isEqualTo(620L);
    assertThat(job.lastUpdated()).isEqualTo(Instant.parse("2024-01-15T10:38:30Z"));
    assertGet(api.take(), "/v1/bulk/jobs/job_abc123", null);
    api.assertClean(1);
  }

  @Test
  void encodesTheJobIdAsOnePathSegment() {
    api.enqueueJson(200, resource("response-job-status.json"));

    client.getJob("job/../a b?c#d%");

    assertGet(api.take(), "/v1/bulk/jobs/job%2F..%2Fa%20b%3Fc%23d%25", null);
    api.assertClean(1);
  }

  @Test
  void readsTheSpecResultsPage() {
    api.enqueueJson(200, resource("response-job-results.json"));

    ResultsPage page = client.getResults("job_abc123", ResultsQuery.first());

    assertThat(page.jobId()).isEqualTo("job_abc123");
    assertThat(page.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(page.results()).hasSize(2);
    assertThat(page.results().get(0).status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(page.results().get(1).error().code()).isEqualTo("PROPERTY_NOT_FOUND");
    assertThat(page.pagination().page()).isEqualTo(1);
    assertThat(page.pagination().limit()).isEqualTo(100);
    assertThat(page.pagination().totalResults()).isEqualTo(1000);
    assertThat(page.hasMore()).isTrue();
    assertThat(page.summary().totalRecords()).isEqualTo(1000);
    assertThat(page.summary().successful()).isEqualTo(950);
    assertThat(page.summary().failed()).isEqualTo(50);
    assertThat(page.summary().successRate()).isEqualTo(0.95);
    assertThat(page.summary().totalCreditsUsed()).isEqualTo(950L);
    assertGet(api.take(), "/v1/bulk/jobs/job_abc123/results", "page=1&limit=100");
    api.assertClean(1);
  }

  @Test
  void filtersResultsByStatus() {
    api.enqueueJson(200, resource("response-job-results.json"));

    client.getResults("job_abc123", ResultsQuery.page(3, 50).withStatus(RecordStatus.FAILED));

    assertGet(api.take(), "/v1/bulk/jobs/job_abc123/results", "page=3&limit=50&status=failed");
    api.assertClean(1);
  }

  @Test
  void readsTheSpecRecordLevelError() throws Exception {
    RecordResult result = BulkJson.mapper()
        .readValue(resource("response-record-error.json"), RecordResult.class);

    assertThat(result.id()).isEqualTo("prop1");
    assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
    assertThat(result.error().code()).isEqualTo("INVALID_ADDRESS");
    assertThat(result.error().field()).isEqualTo("street");
    assertThat(result.error().details()).containsEntry("issue", "Missing street number");
  }

  @Test
  void readsResultsAsCsv() {
    String csv = "id,status,error_code\r\nprop1,success,\r\nprop2,failed,PROPERTY_NOT_FOUND\r\n";
    api.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
        .setHeader("Content-Type", "text/csv").body(csv).build());

    assertThat(client.getResultsCsv("job_abc123", ResultsQuery.page(2, 10))).isEqualTo(csv);

    RecordedRequest request = api.take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/bulk/jobs/job_abc123/results");
    assertThat(request.getUrl().encodedQuery()).isEqualTo("page=2&limit=10");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("text/csv");
    assertThat(request.getHeaders().get("X-API-Key")).isEqualTo(MockApi.API_KEY);
    api.assertClean(1);
  }

  @Test
  void cancelsAJob() {
    api.enqueueJson(200, """
        {"status": "success", "data": {"job_id": "job_abc123", "status": "cancelled",
         "progress": {"total_records": 1000, "processed": 650, "successful": 620, "failed": 30,
         "percent_complete": 65}}}""");

    Job job = client.cancel("job_abc123");

    assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
    RecordedRequest request = api.take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/bulk/jobs/job_abc123/cancel");
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("idem-1");
    assertThat(request.getBodySize()).isZero();
    assertCommonHeaders(request);
    api.assertClean(1);
  }

  @Test
  void listsJobs() {
    api.enqueueJson(200, """
        {"status": "success", "data": {"jobs": [
          {"job_id": "job_2", "job_type": "valuations", "status": "completed"},
          {"job_id": "job_1", "job_type": "property-details", "status": "completed"}],
         "pagination": {"page": 2, "limit": 2, "total_results": 4, "has_more": false}}}""");

    JobList list = client.listJobs(JobListQuery.first().withPage(2).withStatus(JobStatus.COMPLETED));

    assertThat(list.jobs()).extracting(Job::jobId).containsExactly("job_2", "job_1");
    assertThat(list.jobs().get(0).jobType()).isEqualTo(JobType.VALUATIONS);
    assertThat(list.pagination().hasMore()).isFalse();
    assertGet(api.take(), "/v1/bulk/jobs", "page=2&limit=100&status=completed");
    api.assertClean(1);
  }

  @Test
  void estimatesAJob() {
    api.enqueueJson(200, """
        {"status": "success", "data": {"job_type": "property-details", "total_records": 3,
         "valid_records": 3, "invalid_records": 0, "duplicate_records": 0,
         "credits_estimated": 3, "available_credits": 750}}""");

    CreditEstimate estimate = client.estimate(SPEC_DETAILS);

    assertThat(estimate).isEqualTo(
        new CreditEstimate(JobType.PROPERTY_DETAILS, 3, 3, 0, 0, 3L, 750L));
    assertJsonPost(api.take(), "/v1/bulk/property-details/estimate", "idem-1",
        resource("request-property-details.json"));
    api.assertClean(1);
  }

  @Test
  void retriesTheFailedRecordsOfAJob() {
    api.enqueueJson(202, resource("response-submit-accepted.json"));

    assertSpecAccepted(client.retryFailed("job_abc123"));

    RecordedRequest request = api.take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/bulk/jobs/job_abc123/retry");
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("idem-1");
    assertCommonHeaders(request);
    api.assertClean(1);
  }

  @Test
  void readsCreditUsage() {
    api.enqueueJson(200, """
        {"status": "success", "data": {"available_credits": 750, "reserved_credits": 100,
         "used_credits": 1950, "usage": [
          {"date": "2024-01-15", "job_type": "property-details", "credits": 950, "records": 1000}]}}""");

    CreditUsage usage = client.usage();

    assertThat(usage.availableCredits()).isEqualTo(750L);
    assertThat(usage.usage()).containsExactly(new CreditUsage.Entry(
        LocalDate.parse("2024-01-15"), JobType.PROPERTY_DETAILS, 950L, 1000));
    assertGet(api.take(), "/v1/account/usage", null);
    api.assertClean(1);
  }

  @Test
  void readsTheSpecQuotaErrorAsAQuotaException() {
    api.enqueueJson(402, resource("response-error-quota-exceeded.json"));

    assertThatThrownBy(() -> client.submit(SPEC_DETAILS))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(402);
          assertThat(e.code()).isEqualTo("QUOTA_EXCEEDED");
          assertThat(e.error().message()).isEqualTo("Insufficient credits to process job");
          assertThat(e.requiredCredits()).isEqualTo(1000);
          assertThat(e.availableCredits()).isEqualTo(750);
          assertThat(e.requestId()).isEqualTo("req_402");
          assertThat(e.getMessage()).doesNotContain(MockApi.API_KEY);
        });
    assertThat(api.time.sleeps()).isEmpty();
    api.assertClean(1);
  }

  @Test
  void sendsExtraHeadersButNeverLetsThemReplaceTheKey() {
    api.enqueueJson(200, resource("response-job-status.json"));

    client.getJob("job_abc123", RequestOptions.none().withHeader("X-Trace", "t-1")
        .withHeader("X-API-Key", "other"));

    RecordedRequest request = api.take();
    assertThat(request.getHeaders().get("X-Trace")).isEqualTo("t-1");
    assertThat(request.getHeaders().values("X-API-Key")).containsExactly(MockApi.API_KEY);
    api.assertClean(1);
  }
}
