package dev.bulkestate.reliability;

import static dev.bulkestate.reliability.Support.assertErrorEnvelope;
import static dev.bulkestate.reliability.Support.assertNoInternals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.engine.WebhookDelivery;
import dev.bulkestate.engine.WebhookDelivery.State;
import dev.bulkestate.engine.WebhookSettings;
import dev.bulkestate.reliability.FaultyReceiver.Mode;
import dev.bulkestate.reliability.Support.Answer;
import dev.bulkestate.server.BulkServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Security through the server's HTTP API: the webhook SSRF matrix refused by default (IP literals
 * at submission, host names at delivery, redirects never followed), key isolation on every
 * endpoint, the key never in a response or a log line, no internals in any answer, body and header
 * size limits.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SecurityTest {
  static final String ALICE = "rk_alice_secret_key_0001";
  static final String BOB = "rk_bob_secret_key_0002";
  static final String BODY = "{\"properties\":[{\"id\":\"p1\",\"property_id\":\"PROP1\"},"
      + "{\"id\":\"fail2\",\"property_id\":\"PROP2\"}]}";

  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
      .writeTimeout(Duration.ofSeconds(30)).build();
  final List<Answer> answers = new ArrayList<>();

  /** Names the test resolver knows; any other name does not resolve (no DNS query is ever made). */
  static InetAddress[] resolve(String host) throws UnknownHostException {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return switch (name) {
      case "localhost" -> new InetAddress[] {InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1})};
      case "loopback.example" -> new InetAddress[] {InetAddress.getByAddress(new byte[] {127, 0, 0, 1})};
      case "metadata.example" -> new InetAddress[] {
          InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})};
      case "intranet.example" -> new InetAddress[] {InetAddress.getByAddress(new byte[] {10, 1, 2, 3})};
      default -> throw new UnknownHostException(host);
    };
  }

  static InMemoryBulkEngine engine(boolean allowPrivate) {
    return InMemoryBulkEngine.builder()
        .defaultProcessors(false).processors(Support.forEveryType(Support::echo))
        .workerThreads(2)
        .destinationResolver(SecurityTest::resolve)
        .webhookSettings(WebhookSettings.builder().allowPrivateDestinations(allowPrivate)
            .retrySchedule(Duration.ofMillis(20), Duration.ofMillis(20)).jitter(0)
            .callTimeout(Duration.ofSeconds(2)).build())
        .build();
  }

  Answer call(BulkServer server, String method, String path, String key, String body,
      Map<String, String> headers) {
    Answer answer = Support.call(http, server.url(), method, path, key, body, headers);
    answers.add(answer);
    return answer;
  }

  Answer call(BulkServer server, String method, String path, String key, String body) {
    return call(server, method, path, key, body, Map.of());
  }

  static String withWebhook(String url) {
    try {
      return "{\"properties\":[{\"id\":\"p1\",\"property_id\":\"PROP1\"}],\"webhook\":{\"url\":"
          + BulkJson.mapper().writeValueAsString(url) + "}}";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void privateWebhookLiteralsAreRefusedAtSubmissionAndNamesAtDelivery() throws Exception {
    List<String> literals = List.of(
        "http://127.0.0.1/hook", "https://127.0.0.1:8443/hook", "http://127.0.0.1./hook",
        "http://127.1/hook",
        "http://[::1]/hook", "http://[0:0:0:0:0:0:0:1]/hook", "http://0.0.0.0/hook", "http://0/hook",
        "http://[::]/hook", "http://10.0.0.1/hook", "http://10.255.255.255/hook",
        "http://172.16.0.1/hook", "http://172.31.255.254/hook", "http://192.168.0.1/hook",
        "http://192.168.255.255/hook", "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/hook", "http://[::ffff:7f00:1]/hook",
        "http://[::ffff:169.254.169.254]/hook", "http://[::ffff:10.0.0.1]/hook",
        "http://2130706433/hook", "http://0177.0.0.1/hook", "http://017700000001/hook",
        "http://0x7f.0.0.1/hook", "http://0x7f000001/hook", "http://3232235521/hook",
        "http://0251.0376.0251.0376/hook", "http://[fe80::1]/hook", "http://[fc00::1]/hook",
        "http://[fd12:3456::1]/hook", "http://100.64.0.1/hook", "http://224.0.0.1/hook",
        "http://[64:ff9b::7f00:1]/hook");
    List<String> names = new ArrayList<>();
    try (FaultyReceiver canary = new FaultyReceiver(Mode.OK);
        InMemoryBulkEngine engine = engine(false);
        BulkServer server = BulkServer.builder(engine).port(0).apiKey(ALICE, 1_000_000).build().start()) {
      for (String url : literals) {
        Answer answer = call(server, "POST", "/v1/bulk/property-details", ALICE, withWebhook(url));
        assertThat(answer.status()).as(url).isEqualTo(400);
        assertErrorEnvelope(answer);
        assertThat(answer.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(answer.json().at("/error/details/field").asText()).as(url).isEqualTo("webhook.url");
      }
      int port = canary.port();
      names.addAll(List.of("http://localhost:" + port + "/hook", "http://localhost.:" + port + "/hook",
          "http://LOCALHOST:" + port + "/hook", "http://loopback.example:" + port + "/hook",
          "http://metadata.example/latest/meta-data/", "http://intranet.example:" + port + "/hook"));
      List<String> jobs = new ArrayList<>();
      for (String url : names) {
        Answer answer = call(server, "POST", "/v1/bulk/property-details", ALICE, withWebhook(url));
        assertThat(answer.status()).as(url).isEqualTo(202);
        jobs.add(answer.json().at("/data/job_id").asText());
      }
      for (String job : jobs) {
        assertThat(engine.awaitJob(ALICE, job, Duration.ofSeconds(10)).status()).isEqualTo(JobStatus.COMPLETED);
      }
      Support.await("refused deliveries to end", Duration.ofSeconds(10), () -> jobs.stream()
          .flatMap(j -> engine.webhookDeliveries(ALICE, j).stream())
          .noneMatch(d -> d.state() == State.PENDING));
      for (String job : jobs) {
        List<WebhookDelivery> log = engine.webhookDeliveries(ALICE, job);
        assertThat(log).isNotEmpty().allSatisfy(d -> {
          assertThat(d.state()).isEqualTo(State.FAILED);
          assertThat(d.lastStatusCode()).isNull();
          assertThat(d.lastError()).containsIgnoringCase("refused");
        });
      }
      assertThat(canary.connections.get()).as("connections reaching the canary").isZero();
    }
    Support.figure("ssrf.literalsRefusedAtSubmission", literals.size());
    Support.figure("ssrf.namesRefusedAtDelivery", names.size());
    assertAnswersClean(ALICE);
  }

  @Test
  void redirectsToAPrivateAddressAreNeverFollowedEvenWhenPrivateReceiversAreAllowed() throws Exception {
    try (FaultyReceiver canary = new FaultyReceiver(Mode.OK);
        FaultyReceiver redirecting = new FaultyReceiver(Mode.REDIRECT, 0, canary.url("/stolen"));
        FaultyReceiver toMetadata = new FaultyReceiver(Mode.REDIRECT, 0, "http://169.254.169.254/latest/");
        InMemoryBulkEngine engine = engine(true);
        BulkServer server = BulkServer.builder(engine).port(0).apiKey(ALICE, 1_000_000).build().start()) {
      List<String> jobs = new ArrayList<>();
      for (FaultyReceiver receiver : List.of(redirecting, toMetadata)) {
        Answer answer = call(server, "POST", "/v1/bulk/property-details", ALICE,
            withWebhook(receiver.url("/hook")));
        assertThat(answer.status()).isEqualTo(202);
        jobs.add(answer.json().at("/data/job_id").asText());
      }
      for (String job : jobs) {
        engine.awaitJob(ALICE, job, Duration.ofSeconds(10));
      }
      Support.await("redirected deliveries to end", Duration.ofSeconds(10), () -> jobs.stream()
          .flatMap(j -> engine.webhookDeliveries(ALICE, j).stream())
          .noneMatch(d -> d.state() == State.PENDING));
      for (String job : jobs) {
        assertThat(engine.webhookDeliveries(ALICE, job)).allSatisfy(d -> {
          assertThat(d.state()).isEqualTo(State.FAILED);
          assertThat(d.lastStatusCode()).isEqualTo(302);
          assertThat(d.attempts()).isEqualTo(3);
        });
      }
      assertThat(redirecting.deliveries).hasSize(3);
      assertThat(canary.connections.get()).isZero();
    }
  }

  @Test
  void everyEndpointKeepsOneKeysJobsFromAnother() throws Exception {
    try (InMemoryBulkEngine engine = engine(false);
        BulkServer server = BulkServer.builder(engine).port(0).apiKey(ALICE, 1_000).apiKey(BOB, 1_000)
            .build().start()) {
      Answer created = call(server, "POST", "/v1/bulk/property-details", ALICE, BODY,
          Map.of("Idempotency-Key", "shared-idem-1"));
      assertThat(created.status()).isEqualTo(202);
      String job = created.json().at("/data/job_id").asText();
      engine.awaitJob(ALICE, job, Duration.ofSeconds(10));

      String missing = "job_00000000000000000000000000000000";
      List<String[]> jobRoutes = List.of(new String[] {"GET", "/v1/bulk/jobs/%s"},
          new String[] {"GET", "/v1/bulk/jobs/%s/results"},
          new String[] {"GET", "/v1/bulk/jobs/%s/results?format=csv"},
          new String[] {"GET", "/v1/bulk/jobs/%s/results?status=failed"},
          new String[] {"POST", "/v1/bulk/jobs/%s/cancel"},
          new String[] {"POST", "/v1/bulk/jobs/%s/retry"});
      for (String[] route : jobRoutes) {
        Answer foreign = call(server, route[0], String.format(route[1], job), BOB, null);
        Answer absent = call(server, route[0], String.format(route[1], missing), BOB, null);
        assertThat(foreign.status()).as(route[1]).isEqualTo(404);
        assertThat(foreign.code()).isEqualTo("JOB_NOT_FOUND");
        // No existence oracle: another key's job reads exactly like a job that does not exist.
        assertThat(foreign.json().at("/error/message").asText().replace(job, "ID"))
            .isEqualTo(absent.json().at("/error/message").asText().replace(missing, "ID"));
        assertThat(call(server, route[0], String.format(route[1], job), ALICE, null).status())
            .as("the owner on %s", route[1]).isIn(200, 202, 409);
      }
      JsonNode bobsJobs = call(server, "GET", "/v1/bulk/jobs", BOB, null).json();
      assertThat(bobsJobs.toString()).doesNotContain(job);
      assertThat(call(server, "GET", "/v1/bulk/jobs", ALICE, null).json().toString()).contains(job);
      JsonNode bobsUsage = call(server, "GET", "/v1/account/usage", BOB, null).json();
      assertThat(bobsUsage.at("/data/used_credits").asLong()).isZero();
      assertThat(bobsUsage.at("/data/available_credits").asLong()).isEqualTo(1_000);
      // The same Idempotency-Key under another key is another key's own: a new job.
      Answer bobs = call(server, "POST", "/v1/bulk/property-details", BOB, BODY,
          Map.of("Idempotency-Key", "shared-idem-1"));
      assertThat(bobs.status()).isEqualTo(202);
      assertThat(bobs.json().at("/data/job_id").asText()).isNotEqualTo(job);

      // Every route without a key, with a wrong key and with a near miss of a real key: 401.
      List<String[]> routes = new ArrayList<>(jobRoutes);
      routes.addAll(List.of(new String[] {"GET", "/v1/bulk/jobs"}, new String[] {"GET", "/v1/account/usage"},
          new String[] {"POST", "/v1/bulk/property-details"}, new String[] {"POST", "/v1/bulk/skip-trace/sync"},
          new String[] {"POST", "/v1/bulk/valuations/estimate"}));
      for (String[] route : routes) {
        String path = String.format(route[1], job);
        for (String key : new String[] {null, "", "wrong", ALICE.substring(0, ALICE.length() - 1),
            ALICE + "x", ALICE.toUpperCase(Locale.ROOT), "x".repeat(4000)}) {
          Answer answer = call(server, route[0], path, key, route[0].equals("POST") ? BODY : null);
          assertThat(answer.status()).as("%s %s with key %s", route[0], path, key).isEqualTo(401);
          assertThat(answer.code()).isEqualTo("UNAUTHORIZED");
        }
      }
      assertThat(engine.availableCredits(BOB)).isEqualTo(1_000 - 1);
    }
    assertAnswersClean(ALICE, BOB);
  }

  @Test
  void bodyAndHeaderSizeLimitsAnswerInTheEnvelope() throws Exception {
    try (InMemoryBulkEngine engine = engine(false);
        BulkServer server = BulkServer.builder(engine).port(0).apiKey(ALICE, 1_000).build().start()) {
      long size = 50L * 1024 * 1024;
      RequestBody huge = new RequestBody() {
        @Override
        public MediaType contentType() {
          return Support.JSON;
        }

        @Override
        public long contentLength() {
          return size;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
          byte[] chunk = new byte[64 * 1024];
          java.util.Arrays.fill(chunk, (byte) '[');
          for (long written = 0; written < size; written += chunk.length) {
            sink.write(chunk);
          }
        }
      };
      Answer tooLarge = Support.call(http, server.url(), "POST", "/v1/bulk/property-details", ALICE,
          huge, Map.of());
      answers.add(tooLarge);
      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(tooLarge.code()).isEqualTo("PAYLOAD_TOO_LARGE");

      // A 100 KB header, sent raw: Jetty refuses it before routing, still in the envelope.
      String bigHeader = "GET /v1/bulk/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + ALICE
          + "\r\nX-Padding: " + "a".repeat(100 * 1024) + "\r\nConnection: close\r\n\r\n";
      String raw = rawExchange(server.port(), bigHeader);
      assertThat(raw).startsWith("HTTP/1.1 431");
      String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
      assertThat(BulkJson.mapper().readTree(body).at("/error/code").asText()).isEqualTo("VALIDATION_ERROR");
      assertNoInternals(raw);
      assertThat(raw).doesNotContain(ALICE);

      // A 100 KB key is refused the same way, and never echoed.
      String bigKey = "GET /v1/bulk/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + ALICE
          + "z".repeat(100 * 1024) + "\r\nConnection: close\r\n\r\n";
      String rawKey = rawExchange(server.port(), bigKey);
      assertThat(rawKey).startsWith("HTTP/1.1 431").doesNotContain(ALICE);

      Answer health = call(server, "GET", "/health", null, null);
      assertThat(health.status()).isEqualTo(200);
    }
    assertAnswersClean(ALICE);
  }

  @Test
  void theKeyIsInNoLogLine() throws Exception {
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.builder()
        .defaultProcessors(false).processors(Support.forEveryType(record -> {
          if (record.id().startsWith("boom")) {
            throw new IllegalStateException("processor failure on " + record.id());
          }
          return Support.echo(record);
        })).workerThreads(1).build();
        BulkServer server = BulkServer.builder(engine).port(0).apiKey(ALICE, 1_000).build().start()) {
      // Calls that make the server and engine log: success, failures, bad input, wrong keys.
      Answer created = call(server, "POST", "/v1/bulk/property-details", ALICE,
          "{\"properties\":[{\"id\":\"boom1\",\"property_id\":\"P1\"},{\"id\":\"ok\",\"property_id\":\"P2\"}]}");
      engine.awaitJob(ALICE, created.json().at("/data/job_id").asText(), Duration.ofSeconds(10));
      call(server, "POST", "/v1/bulk/property-details", ALICE, "{broken");
      call(server, "GET", "/v1/bulk/jobs/job_missing", ALICE, null);
      call(server, "GET", "/v1/bulk/jobs", ALICE + "0", null);
      call(server, "GET", "/v1/bulk/jobs", BOB, null);
      call(server, "GET", "/v1/bulk/jobs?page=0", ALICE, null);
    }
    Path logFile = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "missing"));
    assertThat(logFile).exists();
    String logs = Files.readString(logFile, StandardCharsets.UTF_8);
    // The capture works: the calls above were logged (debug for dev.bulkestate).
    assertThat(logs).contains("bulk server listening").contains("boom1");
    // No key of any test of this module (they all start with rk_) is in any log line.
    assertThat(logs).doesNotContain(ALICE).doesNotContain(BOB).doesNotContain("rk_");
    Support.figure("logs.linesScanned", logs.lines().count());
    assertAnswersClean(ALICE, BOB);
  }

  /** No answer of this test shows a key, a stack trace or an internal name. */
  void assertAnswersClean(String... keys) {
    assertThat(answers).isNotEmpty();
    for (Answer answer : answers) {
      assertNoInternals(answer.body());
      for (String key : keys) {
        assertThat(answer.body()).doesNotContain(key);
        assertThat(answer.headers().toString()).doesNotContain(key);
      }
      if (answer.status() >= 400) {
        assertErrorEnvelope(answer);
      }
    }
    Map<Integer, Integer> byStatus = new LinkedHashMap<>();
    answers.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
    Support.figure("security.answersChecked", byStatus);
    http.connectionPool().evictAll();
  }

  static String rawExchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before reading it all; its answer is what counts.
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
