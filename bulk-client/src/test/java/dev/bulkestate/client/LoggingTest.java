package dev.bulkestate.client;

import static dev.bulkestate.client.MockApi.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.request.PropertyDetailsRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the client logs (test logging writes to {@code target/client-test.log} at TRACE, see
 * {@code simplelogger.properties}): method, path, status, duration and retries, bodies only at
 * TRACE, and never the API key, even when a body contains it.
 */
@Timeout(30)
class LoggingTest {
  private static final Path LOG = Path.of("target", "client-test.log");

  @Test
  void logsCallsAndRetriesButNeverTheKey() throws IOException {
    long start = Files.exists(LOG) ? Files.size(LOG) : 0;
    try (MockApi api = new MockApi()) {
      api.enqueue(new mockwebserver3.MockResponse.Builder().code(503).build())
          .enqueueJson(202, resource("response-submit-accepted.json"));
      PropertyDetailsRequest leaky = ContractTest.SPEC_DETAILS.withJobName("key " + MockApi.API_KEY);
      try (BulkClient client = api.client()) {
        client.submit(leaky);
      }
      api.assertClean(2);
    }

    byte[] all = Files.readAllBytes(LOG);
    String log = new String(all, (int) start, all.length - (int) start, StandardCharsets.UTF_8);
    assertThat(log).doesNotContain(MockApi.API_KEY);
    assertThat(log).containsPattern("POST /v1/bulk/property-details -> 503 in \\d+ ms \\(retries: 0\\)");
    assertThat(log).contains("POST /v1/bulk/property-details: retry 1 of 2 in 438 ms");
    assertThat(log).containsPattern("POST /v1/bulk/property-details -> 202 in \\d+ ms \\(retries: 1\\)");
    assertThat(log).contains("\"job_name\":\"key ***\"");
  }
}
