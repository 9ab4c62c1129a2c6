package dev.bulkestate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.server.ApiHandler;
import dev.bulkestate.server.ApiRequest;
import dev.bulkestate.server.ApiResponse;
import dev.bulkestate.server.BulkServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/openapi.json against the server's real routes: every documented operation is served and
 * answers with a documented status and a body of the documented shape; every route the server
 * serves is documented.
 */
@Timeout(120)
class OpenApiTest {
  static final String KEY = "key_openapi_0001";
  static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
  static final ObjectMapper JSON = BulkJson.mapper();
  static JsonNode doc;
  static InMemoryBulkEngine engine;
  static String finishedJob;

  @BeforeAll
  static void setUp() throws Exception {
    doc = JSON.readTree(Path.of("..", "docs", "openapi.json").toFile());
    engine = InMemoryBulkEngine.builder().workerThreads(2).build();
    finishedJob = finishedJob(engine);
  }

  /** A finished job with one failed record, so that results, cancel and retry have a target. */
  static String finishedJob(InMemoryBulkEngine engine) throws InterruptedException {
    engine.setCredits(KEY, 1_000_000);
    String id = engine.forApiKey(KEY).submit(AddressVerificationRequest.builder()
        .add(AddressInput.full("ok", "2522 Hill Way, Austin, TX 78701"))
        .add(AddressInput.of("bad", "", "Austin", "TX", "78701")).build()).jobId();
    assertThat(engine.awaitJob(KEY, id, Duration.ofSeconds(30)).isFinished()).isTrue();
    return id;
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  /** "METHOD /prefix/path" for every documented operation, under each of its servers. */
  static Set<String> documentedOperations() {
    Set<String> out = new TreeSet<>();
    doc.get("paths").fields().forEachRemaining(path -> {
      JsonNode servers = path.getValue().has("servers") ? path.getValue().get("servers") : doc.get("servers");
      for (JsonNode server : servers) {
        String prefix = URI.create(server.get("url").asText()).getPath().replaceAll("/$", "");
        for (String method : METHODS) {
          if (path.getValue().has(method)) {
            out.add(method.toUpperCase() + " " + prefix + path.getKey());
          }
        }
      }
    });
    return out;
  }

  static boolean matches(String template, String concrete) {
    String[] t = template.split(" |/", -1);
    String[] c = concrete.split(" |/", -1);
    if (t.length != c.length) {
      return false;
    }
    for (int i = 0; i < t.length; i++) {
      if (!(t[i].startsWith("{") && t[i].endsWith("}")) && !t[i].equals(c[i])) {
        return false;
      }
    }
    return true;
  }

  @Test
  void everyRouteTheServerServesIsDocumentedAndEveryDocumentedOneIsServed() throws Exception {
    ApiHandler handler = ApiHandler.builder(engine).apiKey(KEY).build();
    Set<String> documented = documentedOperations();
    assertThat(documented).hasSize(20); // 19 paths, /health under two servers

    Set<String> words = new TreeSet<>();
    doc.get("paths").fieldNames().forEachRemaining(p -> {
      for (String w : p.split("/")) {
        if (!w.isEmpty() && !w.startsWith("{")) {
          words.add(w);
        }
      }
    });
    JobType.KNOWN.forEach(t -> words.add(t.value()));
    words.add(finishedJob);
    List<String> vocabulary = List.copyOf(words);

    Set<String> served = new TreeSet<>();
    Set<String> paths = new TreeSet<>();
    collect("", vocabulary, 2, paths);    // /health, /bulk/jobs (outside /v1: not routes)
    collect("/v1", vocabulary, 4, paths); // every route shape under /v1, up to four segments
    assertThat(paths).hasSizeGreaterThan(80_000);
    for (String path : paths) {
      for (String method : List.of("GET", "POST")) {
        ApiResponse response = handler.handle(new ApiRequest(method, path, null,
            Map.of("X-API-Key", KEY), 0, new ByteArrayInputStream(new byte[0])));
        if (isServed(response)) {
          served.add(method + " " + path);
        }
      }
    }
    // Every served route fits a documented one...
    assertThat(served).allSatisfy(route ->
        assertThat(documented).as("documented route for " + route).anyMatch(d -> matches(d, route)));
    // ...and every documented one is served (path parameters as a real job id).
    assertThat(documented).allSatisfy(d ->
        assertThat(served).as("served " + d).contains(d.replace("{job_id}", finishedJob)));
  }

  @Test
  void otherMethodsOnDocumentedPathsGet405WithTheDocumentedMethodInAllow() {
    ApiHandler handler = ApiHandler.builder(engine).apiKey(KEY).build();
    for (String operation : documentedOperations()) {
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(operation.indexOf(' ') + 1).replace("{job_id}", finishedJob);
      for (String other : List.of("PUT", "PATCH", "DELETE", method.equals("GET") ? "POST" : "GET")) {
        ApiResponse response = handler.handle(new ApiRequest(other, path, null,
            Map.of("X-API-Key", KEY), 0, new ByteArrayInputStream(new byte[0])));
        assertThat(response.status()).as(other + " " + path).isEqualTo(405);
        assertThat(response.header("Allow")).as(other + " " + path).isEqualTo(method);
      }
    }
  }

  @Test
  void everyDocumentedOperationAnswersWithADocumentedStatusAndShapeOverHttp() throws Exception {
    InMemoryBulkEngine served = InMemoryBulkEngine.builder().workerThreads(2).build();
    String finishedJob = finishedJob(served);
    try (BulkServer server = BulkServer.builder(served).apiKey(KEY, 1_000_000)
        .port(0).host("127.0.0.1").build().start()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      List<String> notSuccessful = new ArrayList<>();
      for (String operation : documentedOperations()) {
        String method = operation.substring(0, operation.indexOf(' '));
        String template = operation.substring(operation.indexOf(' ') + 1);
        JsonNode op = operationNode(template, method);
        JsonNode example = op.at("/requestBody/content/application~1json/example");
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url()
                + template.replace("{job_id}", finishedJob)))
            .timeout(Duration.ofSeconds(10)).header("X-API-Key", KEY)
            .method(method, example.isMissingNode() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(example)))
            .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String status = Integer.toString(response.statusCode());
        assertThat(op.get("responses").has(status)).as(operation + " answered " + status + ": "
            + response.body()).isTrue();
        if (response.statusCode() >= 300) {
          notSuccessful.add(operation + " " + status);
        }
        validateAgainst(op.at("/responses/" + status + "/content/application~1json/schema"),
            response.body(), operation);
      }
      // A finished job cannot be cancelled; every other operation succeeds with its example.
      assertThat(notSuccessful).containsExactly("POST /v1/bulk/jobs/{job_id}/cancel 409");

      // Two error answers, validated against the error envelope.
      HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(server.url()
          + "/v1/bulk/jobs/job_missing")).header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      validateAgainst(operationNode("/v1/bulk/jobs/{job_id}", "GET").at("/responses/404/content/application~1json/schema"),
          missing.body(), "404");
      assertThat(JSON.readTree(missing.body()).at("/error/code").asText()).isEqualTo(ErrorCode.JOB_NOT_FOUND);
      HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(server.url()
          + "/v1/bulk/valuations")).header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString("{"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(malformed.statusCode()).isEqualTo(400);
      validateAgainst(operationNode("/v1/bulk/valuations", "POST").at("/responses/400/content/application~1json/schema"),
          malformed.body(), "400");
    }
  }

  @Test
  void theValidatorRejectsWhatTheDocumentDoesNotAllow() throws Exception {
    JsonNode schema = doc.at("/components/schemas/Job");
    List<String> problems = new ArrayList<>();
    validate(JSON.readTree("{\"job_id\":\"j\",\"job_type\":\"valuations\",\"status\":\"done\","
        + "\"created_at\":\"yesterday\",\"credits_used\":1,\"surprise\":true}"), schema, "$", problems);
    assertThat(problems).containsExactlyInAnyOrder(
        "$: missing progress", "$.status: \"done\" not in enum", "$.created_at: not a date-time",
        "$: undocumented field surprise");
  }

  private static JsonNode operationNode(String concreteTemplate, String method) {
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (concreteTemplate.endsWith(path.getKey()) && path.getValue().has(method.toLowerCase())) {
        String prefix = concreteTemplate.substring(0, concreteTemplate.length() - path.getKey().length());
        if (prefix.isEmpty() || prefix.equals("/v1")) {
          return path.getValue().get(method.toLowerCase());
        }
      }
    }
    throw new AssertionError("no operation " + method + " " + concreteTemplate);
  }

  private static void validateAgainst(JsonNode schema, String body, String what) throws Exception {
    assertThat(schema.isMissingNode()).as(what + " has a JSON schema").isFalse();
    List<String> problems = new ArrayList<>();
    validate(JSON.readTree(body), schema, "$", problems);
    assertThat(problems).as(what + ": " + body).isEmpty();
  }

  private static boolean isServed(ApiResponse response) throws Exception {
    if (response.status() == 405) {
      return false;
    }
    JsonNode body = JSON.readTree(response.body());
    String code = body.at("/error/code").asText();
    if (response.status() == 404 && code.equals(ErrorCode.NOT_FOUND)) {
      return false;
    }
    return !(response.status() == 400 && body.at("/error/details/field").asText().equals("job_type"));
  }

  /** Every path of 1..depth segments from {@code words} under {@code prefix}. */
  private static void collect(String prefix, List<String> words, int depth, Set<String> out) {
    if (depth == 0) {
      return;
    }
    for (String w : words) {
      out.add(prefix + "/" + w);
      collect(prefix + "/" + w, words, depth - 1, out);
    }
  }

  /** A small JSON Schema check: $ref, const, enum, type, required, properties, items, formats. */
  static void validate(JsonNode value, JsonNode schema, String at, List<String> problems) {
    if (schema.has("$ref")) {
      validate(value, doc.at(schema.get("$ref").asText().substring(1)), at, problems);
      return;
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      problems.add(at + ": " + value + " is not " + schema.get("const"));
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.equals(value);
      }
      if (!found) {
        problems.add(at + ": " + value + " not in enum");
      }
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          problems.add(at + ": not an object");
          return;
        }
        schema.path("required").forEach(r -> {
          if (!value.has(r.asText())) {
            problems.add(at + ": missing " + r.asText());
          }
        });
        JsonNode props = schema.path("properties");
        value.fields().forEachRemaining(f -> {
          if (props.has(f.getKey())) {
            validate(f.getValue(), props.get(f.getKey()), at + "." + f.getKey(), problems);
          } else if (schema.path("additionalProperties").isBoolean()
              && !schema.get("additionalProperties").asBoolean()) {
            problems.add(at + ": undocumented field " + f.getKey());
          }
        });
      }
      case "array" -> {
        if (!value.isArray()) {
          problems.add(at + ": not an array");
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          validate(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          problems.add(at + ": not a string");
        } else if (schema.path("format").asText().equals("date-time")) {
          try {
            Instant.parse(value.asText());
          } catch (RuntimeException e) {
            problems.add(at + ": not a date-time");
          }
        } else if (schema.path("format").asText().equals("date")) {
          try {
            LocalDate.parse(value.asText());
          } catch (RuntimeException e) {
            problems.add(at + ": not a date");
          }
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          problems.add(at + ": not an integer");
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          problems.add(at + ": not a number");
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(at + ": not a boolean");
        }
      }
      default -> { }
    }
  }
}
