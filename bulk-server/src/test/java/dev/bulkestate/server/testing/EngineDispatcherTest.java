package dev.bulkestate.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.client.BulkClient;
import dev.bulkestate.client.RetryPolicy;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.NotFoundException;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.ServerException;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.server.contract.ContractEngines;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MockWebServer in front of the real engine: recording, scripted faults, decorated answers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EngineDispatcherTest {
  static final String KEY = "dispatcher_key_4321";

  InMemoryBulkEngine engine;
  EngineDispatcher dispatcher;
  MockWebServer server;
  List<Duration> waits = new CopyOnWriteArrayList<>();
  BulkClient client;

  @BeforeEach
  void start() throws Exception {
    engine = ContractEngines.engine();
    dispatcher = EngineDispatcher.builder(engine).apiKey(KEY, 100).build();
    server = new MockWebServer();
    server.setDispatcher(dispatcher);
    server.start(InetAddress.getLoopbackAddress(), 0);
    client = BulkClient.builder().baseUrl(server.url("/v1").toString()).apiKey(KEY)
        .retryPolicy(RetryPolicy.builder().maxRetries(2).build())
        .sleeper((wait, wakeup) -> waits.add(wait)).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    engine.close();
  }

  static PropertyDetailsRequest twoProperties() {
    return PropertyDetailsRequest.builder().add(PropertyRef.byPropertyId("d1", "P1"))
        .add(PropertyRef.byPropertyId("fail-d2", "P2")).build();
  }

  @Test
  void answersWithTheEngineAndRecordsEveryRequest() throws Exception {
    JobAccepted accepted = client.submit(twoProperties());
    assertThat(engine.forApiKey(KEY).getJob(accepted.jobId()).jobId()).isEqualTo(accepted.jobId());
    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/bulk/property-details");
    assertThat(recorded.getHeaders().get("X-API-Key")).isEqualTo(KEY);
    assertThat(recorded.getBody().utf8()).contains("\"id\":\"fail-d2\"");
    assertThat(engine.availableCredits(KEY)).isLessThanOrEqualTo(100);

    assertThatThrownBy(() -> client.getJob("job_nope")).isInstanceOf(NotFoundException.class);
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/v1/bulk/jobs/job_nope");
  }

  @Test
  void scriptedFaultsComeFirstAndTheRetryGetsTheRealAnswer() throws Exception {
    dispatcher.enqueueFault(new MockResponse.Builder().code(503).body("upstream down").build());
    dispatcher.enqueueFault(new MockResponse.Builder().code(502).build());
    JobAccepted accepted = client.submit(twoProperties());
    assertThat(dispatcher.pendingFaults()).isZero();
    assertThat(waits).hasSize(2);
    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest third = server.takeRequest(5, TimeUnit.SECONDS);
    String key = first.getHeaders().get("Idempotency-Key");
    assertThat(key).isNotBlank();
    assertThat(second.getHeaders().get("Idempotency-Key")).isEqualTo(key);
    assertThat(third.getHeaders().get("Idempotency-Key")).isEqualTo(key);
    // Only the third attempt reached the engine: one job, no duplicate.
    assertThat(engine.forApiKey(KEY).listJobs(dev.bulkestate.core.JobListQuery.first()).jobs())
        .extracting(j -> j.jobId()).containsExactly(accepted.jobId());
  }

  @Test
  void faultsCanTargetOneRoute() {
    JobAccepted accepted = client.submit(twoProperties());
    dispatcher.enqueueFault(r -> r.getUrl().encodedPath().endsWith("/results"),
        new MockResponse.Builder().code(500).build());
    dispatcher.enqueueFault(r -> r.getUrl().encodedPath().endsWith("/results"),
        new MockResponse.Builder().code(500).build());
    dispatcher.enqueueFault(r -> r.getUrl().encodedPath().endsWith("/results"),
        new MockResponse.Builder().code(500).build());
    assertThat(client.getJob(accepted.jobId()).jobId()).isEqualTo(accepted.jobId());
    assertThatThrownBy(() -> client.getResults(accepted.jobId(), ResultsQuery.first()))
        .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
    assertThat(dispatcher.pendingFaults()).isZero();
  }

  @Test
  void decoratedAnswersKeepTheirMeaning() {
    dispatcher.decorateResponses(b -> b.throttleBody(64, 1, TimeUnit.MILLISECONDS)
        .setHeader("X-Test", "decorated"));
    JobAccepted accepted = client.submit(twoProperties());
    awaitDone(accepted.jobId());
    List<RecordResult> results = client.getResults(accepted.jobId(), ResultsQuery.first()).results();
    assertThat(results).extracting(RecordResult::id).containsExactly("d1", "fail-d2");
  }

  private void awaitDone(String jobId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!engine.forApiKey(KEY).getJob(jobId).isFinished()) {
      assertThat(System.nanoTime()).as("job finished in time").isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
