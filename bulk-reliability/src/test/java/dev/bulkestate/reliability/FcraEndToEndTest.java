package dev.bulkestate.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.client.BulkClient;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.ValidationException;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.processors.Processors;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.server.BulkServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FCRA mode end to end, client to server to engine to the real skip-trace processor over the
 * built-in dataset: without a permissible purpose (or with an unknown one) a job, a sync call and
 * an estimate are refused with the field named and nothing charged; with one, every result
 * records the mode and the purpose.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FcraEndToEndTest {
  static final String KEY = "rk_fcra_key_00001";
  static final long CREDITS = 1_000;

  @Test
  void fcraNeedsAPermissiblePurposeAndEveryResultRecordsIt() throws Exception {
    Property property = Processors.defaultDataset().properties().get(0);
    String address = property.primaryLine() + ", " + property.city() + ", " + property.state() + " "
        + property.zip5();
    String records = "\"records\":[{\"id\":\"lead1\",\"property_address\":"
        + BulkJson.mapper().writeValueAsString(address) + "}]";
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.builder().workerThreads(2).build();
        BulkServer server = BulkServer.builder(engine).port(0).apiKey(KEY, CREDITS).build().start();
        BulkClient client = BulkClient.builder().apiKey(KEY).baseUrl(server.url() + "/v1").build()) {
      String[][] refused = {
          {"{\"compliance_mode\":\"fcra\"}", "options.permissible_purpose"},
          {"{\"compliance_mode\":\"fcra\",\"permissible_purpose\":\"  \"}", "options.permissible_purpose"},
          {"{\"compliance_mode\":\"fcra\",\"permissible_purpose\":\"marketing\"}", "options.permissible_purpose"},
          {"{\"compliance_mode\":\"FCRA\",\"permissible_purpose\":\"tenant_screening\"}", "options.compliance_mode"}};
      for (String[] options : refused) {
        SkipTraceRequest request = request(records, options[0]);
        for (Runnable call : List.<Runnable>of(() -> client.submit(request),
            () -> client.skipTraceSync(request), () -> client.estimate(request))) {
          ValidationException error = catchThrowableOfType(ValidationException.class, call::run);
          assertThat(error).as(options[0]).isNotNull();
          assertThat(error.httpStatus()).isEqualTo(400);
          assertThat(error.error().field()).isEqualTo(options[1]);
        }
      }
      assertThat(engine.availableCredits(KEY)).isEqualTo(CREDITS);

      SkipTraceRequest allowed =
          request(records, "{\"compliance_mode\":\"fcra\",\"permissible_purpose\":\"tenant_screening\"}");
      JobAccepted accepted = client.submit(allowed);
      assertThat(engine.awaitJob(KEY, accepted.jobId(), Duration.ofSeconds(30)).status())
          .isEqualTo(JobStatus.COMPLETED);
      RecordResult async = client.getResults(accepted.jobId(), ResultsQuery.first()).results().get(0);
      SyncSkipTraceResponse sync = client.skipTraceSync(allowed);
      for (RecordResult result : List.of(async, sync.results().get(0))) {
        assertThat(result.status()).isIn(RecordStatus.SUCCESS, RecordStatus.PARTIAL);
        JsonNode compliance = BulkJson.mapper().valueToTree(result.data()).path("compliance");
        assertThat(compliance.path("mode").asText()).isEqualTo("fcra");
        assertThat(compliance.path("permissible_purpose").asText()).isEqualTo("tenant_screening");
      }
      RecordResult standard = client.skipTraceSync(request(records, "{}")).results().get(0);
      assertThat(BulkJson.mapper().valueToTree(standard.data()).at("/compliance/mode").asText())
          .isEqualTo("standard");
      assertThat(engine.availableCredits(KEY)).isEqualTo(CREDITS - 3);
    }
  }

  private static SkipTraceRequest request(String records, String options) throws IOException {
    return BulkJson.mapper().readValue("{" + records + ",\"options\":" + options + "}",
        SkipTraceRequest.class);
  }
}
