package dev.bulkestate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.server.contract.ContractEngines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile requests against a running server: each gets its documented 4xx in the
 * envelope, none reaches the service when it should not, and the server stays healthy. The server
 * runs the real in-memory engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileRequestsTest {
  static final String ALPHA = "key_alpha_0001";
  static final String BETA = "key_beta_0002";
  static final MediaType JSON = MediaType.get("application/json");

  CountingService service;
  BulkServer server;
  OkHttpClient http;
  String alphaJob;

  @BeforeAll
  void start() throws IOException {
    service = new CountingService(ContractEngines.engine());
    server = BulkServer.builder(service).port(0).apiKey(ALPHA, 1_000_000).apiKey(BETA, 100)
        .maxBodyBytes(4L * 1024 * 1024).build().start();
    http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20))
        .writeTimeout(Duration.ofSeconds(20)).build();
    Response created = call("POST", "/v1/bulk/property-details", ALPHA,
        "{\"properties\":[{\"id\":\"p1\",\"property_id\":\"PROP1\"}]}", Map.of());
    assertThat(created.code()).isEqualTo(202);
    alphaJob = json(created).at("/data/job_id").asText();
  }

  @AfterAll
  void stop() {
    http.connectionPool().evictAll();
    server.close();
  }

  static String records(String field, int n, String template) {
    StringBuilder out = new StringBuilder("{\"" + field + "\":[");
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",").append(template.replace("#", Integer.toString(i)));
    }
    return out.append("]}").toString();
  }

  static String nested(int depth) {
    return "{\"properties\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  /** name, method, path, key, body, expected status, expected code, expected details.field. */
  static Stream<Arguments> cases() {
    String p = "/v1/bulk/property-details";
    String one = "{\"properties\":[{\"id\":\"a\",\"address\":\"1 Main St, Austin, TX 78701\"}]";
    List<Arguments> list = new ArrayList<>();
    list.add(Arguments.of("broken JSON", "POST", p, ALPHA, "{\"properties\": [", 400, "INVALID_JSON", null));
    list.add(Arguments.of("unquoted name", "POST", p, ALPHA, "{properties: []}", 400, "INVALID_JSON", null));
    list.add(Arguments.of("trailing garbage", "POST", p, ALPHA, one + "} xyz", 400, "INVALID_JSON", null));
    list.add(Arguments.of("empty body", "POST", p, ALPHA, "", 400, "INVALID_JSON", null));
    list.add(Arguments.of("duplicate JSON key", "POST", p, ALPHA,
        "{\"job_name\":\"a\",\"job_name\":\"b\"}", 400, "INVALID_JSON", null));
    list.add(Arguments.of("nesting 5000 deep", "POST", p, ALPHA, nested(5000), 400, "INVALID_JSON", null));
    list.add(Arguments.of("array body", "POST", p, ALPHA, "[1,2]", 400, "VALIDATION_ERROR", "body"));
    list.add(Arguments.of("string body", "POST", p, ALPHA, "\"hello\"", 400, "VALIDATION_ERROR", "body"));
    list.add(Arguments.of("records as string", "POST", p, ALPHA, "{\"properties\":\"abc\"}",
        400, "VALIDATION_ERROR", "properties"));
    list.add(Arguments.of("id as object", "POST", p, ALPHA,
        "{\"properties\":[{\"id\":\"a\",\"address\":\"x\"},{\"id\":{\"x\":1}}]}", 400, "VALIDATION_ERROR",
        "properties[1].id"));
    list.add(Arguments.of("include as number", "POST", p, ALPHA,
        "{\"properties\":[{\"id\":\"a\",\"address\":\"x\"}],\"options\":{\"include\":5}}", 400,
        "VALIDATION_ERROR", "options.include"));
    list.add(Arguments.of("number out of range", "POST", "/v1/bulk/property-search", ALPHA,
        "{\"searches\":[{\"id\":\"s\",\"criteria\":{\"zip\":\"78701\"},\"max_results\":99999999999999999999}]}",
        400, "VALIDATION_ERROR", "searches[0].max_results"));
    list.add(Arguments.of("boolean as string", "POST", "/v1/bulk/address-verification", ALPHA,
        "{\"addresses\":[{\"id\":\"a\",\"full_address\":\"1 Main St\"}],\"options\":{\"geocode\":[1]}}",
        400, "VALIDATION_ERROR", "options.geocode"));
    list.add(Arguments.of("missing records", "POST", p, ALPHA, "{\"job_name\":\"x\"}", 400,
        "VALIDATION_ERROR", "properties"));
    list.add(Arguments.of("empty records", "POST", p, ALPHA, "{\"properties\":[]}", 400,
        "VALIDATION_ERROR", "properties"));
    list.add(Arguments.of("null record", "POST", p, ALPHA, "{\"properties\":[null]}", 400,
        "VALIDATION_ERROR", "properties[0]"));
    list.add(Arguments.of("duplicate ids", "POST", p, ALPHA,
        "{\"properties\":[{\"id\":\"a\",\"address\":\"x\"},{\"id\":\"a\",\"address\":\"y\"}]}", 400,
        "VALIDATION_ERROR", "properties[1].id"));
    list.add(Arguments.of("blank id", "POST", p, ALPHA, "{\"properties\":[{\"id\":\" \",\"address\":\"x\"}]}",
        400, "VALIDATION_ERROR", "properties[0].id"));
    list.add(Arguments.of("job name too long", "POST", p, ALPHA,
        "{\"job_name\":\"" + "n".repeat(300) + "\",\"properties\":[{\"id\":\"a\",\"address\":\"x\"}]}",
        400, "VALIDATION_ERROR", "job_name"));
    list.add(Arguments.of("webhook ftp", "POST", p, ALPHA, one + ",\"webhook\":{\"url\":\"ftp://x.test/h\"}}",
        400, "VALIDATION_ERROR", "webhook.url"));
    list.add(Arguments.of("webhook unknown event", "POST", p, ALPHA,
        one + ",\"webhook\":{\"url\":\"https://x.test/h\",\"events\":[\"explode\"]}}", 400,
        "VALIDATION_ERROR", "webhook.events[0]"));
    list.add(Arguments.of("unknown include section", "POST", p, ALPHA,
        one + ",\"options\":{\"include\":[\"secrets\"]}}", 400, "VALIDATION_ERROR", "options.include[0]"));
    list.add(Arguments.of("fcra without purpose", "POST", "/v1/bulk/skip-trace/async", ALPHA,
        "{\"records\":[{\"id\":\"l\",\"phone\":\"214-555-0123\"}],\"options\":{\"compliance_mode\":\"fcra\"}}",
        400, "VALIDATION_ERROR", "options.permissible_purpose"));
    list.add(Arguments.of("11,000 records", "POST", "/v1/bulk/address-verification", ALPHA,
        records("addresses", 11_000, "{\"id\":\"a#\",\"full_address\":\"# Main St, Austin, TX\"}"),
        413, "BATCH_TOO_LARGE", "addresses"));
    list.add(Arguments.of("1,001 property details", "POST", p, ALPHA,
        records("properties", 1_001, "{\"id\":\"p#\",\"property_id\":\"P#\"}"), 413, "BATCH_TOO_LARGE",
        "properties"));
    list.add(Arguments.of("101 sync skip traces", "POST", "/v1/bulk/skip-trace/sync", ALPHA,
        records("records", 101, "{\"id\":\"r#\",\"phone\":\"214-555-0123\"}"), 413, "BATCH_TOO_LARGE",
        "records"));
    list.add(Arguments.of("unknown job type", "POST", "/v1/bulk/teleportation", ALPHA, one + "}", 400,
        "VALIDATION_ERROR", "job_type"));
    list.add(Arguments.of("unknown type estimate", "POST", "/v1/bulk/nope/estimate", ALPHA, one + "}", 400,
        "VALIDATION_ERROR", "job_type"));
    list.add(Arguments.of("quota exceeded", "POST", p, BETA,
        records("properties", 500, "{\"id\":\"p#\",\"property_id\":\"P#\"}"), 402, "QUOTA_EXCEEDED", null));
    list.add(Arguments.of("unknown path", "GET", "/v1/nothing/here", ALPHA, null, 404, "NOT_FOUND", null));
    list.add(Arguments.of("no /v1 prefix", "GET", "/bulk/jobs", ALPHA, null, 404, "NOT_FOUND", null));
    list.add(Arguments.of("root", "GET", "/", ALPHA, null, 404, "NOT_FOUND", null));
    list.add(Arguments.of("wrong method on job", "DELETE", "/v1/bulk/jobs/job_1", ALPHA, null, 405,
        "METHOD_NOT_ALLOWED", null));
    list.add(Arguments.of("GET on submit", "GET", p, ALPHA, null, 405, "METHOD_NOT_ALLOWED", null));
    list.add(Arguments.of("TRACE", "TRACE", "/v1/bulk/jobs", ALPHA, null, 405, "METHOD_NOT_ALLOWED", null));
    list.add(Arguments.of("PROPFIND", "PROPFIND", "/v1/bulk/jobs", ALPHA, null, 405, "METHOD_NOT_ALLOWED", null));
    list.add(Arguments.of("PROPFIND unknown path", "PROPFIND", "/nowhere", ALPHA, null, 404, "NOT_FOUND", null));
    list.add(Arguments.of("PUT on results", "PUT", "/v1/bulk/jobs/job_1/results", ALPHA, "{}", 405,
        "METHOD_NOT_ALLOWED", null));
    list.add(Arguments.of("page=0", "GET", "/v1/bulk/jobs/JOB/results?page=0", ALPHA, null, 400,
        "VALIDATION_ERROR", "page"));
    list.add(Arguments.of("limit=100000", "GET", "/v1/bulk/jobs/JOB/results?limit=100000", ALPHA, null,
        400, "VALIDATION_ERROR", "limit"));
    list.add(Arguments.of("page=abc", "GET", "/v1/bulk/jobs/JOB/results?page=abc", ALPHA, null, 400,
        "VALIDATION_ERROR", "page"));
    list.add(Arguments.of("limit=-5", "GET", "/v1/bulk/jobs?limit=-5", ALPHA, null, 400,
        "VALIDATION_ERROR", "limit"));
    list.add(Arguments.of("page overflow", "GET", "/v1/bulk/jobs?page=99999999999", ALPHA, null, 400,
        "VALIDATION_ERROR", "page"));
    list.add(Arguments.of("unknown record status", "GET", "/v1/bulk/jobs/JOB/results?status=weird", ALPHA,
        null, 400, "VALIDATION_ERROR", "status"));
    list.add(Arguments.of("unknown job status", "GET", "/v1/bulk/jobs?status=sleeping", ALPHA, null, 400,
        "VALIDATION_ERROR", "status"));
    list.add(Arguments.of("format=xml", "GET", "/v1/bulk/jobs/JOB/results?format=xml", ALPHA, null, 400,
        "VALIDATION_ERROR", "format"));
    list.add(Arguments.of("broken query escape", "GET", "/v1/bulk/jobs?page=%zz", ALPHA, null, 400,
        "VALIDATION_ERROR", "query"));
    list.add(Arguments.of("another key's job", "GET", "/v1/bulk/jobs/JOB", BETA, null, 404,
        "JOB_NOT_FOUND", null));
    list.add(Arguments.of("another key's results", "GET", "/v1/bulk/jobs/JOB/results", BETA, null, 404,
        "JOB_NOT_FOUND", null));
    list.add(Arguments.of("another key's cancel", "POST", "/v1/bulk/jobs/JOB/cancel", BETA, null, 404,
        "JOB_NOT_FOUND", null));
    list.add(Arguments.of("no key", "GET", "/v1/bulk/jobs/JOB", null, null, 401, "UNAUTHORIZED", null));
    list.add(Arguments.of("wrong key", "GET", "/v1/bulk/jobs/JOB", "key_alpha_0002", null, 401,
        "UNAUTHORIZED", null));
    list.add(Arguments.of("key prefix only", "POST", p, "key_alpha", one + "}", 401, "UNAUTHORIZED", null));
    list.add(Arguments.of("encoded traversal in id", "GET", "/v1/bulk/jobs/..%2F..%2Fetc%2Fpasswd", ALPHA,
        null, 404, "JOB_NOT_FOUND", null));
    // Jetty resolves the dot segment before routing: this is GET /v1/bulk/results.
    list.add(Arguments.of("dotted id", "GET", "/v1/bulk/jobs/%2e%2e/results", ALPHA, null, 405,
        "METHOD_NOT_ALLOWED", null));
    list.add(Arguments.of("id of 300 chars", "GET", "/v1/bulk/jobs/" + "j".repeat(300), ALPHA, null, 404,
        "JOB_NOT_FOUND", null));
    list.add(Arguments.of("unicode id", "GET", "/v1/bulk/jobs/%E2%98%83", ALPHA, null, 404,
        "JOB_NOT_FOUND", null));
    list.add(Arguments.of("broken path escape", "GET", "/v1/bulk/jobs/%zz", ALPHA, null, 400,
        "VALIDATION_ERROR", null));
    return list.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersWithTheDocumentedError(String name, String method, String path, String key, String body,
      int status, String code, String field) throws IOException {
    int callsBefore = service.calls.get();
    try (Response response = call(method, path.replace("JOB", alphaJob), key, body, Map.of())) {
      assertThat(response.code()).as(name).isEqualTo(status);
      assertThat(response.header("X-Request-Id")).startsWith("req_");
      assertThat(response.header("Content-Type")).startsWith("application/json");
      String text = response.body().string();
      assertNoInternals(text);
      JsonNode envelope = BulkJson.mapper().readTree(text);
      assertThat(envelope.get("status").asText()).isEqualTo("error");
      if (code != null) {
        assertThat(envelope.at("/error/code").asText()).as(text).isEqualTo(code);
      }
      assertThat(envelope.at("/error/message").asText()).isNotBlank();
      if (field != null) {
        assertThat(envelope.at("/error/details/field").asText()).as(text).isEqualTo(field);
      }
      if (status == 405) {
        assertThat(response.header("Allow")).isNotBlank();
      }
      boolean mustNotReach = status == 401 || status == 405 || "NOT_FOUND".equals(code)
          || "INVALID_JSON".equals(code)
          || "JOB_NOT_FOUND".equals(code) && !name.startsWith("another key");
      if (mustNotReach) {
        assertThat(service.calls.get()).as("reached the service").isEqualTo(callsBefore);
      }
    }
    assertHealthy();
  }

  @Test
  void invalidJsonNamesLineAndColumn() throws IOException {
    try (Response response = call("POST", "/v1/bulk/property-details", ALPHA,
        "{\n  \"properties\": [\n    {\"id\": \"a\",, }\n  ]\n}", Map.of())) {
      JsonNode error = json(response).get("error");
      assertThat(response.code()).isEqualTo(400);
      assertThat(error.at("/details/line").asInt()).isEqualTo(3);
      assertThat(error.at("/details/column").asInt()).isEqualTo(16);
      assertThat(error.get("message").asText()).startsWith("Malformed JSON at line 3, column 16");
    }
  }

  @Test
  void wrongTypeSaysWhatWasExpected() throws IOException {
    try (Response response = call("POST", "/v1/bulk/property-details", ALPHA,
        "{\"properties\":\"abc\"}", Map.of())) {
      assertThat(json(response).at("/error/message").asText())
          .isEqualTo("Wrong type at properties: expected an array");
    }
  }

  @Test
  void fiftyMegabyteBodyIsRefusedWithoutBeingRead() throws IOException {
    long size = 50L * 1024 * 1024;
    RequestBody huge = new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON;
      }

      @Override
      public long contentLength() {
        return size;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        for (long written = 0; written < size; written += chunk.length) {
          sink.write(chunk);
        }
      }
    };
    Request request = new Request.Builder().url(server.url() + "/v1/bulk/property-details")
        .header("X-API-Key", ALPHA).post(huge).build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(413);
      JsonNode error = json(response).get("error");
      assertThat(error.get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
      assertThat(error.at("/details/max_body_bytes").asLong()).isEqualTo(4L * 1024 * 1024);
    }
    assertHealthy();
  }

  @Test
  void chunkedBodyPastTheLimitIsRefused() throws IOException {
    RequestBody chunked = new RequestBody() {
      @Override
      public MediaType contentType() {
        return JSON;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        for (int i = 0; i < 160; i++) { // 10 MB, more than the 4 MB limit
          sink.write(chunk);
        }
      }
    };
    Request request = new Request.Builder().url(server.url() + "/v1/bulk/valuations")
        .header("X-API-Key", ALPHA).post(chunked).build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(413);
      assertThat(json(response).at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }
    assertHealthy();
  }

  @Test
  void invalidUtf8IsInvalidJson() throws IOException {
    byte[] body = "{\"job_name\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
    Request request = new Request.Builder().url(server.url() + "/v1/bulk/property-details")
        .header("X-API-Key", ALPHA).post(RequestBody.create(body, JSON)).build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(json(response).at("/error/code").asText()).isEqualTo("INVALID_JSON");
    }
  }

  @Test
  void badIdempotencyKeyIsRefused() throws IOException {
    try (Response response = call("POST", "/v1/bulk/property-details", ALPHA,
        "{\"properties\":[{\"id\":\"a\",\"property_id\":\"P\"}]}", Map.of("Idempotency-Key", "k".repeat(300)))) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(json(response).at("/error/details/field").asText()).isEqualTo("Idempotency-Key");
    }
  }

  @Test
  void rawTraversalAndBadRequestLinesGetTheEnvelope() throws IOException {
    for (String target : List.of("/v1/bulk/jobs/../../../etc/passwd", "/v1/bulk/jobs/%2e%2e%2f%2e%2e",
        "/v1/bulk/jobs/a%00b", "/v1/bulk/jobs/job 1", "/v1/bulk/jobs/" + "x".repeat(20_000))) {
      String answer = raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + ALPHA
          + "\r\nConnection: close\r\n\r\n");
      String statusLine = answer.lines().findFirst().orElse("");
      assertThat(statusLine).as(target).matches("HTTP/1\\.1 4\\d\\d .*");
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertNoInternals(body);
      assertThat(body).as(target).contains("\"status\":\"error\"");
    }
    assertHealthy();
  }

  @Test
  void oversizedHeadersGetTheEnvelope() throws IOException {
    String answer = raw("GET /v1/bulk/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
        + "k".repeat(40_000) + "\r\nConnection: close\r\n\r\n");
    assertThat(answer.lines().findFirst().orElse("")).matches("HTTP/1\\.1 (431|400) .*");
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertThat(body).contains("\"status\":\"error\"");
    assertNoInternals(body);
    assertHealthy();
  }

  void assertNoInternals(String text) {
    assertThat(text).doesNotContain("dev.bulkestate", "java.", "Exception", "\tat ", "jackson",
        "Jetty", "<html");
    assertThat(text).doesNotContain(ALPHA, BETA);
  }

  String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  void assertHealthy() throws IOException {
    try (Response health = call("GET", "/health", null, null, Map.of())) {
      assertThat(health.code()).isEqualTo(200);
      assertThat(json(health).at("/data/status").asText()).isEqualTo("ok");
    }
    try (Response job = call("GET", "/v1/bulk/jobs/" + alphaJob, ALPHA, null, Map.of())) {
      assertThat(job.code()).isEqualTo(200);
    }
  }

  Response call(String method, String path, String key, String body, Map<String, String> headers)
      throws IOException {
    Request.Builder builder = new Request.Builder().url(server.url() + path);
    if (key != null) {
      builder.header("X-API-Key", key);
    }
    headers.forEach(builder::header);
    RequestBody requestBody = body == null
        ? (method.equals("POST") || method.equals("PUT") ? RequestBody.create(new byte[0], JSON) : null)
        : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON);
    builder.method(method, requestBody);
    return http.newCall(builder.build()).execute();
  }

  static JsonNode json(Response response) throws IOException {
    return BulkJson.mapper().readTree(response.body().string());
  }
}
