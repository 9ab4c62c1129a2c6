package dev.bulkestate.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.client.BulkClient;
import dev.bulkestate.core.BulkService;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.server.BulkServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension as an instance field: a fresh server per test, injected parameters. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BulkServerExtensionTest {
  @RegisterExtension
  final BulkServerExtension bulk = BulkServerExtension.builder()
      .service(ContractEngines::engine)
      .apiKey("ext_key_0001", 7)
      .build();

  @Test
  void givesARunningServerAndAConfiguredClient(BulkClient client, BulkServer server, BulkService service) {
    assertThat(server.url()).startsWith("http://127.0.0.1:");
    assertThat(client.baseUrl()).isEqualTo(server.url() + "/v1");
    assertThat(service.availableCredits("ext_key_0001")).isEqualTo(7);
    JobAccepted accepted = client.submit(PropertyDetailsRequest.builder()
        .add(PropertyRef.byPropertyId("x1", "P1")).build());
    assertThat(bulk.service().forApiKey("ext_key_0001").getJob(accepted.jobId()).jobId())
        .isEqualTo(accepted.jobId());
  }

  @Test
  void eachTestGetsItsOwnService(BulkService service) {
    assertThat(service.forApiKey("ext_key_0001").listJobs(dev.bulkestate.core.JobListQuery.first()).jobs())
        .isEmpty();
  }
}
