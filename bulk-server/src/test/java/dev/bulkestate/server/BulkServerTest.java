package dev.bulkestate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.core.json.BulkJson;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP layer in front of a recording service: envelopes, headers, mapping, shutdown. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BulkServerTest {
  static final String KEY = "key_server_test_9876";
  static final MediaType JSON = MediaType.get("application/json");
  static final String SPEC_BODY = """
      {
        "job_name": "Q1 2024 Portfolio Analysis",
        "properties": [
          {"id": "prop1", "address": "123 Main St, Austin, TX 78701"},
          {"id": "prop2", "property_id": "PROP123456"},
          {"id": "prop3", "apn": "456-789-012", "county": "Travis", "state": "TX"}
        ],
        "options": {"include": ["ownership", "tax", "sales", "valuation", "demographics"],
                    "format": "json", "delivery_method": "webhook"},
        "webhook": {"url": "https://your-app.com/webhooks/bulk-results",
                    "events": ["job_completed", "job_failed", "progress_update"]}
      }""";

  RecordingService service;
  BulkServer server;
  OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(15)).build();

  @BeforeEach
  void start() {
    service = new RecordingService();
    server = BulkServer.builder(service).port(0).apiKey(KEY, 1_000)
        .publicBaseUrl("https://bulk.example.com/").build().start();
  }

  @AfterEach
  void stop() {
    http.connectionPool().evictAll(); // idle keep-alive connections would hold up the graceful stop
    server.close();
  }

  @Test
  void theSpecRequestGetsTheSpecResponseShape() throws IOException {
    try (Response response = post("/v1/bulk/property-details", SPEC_BODY, null)) {
      assertThat(response.code()).isEqualTo(202);
      JsonNode body = json(response);
      assertThat(body.get("status").asText()).isEqualTo("success");
      JsonNode data = body.get("data");
      assertThat(data.get("job_id").asText()).isEqualTo("job_1");
      assertThat(data.get("status").asText()).isEqualTo("queued");
      assertThat(data.get("created_at").asText()).isEqualTo("2026-01-15T10:30:00Z");
      assertThat(data.get("total_records").asInt()).isEqualTo(3);
      assertThat(data.get("credits_estimated").asInt()).isEqualTo(3);
      assertThat(data.get("webhook_configured").asBoolean()).isTrue();
      assertThat(data.has("estimated_completion")).isTrue();
      assertThat(response.header("Location")).isEqualTo("https://bulk.example.com/v1/bulk/jobs/job_1");
    }
    assertThat(service.calls).containsExactly("submit property-details");
  }

  @Test
  void theIdempotencyKeyHeaderReachesTheService() throws IOException {
    try (Response response = post("/v1/bulk/property-details", SPEC_BODY, "order-2024-17")) {
      assertThat(response.code()).isEqualTo(202);
    }
    try (Response response = post("/v1/bulk/skip-trace", "{\"records\":[{\"id\":\"a\",\"phone\":\"1\"}]}", null)) {
      assertThat(response.code()).isEqualTo(202);
    }
    assertThat(service.options).extracting(o -> o.idempotencyKey()).containsExactly("order-2024-17", null);
  }

  @Test
  void everyRouteReachesItsServiceCall() throws IOException {
    try (Response r = post("/v1/bulk/skip-trace/async", "{\"records\":[{\"id\":\"a\",\"phone\":\"1\"}]}", null)) {
      assertThat(r.code()).isEqualTo(202);
    }
    String[][] gets = {
        {"/v1/bulk/jobs/job_1", "200"},
        {"/v1/bulk/jobs/job_1/results?page=2&limit=7&status=failed", "200"},
        {"/v1/bulk/jobs?status=completed&page=3&limit=9", "200"},
        {"/v1/account/usage", "200"}};
    for (String[] get : gets) {
      try (Response r = call("GET", get[0], null)) {
        assertThat(r.code()).as(get[0]).isEqualTo(Integer.parseInt(get[1]));
        assertThat(json(r).get("status").asText()).isEqualTo("success");
      }
    }
    try (Response r = post("/v1/bulk/skip-trace/sync", "{\"records\":[{\"id\":\"a\",\"phone\":\"1\"}]}", null)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(json(r).at("/data/summary/total").asInt()).isEqualTo(1);
    }
    try (Response r = post("/v1/bulk/valuations/estimate", "{\"properties\":[{\"id\":\"a\",\"property_id\":\"P\"}]}", null)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(json(r).at("/data/credits_estimated").asInt()).isEqualTo(1);
    }
    try (Response r = post("/v1/bulk/jobs/job_1/cancel", "", null)) {
      assertThat(r.code()).isEqualTo(409);
      assertThat(json(r).at("/error/code").asText()).isEqualTo("JOB_NOT_CANCELLABLE");
    }
    try (Response r = post("/v1/bulk/jobs/job_1/retry", "", null)) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(json(r).at("/error/details/field").asText()).isEqualTo("job_id");
    }
    assertThat(service.calls).containsExactly("submit skip-trace", "getJob job_1",
        "getResults job_1 2 7 failed", "listJobs 3 9 completed", "usage", "skipTraceSync",
        "estimate valuations", "cancel job_1", "retryFailed job_1");
  }

  @Test
  void resultsComeAsCsvByAcceptHeaderOrFormatParameter() throws IOException {
    post("/v1/bulk/property-details", SPEC_BODY, null).close();
    Request byAccept = new Request.Builder().url(server.url() + "/v1/bulk/jobs/job_1/results")
        .header("X-API-Key", KEY).header("Accept", "text/csv").build();
    try (Response r = http.newCall(byAccept).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
      assertThat(r.body().string()).isEqualTo("id,status\nprop1,success\nprop2,success\nprop3,success\n");
    }
    try (Response r = call("GET", "/v1/bulk/jobs/job_1/results?format=csv&limit=1", null)) {
      assertThat(r.body().string()).isEqualTo("id,status\nprop1,success\n");
    }
    Request jsonWins = new Request.Builder().url(server.url() + "/v1/bulk/jobs/job_1/results?format=json")
        .header("X-API-Key", KEY).header("Accept", "text/csv").build();
    try (Response r = http.newCall(jsonWins).execute()) {
      assertThat(r.header("Content-Type")).startsWith("application/json");
    }
  }

  @Test
  void rateLimitedAnswersCarryRetryAfterInWholeSeconds() throws IOException {
    service.rateLimitNext = Duration.ofMillis(2_500);
    try (Response r = post("/v1/bulk/property-details", SPEC_BODY, null)) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.header("Retry-After")).isEqualTo("3");
      assertThat(json(r).at("/error/code").asText()).isEqualTo("RATE_LIMITED");
    }
  }

  @Test
  void aFaultOfTheServiceIsA500WithoutItsDetails() throws IOException {
    service.failNext = new IllegalStateException("dev.bulkestate.engine.Secret broke at line 7");
    try (Response r = call("GET", "/v1/bulk/jobs/job_1", null)) {
      assertThat(r.code()).isEqualTo(500);
      String requestId = r.header("X-Request-Id");
      String text = r.body().string();
      assertThat(text).doesNotContain("Secret", "dev.bulkestate", "IllegalState", "line 7");
      JsonNode error = BulkJson.mapper().readTree(text).get("error");
      assertThat(error.get("code").asText()).isEqualTo("INTERNAL_ERROR");
      assertThat(error.get("message").asText()).contains(requestId);
    }
  }

  @Test
  void healthNeedsNoKeyAndEveryAnswerHasARequestId() throws IOException {
    try (Response r = call("GET", "/health", null)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo("{\"status\":\"success\",\"data\":{\"status\":\"ok\"}}");
      assertThat(r.header("X-Request-Id")).matches("req_[0-9a-f]+");
    }
    assertThat(service.calls).isEmpty();
  }

  @Test
  void aRequestInFlightFinishesBeforeTheServiceIsClosed() throws Exception {
    service.release = new CountDownLatch(1);
    CountDownLatch inside = new CountDownLatch(1);
    service.entered = inside;
    CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> {
      try (Response r = post("/v1/bulk/property-details", SPEC_BODY, null)) {
        return r.code();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    assertThat(service.closed).isFalse();
    service.release.countDown();
    assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(202);
    closing.get(10, TimeUnit.SECONDS);
    assertThat(service.closed).isTrue();
    int port = server.port();
    assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void theHandlerAnswers503WhileDraining() {
    server.handler().startDraining();
    ApiResponse health = server.handler().handle(new ApiRequest("GET", "/health", null, null, 0, null));
    assertThat(health.status()).isEqualTo(503);
    ApiResponse job = server.handler().handle(new ApiRequest("GET", "/v1/bulk/jobs/job_1", null,
        java.util.Map.of("X-API-Key", KEY), 0, null));
    assertThat(job.status()).isEqualTo(503);
    assertThat(job.header("Retry-After")).isEqualTo("1");
    assertThat(job.bodyText()).contains("\"code\":\"UNAVAILABLE\"");
  }

  @Test
  void keysAreMaskedForPrinting() {
    assertThat(BulkServer.maskKey("key_live_abcdef123456")).isEqualTo("*****************3456");
    assertThat(BulkServer.maskKey("abcdef")).isEqualTo("****ef");
    assertThat(BulkServer.maskKey("abc")).isEqualTo("****");
  }

  @Test
  void theBuilderRefusesBadSettings() {
    assertThatThrownBy(() -> BulkServer.builder(service).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> BulkServer.builder(service).apiKey(" padded ", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BulkServer.builder(service).port(70_000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BulkServer.builder(service).maxBodyBytes(10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BulkServer.builder(service).publicBaseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  Response post(String path, String body, String idempotencyKey) throws IOException {
    Request.Builder builder = new Request.Builder().url(server.url() + path).header("X-API-Key", KEY)
        .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON));
    if (idempotencyKey != null) {
      builder.header("Idempotency-Key", idempotencyKey);
    }
    return http.newCall(builder.build()).execute();
  }

  Response call(String method, String path, String body) throws IOException {
    return http.newCall(new Request.Builder().url(server.url() + path).header("X-API-Key", KEY)
        .method(method, body == null ? null : RequestBody.create(body, JSON)).build()).execute();
  }

  static JsonNode json(Response response) throws IOException {
    return BulkJson.mapper().readTree(response.body().string());
  }
}
