package dev.bulkestate.client;

import static dev.bulkestate.client.MockApi.resource;
import static dev.bulkestate.client.MockApi.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.jobs.JobHandle;
import dev.bulkestate.core.jobs.PollPolicy;
import dev.bulkestate.core.jobs.Sleeper;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookSigner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Jobs followed through {@link JobHandle} from submission to their last result page. */
@Timeout(30)
class JobFlowTest {
  private final MockApi api = new MockApi();

  @AfterEach
  void close() {
    api.close();
  }

  private static String job(String status, int percent) {
    int processed = percent * 10;
    return """
        {"status": "success", "data": {"job_id": "job_abc123", "status": "%s",
         "progress": {"total_records": 1000, "processed": %d, "successful": %d, "failed": 0,
          "percent_complete": %d}}}""".formatted(status, processed, processed, percent);
  }

  private static String page(int page) {
    String results = IntStream.rangeClosed((page - 1) * 100 + 1, page * 100)
        .mapToObj(i -> "{\"id\": \"r%04d\", \"status\": \"success\", \"data\": {\"n\": %d}}"
            .formatted(i, i))
        .collect(Collectors.joining(","));
    return """
        {"status": "success", "data": {"job_id": "job_abc123", "status": "completed",
         "results": [%s],
         "pagination": {"page": %d, "limit": 100, "total_results": 1000, "has_more": %s}}}"""
        .formatted(results, page, page < 10);
  }

  @Test
  void followsAJobFromSubmissionToItsLastResultPage() {
    api.enqueueJson(202, resource("response-submit-accepted.json"));
    api.enqueueJson(200, job("queued", 0));
    for (int percent = 10; percent <= 100; percent += 10) {
      api.enqueueJson(200, job("processing", percent));
    }
    api.enqueueJson(200, job("completed", 100));
    for (int page = 1; page <= 10; page++) {
      api.enqueueJson(200, page(page));
    }
    List<Integer> progress = new ArrayList<>();
    PollPolicy policy = new PollPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4), 2.0, 0.0);

    List<RecordResult> results;
    Job done;
    try (BulkClient client = api.clientBuilder().pollPolicy(policy).build()) {
      JobHandle handle = client.submitJob(ContractTest.SPEC_DETAILS, RequestOptions.none(),
          b -> b.onProgress(job -> progress.add(job.progress().percentComplete())));
      done = handle.await();
      results = handle.results().stream().toList();
    }

    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(progress).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100);
    Duration s1 = Duration.ofSeconds(1);
    Duration s2 = Duration.ofSeconds(2);
    Duration s4 = Duration.ofSeconds(4);
    assertThat(api.time.sleeps()).containsExactly(s1, s2, s4, s4, s4, s4, s4, s4, s4, s4, s4);
    assertThat(results).hasSize(1000);
    assertThat(results).extracting(RecordResult::id).containsExactlyElementsOf(
        IntStream.rangeClosed(1, 1000).mapToObj(i -> "r%04d".formatted(i)).toList());

    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/v1/bulk/property-details");
    for (int poll = 0; poll < 12; poll++) {
      RecordedRequest request = api.take();
      assertThat(request.getMethod()).isEqualTo("GET");
      assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/bulk/jobs/job_abc123");
    }
    for (int page = 1; page <= 10; page++) {
      RecordedRequest request = api.take();
      assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/bulk/jobs/job_abc123/results");
      assertThat(request.getUrl().encodedQuery()).isEqualTo("page=" + page + "&limit=100");
    }
    api.assertClean(23);
  }

  @Test
  void aWebhookEndsTheWaitWithoutFurtherPolling() throws Exception {
    api.enqueueJson(202, resource("response-submit-accepted.json"));
    api.enqueueJson(200, job("processing", 40));
    api.enqueueJson(200, job("completed", 100));
    List<WebhookEvent> events = new CopyOnWriteArrayList<>();
    // A 60 s poll interval: the test's 30 s timeout fails it unless the webhook ends the wait.
    PollPolicy slow = new PollPolicy(Duration.ofSeconds(60), Duration.ofSeconds(60), 1.0, 0.0);

    HttpServer receiver = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try (BulkClient client = api.clientBuilder().pollPolicy(slow).sleeper(Sleeper.system())
        .build()) {
      receiver.createContext("/hooks", new WebhookHttpHandler(
          client.webhookReceiver(WebhookReceiverTest.VERIFIER, events::add)));
      receiver.start();

      JobHandle handle = client.propertyDetails(ContractTest.SPEC_DETAILS);
      CompletableFuture<Job> waiting = handle.awaitAsync();
      assertThat(api.take().getMethod()).isEqualTo("POST");
      assertThat(api.take().getUrl().encodedPath()).isEqualTo("/v1/bulk/jobs/job_abc123");

      assertThat(postSigned(receiver, "msg_done", resource("webhook-job-completed.json")))
          .isEqualTo(204);

      Job job = waiting.get(10, TimeUnit.SECONDS);
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(api.take().getUrl().encodedPath()).isEqualTo("/v1/bulk/jobs/job_abc123");
    } finally {
      receiver.stop(0);
    }
    assertThat(events).singleElement().isInstanceOf(WebhookEvent.JobCompleted.class);
    api.assertClean(3);
  }

  private int postSigned(HttpServer server, String id, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Request.Builder request = new Request.Builder()
        .url("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks")
        .post(RequestBody.create(bytes, MediaType.get("application/json")));
    new WebhookSigner(WebhookReceiverTest.SECRET).headers(id, WebhookReceiverTest.NOW, bytes)
        .forEach(request::header);
    try (Response response = api.http.newCall(request.build()).execute()) {
      return response.code();
    }
  }

  @Test
  void theRouterWakesOnlyTheEndedJobsHandles() throws Exception {
    try (BulkClient client = api.client()) {
      JobHandle mine = client.handle("job_abc123");
      JobHandle other = client.handle("job_other");
      WebhookEvent completed = dev.bulkestate.core.json.BulkJson.mapper()
          .readValue(resource("webhook-job-completed.json"), WebhookEvent.class);
      WebhookEvent progress = dev.bulkestate.core.json.BulkJson.mapper()
          .readValue(resource("webhook-progress-update.json"), WebhookEvent.class);

      assertThat(client.webhookRouter().size()).isEqualTo(2);
      assertThat(client.webhookRouter().route(progress)).isZero();
      assertThat(client.webhookRouter().route(completed)).isEqualTo(1);
      client.webhookRouter().unregister(mine);
      assertThat(client.webhookRouter().route(completed)).isZero();
      assertThat(other.jobId()).isEqualTo("job_other");
    }
    api.assertClean(0);
  }

  @Test
  void submitsAnInputAboveTheLimitInChunksWithDerivedKeys() {
    for (int i = 1; i <= 3; i++) {
      api.enqueueJson(202, resource("response-submit-accepted.json").replace("job_abc123", "job_" + i));
    }
    PropertyDetailsRequest request = PropertyDetailsRequest.builder().jobName("Portfolio")
        .addAll(IntStream.rangeClosed(1, 2500)
            .mapToObj(i -> PropertyRef.byPropertyId("p" + i, "PROP" + i)).toList())
        .build();

    List<JobHandle> handles;
    try (BulkClient client = api.client()) {
      handles = client.submitChunked(request, "import-42");
      assertThat(client.webhookRouter().size()).isEqualTo(3);
    }

    assertThat(handles).extracting(JobHandle::jobId).containsExactly("job_1", "job_2", "job_3");
    int[] sizes = {1000, 1000, 500};
    for (int i = 0; i < 3; i++) {
      RecordedRequest sent = api.take();
      assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/bulk/property-details");
      assertThat(sent.getHeaders().get("Idempotency-Key"))
          .matches("import-42-" + (i + 1) + "of3-[0-9a-f]{16}");
      JsonNode body = tree(sent.getBody().utf8());
      assertThat(body.get("job_name").asText()).isEqualTo("Portfolio (part " + (i + 1) + "/3)");
      assertThat(body.get("properties").size()).isEqualTo(sizes[i]);
      assertThat(body.get("properties").get(0).get("id").asText()).isEqualTo("p" + (i * 1000 + 1));
    }
    api.assertClean(3);
  }

  @Test
  void eachTypeHasAFluentSubmitThatReturnsARegisteredHandle() {
    for (int i = 0; i < 5; i++) {
      api.enqueueJson(202, resource("response-submit-accepted.json").replace("job_abc123", "job_" + i));
    }
    List<JobHandle> handles = new ArrayList<>();
    try (BulkClient client = api.client()) {
      handles.add(client.propertyDetails(ContractTest.SPEC_DETAILS));
      handles.add(client.propertySearch(dev.bulkestate.core.request.PropertySearchRequest.builder()
          .add(new dev.bulkestate.core.request.SearchQuery("s1",
              dev.bulkestate.core.request.SearchCriteria.zip("78701"), null)).build()));
      handles.add(client.skipTrace(dev.bulkestate.core.request.SkipTraceRequest.builder()
          .add(dev.bulkestate.core.request.SkipTraceRecord.byPhone("l1", "214-555-0123")).build()));
      handles.add(client.addressVerification(
          dev.bulkestate.core.request.AddressVerificationRequest.builder()
              .add(dev.bulkestate.core.request.AddressInput.full("a1", "1 Main St, Austin, TX"))
              .build(), RequestOptions.idempotencyKey("mine")));
      handles.add(client.valuations(dev.bulkestate.core.request.ValuationsRequest.builder()
          .add(PropertyRef.byPropertyId("v1", "PROP1")).build()));
      assertThat(client.webhookRouter().size()).isEqualTo(5);
    }

    assertThat(handles).extracting(JobHandle::jobId)
        .containsExactly("job_0", "job_1", "job_2", "job_3", "job_4");
    List<String> paths = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RecordedRequest request = api.take();
      paths.add(request.getUrl().encodedPath());
      keys.add(request.getHeaders().get("Idempotency-Key"));
    }
    assertThat(paths).containsExactly("/v1/bulk/property-details", "/v1/bulk/property-search",
        "/v1/bulk/skip-trace/async", "/v1/bulk/address-verification", "/v1/bulk/valuations");
    assertThat(keys).containsExactly("idem-1", "idem-2", "idem-3", "mine", "idem-4");
    api.assertClean(5);
  }
}
