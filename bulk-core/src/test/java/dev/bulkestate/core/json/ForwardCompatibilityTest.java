package dev.bulkestate.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.core.Envelope;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.webhook.WebhookEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a newer server may send (unknown fields, unknown enum-like values) is kept, not rejected. */
class ForwardCompatibilityTest {
  private static final ObjectMapper MAPPER = BulkJson.mapper();

  private static void assertRoundTrip(String json, Object model) throws Exception {
    assertThat(MAPPER.readTree(MAPPER.writeValueAsString(model))).isEqualTo(MAPPER.readTree(json));
  }

  @Test
  void unknownJobStatusTypeAndFieldsAreKept() throws Exception {
    String json = """
        {"job_id":"job_1","job_type":"title-search","status":"paused","queue_position":3,
         "region":{"name":"us-east","zone":2}}""";
    Job job = MAPPER.readValue(json, Job.class);
    assertThat(job.status()).isEqualTo(JobStatus.of("paused"));
    assertThat(job.status().isTerminal()).isFalse();
    assertThat(JobStatus.KNOWN).doesNotContain(job.status());
    assertThat(job.jobType().value()).isEqualTo("title-search");
    assertThat(job.jobType().isKnown()).isFalse();
    assertThat(JobType.parse("title-search")).isEmpty();
    assertThat(job.extra()).containsEntry("queue_position", 3)
        .containsEntry("region", Map.of("name", "us-east", "zone", 2));
    assertThat(job.isFinished()).isFalse();
    assertRoundTrip(json, job);
  }

  @Test
  void knownValuesAreTheSharedConstants() throws Exception {
    Job job = MAPPER.readValue("{\"job_id\":\"j\",\"job_type\":\"skip-trace\",\"status\":\"cancelled\"}",
        Job.class);
    assertThat(job.status()).isSameAs(JobStatus.CANCELLED);
    assertThat(job.jobType()).isSameAs(JobType.SKIP_TRACE);
    assertThat(job.isFinished()).isTrue();
  }

  @Test
  void unknownRecordStatusAndFieldsAreKept() throws Exception {
    String json = """
        {"id":"r1","status":"skipped","reason_code":"DUPLICATE_INPUT","data":{"x":1},"cached":true}""";
    RecordResult result = MAPPER.readValue(json, RecordResult.class);
    assertThat(result.status()).isEqualTo(RecordStatus.of("skipped"));
    assertThat(result.status().isBillable()).isFalse();
    assertThat(result.extra()).containsExactly(Map.entry("reason_code", "DUPLICATE_INPUT"));
    assertThat(result.cached()).isTrue();
    assertRoundTrip(json, result);
  }

  @Test
  void unknownFieldsOfPagesAndAcceptancesAreKept() throws Exception {
    String page = """
        {"status":"success","data":{"job_id":"job_1","status":"archiving","results":[],
         "pagination":{"page":2,"limit":10,"total_results":10,"has_more":false},
         "next_cursor":"abc"}}""";
    Envelope<ResultsPage> envelope = MAPPER.readValue(page, BulkJson.envelopeOf(ResultsPage.class));
    assertThat(envelope.data().status().value()).isEqualTo("archiving");
    assertThat(envelope.data().extra()).containsExactly(Map.entry("next_cursor", "abc"));
    assertThat(envelope.data().hasMore()).isFalse();
    assertRoundTrip(page, envelope);

    String accepted = """
        {"job_id":"job_1","status":"queued","total_records":5,"priority":"high"}""";
    JobAccepted jobAccepted = MAPPER.readValue(accepted, JobAccepted.class);
    assertThat(jobAccepted.extra()).containsExactly(Map.entry("priority", "high"));
    assertRoundTrip(accepted, jobAccepted);
  }

  @Test
  void unknownWebhookEventIsKeptWithItsData() throws Exception {
    String json = """
        {"event":"job_archived","job_id":"job_1","timestamp":"2024-01-15T10:35:00Z","sequence":12,
         "data":{"archive_url":"https://h/a.zip","sizes":[1,2]}}""";
    WebhookEvent event = MAPPER.readValue(json, WebhookEvent.class);
    assertThat(event).isInstanceOf(WebhookEvent.Unknown.class);
    assertThat(event.event()).isEqualTo("job_archived");
    assertThat(event.sequence()).isEqualTo(12L);
    assertRoundTrip(json, event);
  }

  @Test
  void unknownFieldsOfKnownWebhookEventsAreTolerated() throws Exception {
    String json = """
        {"event":"job_completed","job_id":"job_1","timestamp":"2024-01-15T10:35:00Z",
         "delivery_attempt":2,"data":{"status":"completed","results_url":"u","extra_field":true}}""";
    WebhookEvent event = MAPPER.readValue(json, WebhookEvent.class);
    assertThat(event).isInstanceOf(WebhookEvent.JobCompleted.class);
    assertThat(((WebhookEvent.JobCompleted) event).data().resultsUrl()).isEqualTo("u");
  }

  @Test
  void enumLikeValuesWriteAsTheirWireName() throws Exception {
    JsonNode node = MAPPER.valueToTree(Map.of("s", JobStatus.of("paused"), "t", JobType.VALUATIONS,
        "r", RecordStatus.PARTIAL));
    assertThat(node.get("s").asText()).isEqualTo("paused");
    assertThat(node.get("t").asText()).isEqualTo("valuations");
    assertThat(node.get("r").asText()).isEqualTo("partial");
  }

  @Test
  void explicitNullsReadAsAbsent() throws Exception {
    Job job = MAPPER.readValue("""
        {"job_id":"j","job_type":null,"status":null,"progress":null,"error":null}""", Job.class);
    assertThat(job.status()).isNull();
    assertThat(job.jobType()).isNull();
    assertThat(job.isFinished()).isFalse();
    assertThat(job.extra()).isEmpty();
    RecordResult result = MAPPER.readValue("{\"id\":\"r\",\"status\":null,\"warnings\":null}",
        RecordResult.class);
    assertThat(result.status()).isNull();
    assertThat(result.warnings()).isNull();
  }
}
