package dev.bulkestate.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.Envelope;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.Progress;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.PersonName;
import dev.bulkestate.core.request.PostalAddress;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.request.VerificationOptions;
import dev.bulkestate.core.webhook.WebhookEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON example of the spec, kept verbatim under {@code src/test/resources/spec/}, reads into
 * the typed model and writes back to an equal JSON tree. Some examples hold {@code // comment}
 * lines in place of data; they are read with comments allowed (an object holding only a comment is
 * an empty object).
 */
class SpecExamplesTest {
  private static final ObjectMapper MAPPER = BulkJson.mapper();

  /** Each spec example and the type it stands for, in the spec's order. */
  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of("property-details.request.json", type(PropertyDetailsRequest.class)),
        Arguments.of("property-details.response.json", BulkJson.envelopeOf(JobAccepted.class)),
        Arguments.of("skip-trace-async.request.json", type(SkipTraceRequest.class)),
        Arguments.of("skip-trace-sync.response.json", BulkJson.envelopeOf(SyncSkipTraceResponse.class)),
        Arguments.of("address-verification.request.json", type(AddressVerificationRequest.class)),
        Arguments.of("valuations.request.json", type(ValuationsRequest.class)),
        Arguments.of("job-status.response.json", BulkJson.envelopeOf(Job.class)),
        Arguments.of("job-results.response.json", BulkJson.envelopeOf(ResultsPage.class)),
        Arguments.of("webhook-progress-update.json", type(WebhookEvent.class)),
        Arguments.of("webhook-job-completed.json", type(WebhookEvent.class)),
        Arguments.of("webhook-job-failed.json", type(WebhookEvent.class)),
        Arguments.of("error-record-level.json", type(RecordResult.class)),
        Arguments.of("error-job-level.json", BulkJson.envelopeOf(Object.class)));
  }

  private static JavaType type(Class<?> type) {
    return MAPPER.getTypeFactory().constructType(type);
  }

  static String text(String name) {
    try (InputStream in = SpecExamplesTest.class.getResourceAsStream("/spec/" + name)) {
      assertThat(in).as("resource spec/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a spec example with {@code //} comments allowed, as the spec writes some of them. */
  static <T> T read(String name, JavaType type) throws IOException {
    return MAPPER.readerFor(type).with(JsonReadFeature.ALLOW_JAVA_COMMENTS).readValue(text(name));
  }

  static <T> T read(String name, Class<T> type) throws IOException {
    return read(name, type(type));
  }

  static JsonNode tree(String name) throws IOException {
    return MAPPER.reader().with(JsonReadFeature.ALLOW_JAVA_COMMENTS).readTree(text(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void readsIntoTheModelAndWritesBackTheSameTree(String name, JavaType type) throws IOException {
    Object model = read(name, type);
    assertThat(model).isInstanceOf(type.getRawClass());
    // Written as text and read back, so numbers compare by JSON value (not IntNode vs LongNode).
    JsonNode written = MAPPER.readTree(MAPPER.writeValueAsString(model));
    assertThat(written).isEqualTo(tree(name));
  }

  @Test
  void everySpecExampleIsKept() {
    List<String> names = examples().map(a -> (String) a.get()[0]).toList();
    assertThat(names).hasSize(13).doesNotHaveDuplicates();
    for (String name : names) {
      assertThat(text(name)).startsWith("{\n").endsWith("}\n");
    }
  }

  @Test
  void commentsOfTheSpecAreKeptVerbatim() {
    assertThat(text("skip-trace-sync.response.json"))
        .contains("          // Skip trace results\n", "          // Partial results\n");
    assertThat(text("job-results.response.json")).contains("          // Property details\n");
  }

  @Test
  void propertyDetailsRequestIsTyped() throws IOException {
    PropertyDetailsRequest request = read("property-details.request.json", PropertyDetailsRequest.class);
    assertThat(request.jobName()).isEqualTo("Q1 2024 Portfolio Analysis");
    assertThat(request.properties()).containsExactly(
        PropertyRef.byAddress("prop1", "123 Main St, Austin, TX 78701"),
        PropertyRef.byPropertyId("prop2", "PROP123456"),
        PropertyRef.byApn("prop3", "456-789-012", "Travis", "TX"));
    assertThat(request.options().include())
        .containsExactly("ownership", "tax", "sales", "valuation", "demographics");
    assertThat(request.options().format()).isEqualTo("json");
    assertThat(request.options().deliveryMethod()).isEqualTo("webhook");
    assertThat(request.webhook().url()).isEqualTo("https://your-app.com/webhooks/bulk-results");
    assertThat(request.webhook().events()).containsExactly("job_completed", "job_failed", "progress_update");
    assertThat(request.properties()).allSatisfy(p -> assertThat(p.problem()).isEmpty());
  }

  @Test
  void skipTraceRequestIsTyped() throws IOException {
    SkipTraceRequest request = read("skip-trace-async.request.json", SkipTraceRequest.class);
    assertThat(request.records()).containsExactly(
        SkipTraceRecord.byPropertyAddress("lead1", "123 Oak St, Dallas, TX 75201"),
        SkipTraceRecord.byNameAndAddress("lead2", PersonName.of("John", "Smith"),
            PostalAddress.of("456 Pine Ave", "Houston", "TX")),
        SkipTraceRecord.byPhone("lead3", "214-555-0123"));
    assertThat(request.options().relativesOrDefault()).isTrue();
    assertThat(request.options().propertyHistoryOrDefault()).isTrue();
    assertThat(request.options().fcraMode()).isTrue();
    assertThat(request.webhook().events()).containsExactly("batch_completed", "record_processed");
  }

  @Test
  void addressVerificationAndValuationRequestsAreTyped() throws IOException {
    AddressVerificationRequest verification =
        read("address-verification.request.json", AddressVerificationRequest.class);
    assertThat(verification.addresses()).containsExactly(
        AddressInput.of("addr1", "123 Main Street", "Austin", "TX", "78701"),
        AddressInput.full("addr2", "456 Oak Ave, Dallas, TX 75201"));
    assertThat(verification.options()).isEqualTo(new VerificationOptions(true, true, true, true, null));
    assertThat(verification.webhook()).isNull();

    ValuationsRequest valuations = read("valuations.request.json", ValuationsRequest.class);
    assertThat(valuations.properties()).extracting(PropertyRef::id).containsExactly("val1", "val2");
    assertThat(valuations.optionsOrDefault().confidenceScoreOrDefault()).isTrue();
    assertThat(valuations.optionsOrDefault().comparablesOrDefault()).isTrue();
    assertThat(valuations.optionsOrDefault().rentalEstimateOrDefault()).isTrue();
  }

  @Test
  void jobAcceptedIsTyped() throws IOException {
    Envelope<JobAccepted> envelope =
        read("property-details.response.json", BulkJson.envelopeOf(JobAccepted.class));
    assertThat(envelope.succeeded()).isTrue();
    assertThat(envelope.data()).isEqualTo(new JobAccepted("job_abc123", JobStatus.QUEUED,
        Instant.parse("2024-01-15T10:30:00Z"), 1000, Instant.parse("2024-01-15T10:45:00Z"), 1000L,
        true, Map.of()));
  }

  @Test
  void jobStatusIsTyped() throws IOException {
    Envelope<Job> envelope = read("job-status.response.json", BulkJson.envelopeOf(Job.class));
    Job job = envelope.data();
    assertThat(job.jobId()).isEqualTo("job_abc123");
    assertThat(job.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(job.isFinished()).isFalse();
    assertThat(job.progress()).isEqualTo(new Progress(1000, 650, 620, 30, 65, null));
    assertThat(job.startedAt()).isEqualTo(Instant.parse("2024-01-15T10:31:00Z"));
    assertThat(job.estimatedCompletion()).isEqualTo(Instant.parse("2024-01-15T10:42:00Z"));
    assertThat(job.lastUpdated()).isEqualTo(Instant.parse("2024-01-15T10:38:30Z"));
    assertThat(job.creditsUsed()).isEqualTo(620L);
    assertThat(job.extra()).isEmpty();
  }

  @Test
  void resultsPageIsTyped() throws IOException {
    Envelope<ResultsPage> envelope =
        read("job-results.response.json", BulkJson.envelopeOf(ResultsPage.class));
    ResultsPage page = envelope.data();
    assertThat(page.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(page.results()).extracting(RecordResult::id).containsExactly("prop1", "prop2");
    assertThat(page.results()).extracting(RecordResult::status)
        .containsExactly(RecordStatus.SUCCESS, RecordStatus.FAILED);
    assertThat(page.results().get(0).data()).isEqualTo(Map.of());
    assertThat(page.results().get(1).error()).isEqualTo(
        ApiError.of(ErrorCode.PROPERTY_NOT_FOUND, "Property not found in database"));
    assertThat(page.hasMore()).isTrue();
    assertThat(page.pagination().totalResults()).isEqualTo(1000);
    assertThat(page.summary().successRate()).isEqualTo(0.95);
    assertThat(page.summary().totalCreditsUsed()).isEqualTo(950L);
    assertThat(page.extra()).isEmpty();
  }

  @Test
  void syncSkipTraceIsTyped() throws IOException {
    Envelope<SyncSkipTraceResponse> envelope =
        read("skip-trace-sync.response.json", BulkJson.envelopeOf(SyncSkipTraceResponse.class));
    SyncSkipTraceResponse response = envelope.data();
    assertThat(response.results()).extracting(RecordResult::status)
        .containsExactly(RecordStatus.SUCCESS, RecordStatus.PARTIAL, RecordStatus.FAILED);
    assertThat(response.results().get(1).warnings()).containsExactly("Phone number not verified");
    assertThat(response.results().get(2).error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(response.summary()).isEqualTo(new SyncSkipTraceResponse.Summary(3, 1, 1, 1, 2L));
  }

  @Test
  void webhookEventsAreTyped() throws IOException {
    WebhookEvent progress = read("webhook-progress-update.json", WebhookEvent.class);
    assertThat(progress).isEqualTo(new WebhookEvent.ProgressUpdate("progress_update", "job_abc123",
        Instant.parse("2024-01-15T10:35:00Z"), null, new WebhookEvent.ProgressUpdate.Data(
            new WebhookEvent.Counts(500, 1000, 50), Instant.parse("2024-01-15T10:45:00Z"))));

    WebhookEvent completed = read("webhook-job-completed.json", WebhookEvent.class);
    assertThat(completed).isEqualTo(new WebhookEvent.JobCompleted("job_completed", "job_abc123",
        Instant.parse("2024-01-15T10:42:00Z"), null, new WebhookEvent.JobCompleted.Data(
            JobStatus.COMPLETED, new WebhookEvent.JobCompleted.Summary(1000, 950, 50, 950L, null),
            "https://api.realestateapi.com/v1/bulk/jobs/job_abc123/results")));

    WebhookEvent failed = read("webhook-job-failed.json", WebhookEvent.class);
    assertThat(failed).isEqualTo(new WebhookEvent.JobFailed("job_failed", "job_abc123",
        Instant.parse("2024-01-15T10:35:00Z"), null, new WebhookEvent.JobFailed.Data(
            ApiError.of(ErrorCode.PROCESSING_ERROR, "Job failed due to system error"), 245, 245L)));
  }

  @Test
  void errorsAreTyped() throws IOException {
    RecordResult record = read("error-record-level.json", RecordResult.class);
    assertThat(record).isEqualTo(RecordResult.failed("prop1",
        ApiError.field(ErrorCode.INVALID_ADDRESS, "Address format is invalid", "street",
            "Missing street number")));
    assertThat(record.error().field()).isEqualTo("street");

    Envelope<Object> envelope = read("error-job-level.json", BulkJson.envelopeOf(Object.class));
    assertThat(envelope.succeeded()).isFalse();
    assertThat(envelope.data()).isNull();
    assertThat(envelope.error().code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
    assertThat(envelope.error().message()).isEqualTo("Insufficient credits to process job");
    assertThat(envelope.error().details())
        .containsExactly(Map.entry("required_credits", 1000), Map.entry("available_credits", 750));
  }
}
