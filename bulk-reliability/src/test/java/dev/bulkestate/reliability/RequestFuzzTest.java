package dev.bulkestate.reliability;

import static dev.bulkestate.reliability.Support.assertErrorEnvelope;
import static dev.bulkestate.reliability.Support.assertNoInternals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.reliability.Support.Answer;
import dev.bulkestate.server.BulkServer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutates the spec's request bodies (types, nesting depth, sizes, unicode with lone surrogates and
 * NUL, nulls, huge numbers, duplicate keys, truncation, byte noise) and sends them to a running
 * server on a random port, from a fixed seed so every run sends the same bodies. No answer is a
 * 5xx, every rejection is in the error envelope with a documented code and without internals,
 * every accepted job ends, and the server is healthy after.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RequestFuzzTest {
  static final String KEY = "rk_fuzz_key_0001";
  static final long SEED = Long.getLong("reliability.fuzz.seed", 20261130L);
  static final int CASES = Integer.getInteger("reliability.fuzz.cases", 3000);

  /** The spec's request bodies (and DESIGN's property search), each with the path it goes to. */
  static final List<Map.Entry<String, String>> SEEDS = List.of(
      Map.entry("/v1/bulk/property-details", """
          {"job_name":"Q1 2024 Portfolio Analysis","properties":[
           {"id":"prop1","address":"123 Main St, Austin, TX 78701"},
           {"id":"prop2","property_id":"PROP123456"},
           {"id":"prop3","apn":"456-789-012","county":"Travis","state":"TX"}],
          "options":{"include":["ownership","tax","sales","valuation","demographics"],"format":"json",
           "delivery_method":"webhook"},
          "webhook":{"url":"https://your-app.com/webhooks/bulk-results",
           "events":["job_completed","job_failed","progress_update"]}}"""),
      Map.entry("/v1/bulk/skip-trace/async", """
          {"job_name":"Q1 Lead Generation","records":[
           {"id":"lead1","property_address":"123 Oak St, Dallas, TX 75201"},
           {"id":"lead2","name":{"first":"John","last":"Smith"},
            "address":{"street":"456 Pine Ave","city":"Houston","state":"TX"}},
           {"id":"lead3","phone":"214-555-0123"}],
          "options":{"include_relatives":true,"include_property_history":true,
           "compliance_mode":"fcra","permissible_purpose":"consumer_request"},
          "webhook":{"url":"https://your-app.com/webhooks/skip-trace-results",
           "events":["batch_completed","record_processed"]}}"""),
      Map.entry("/v1/bulk/skip-trace/sync", """
          {"records":[{"id":"lead1","property_address":"123 Oak St, Dallas, TX 75201"},
           {"id":"lead3","phone":"214-555-0123"}]}"""),
      Map.entry("/v1/bulk/address-verification", """
          {"job_name":"Mailing List Cleanup","addresses":[
           {"id":"addr1","street":"123 Main Street","city":"Austin","state":"TX","zip":"78701"},
           {"id":"addr2","full_address":"456 Oak Ave, Dallas, TX 75201"}],
          "options":{"standardize":true,"geocode":true,"validate_deliverability":true,
           "return_suggestions":true}}"""),
      Map.entry("/v1/bulk/valuations", """
          {"job_name":"Portfolio Valuation Update","properties":[
           {"id":"val1","address":"123 Main St, Austin, TX 78701"},
           {"id":"val2","property_id":"PROP123456"}],
          "valuation_options":{"include_confidence_score":true,"include_comparables":true,
           "include_rental_estimate":true}}"""),
      Map.entry("/v1/bulk/property-search", """
          {"job_name":"Austin search","searches":[
           {"id":"s1","criteria":{"zip":"78701","min_bedrooms":2},"max_results":10}]}"""),
      Map.entry("/v1/bulk/valuations/estimate", """
          {"properties":[{"id":"val1","address":"123 Main St, Austin, TX 78701"}]}"""));

  static final String[] STRANGE_TEXT = {
      "", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "x\ud83d", "\ud83d\ude00", "\u202e\u0041",
      "e\u0301\u0301\u0301", "\uffff", "\ufeff", "\\", "\"", "</script>", "${jndi:ldap://127.0.0.1/x}",
      "' OR 1=1 --", "%00", "../../etc/passwd", "\r\nX-Injected: 1", "\u4e2d\u6587\u5730\u5740"};

  static final String[] STRANGE_NUMBERS = {
      "0", "-0", "-1", "1e308", "1e400", "-1e400", "123456789012345678901234567890", "0.000000001",
      "2147483648", "-9223372036854775809", "1E+2", "3.0"};

  @Test
  void mutatedSpecBodiesNeverGetA5xxAndTheServerStaysHealthy() throws Exception {
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.builder()
        .defaultProcessors(false).processors(Support.forEveryType(Support::echo))
        .workerThreads(2).build();
        BulkServer server = BulkServer.builder(engine).port(0).apiKey(KEY, 1_000_000_000_000L)
            .build().start()) {
      OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30))
          .writeTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(30)).build();
      Random random = new Random(SEED);
      List<Map.Entry<String, byte[]>> cases = new ArrayList<>();
      Map<String, AtomicInteger> byMutation = new TreeMap<>();
      for (int i = 0; i < CASES; i++) {
        Map.Entry<String, String> seed = SEEDS.get(random.nextInt(SEEDS.size()));
        String[] kind = new String[1];
        byte[] body = mutate(seed.getValue(), random, kind);
        byMutation.computeIfAbsent(kind[0], k -> new AtomicInteger()).incrementAndGet();
        cases.add(Map.entry(seed.getKey(), body));
      }

      Map<String, AtomicInteger> byOutcome = new ConcurrentHashMap<>();
      List<String> jobIds = Collections.synchronizedList(new ArrayList<>());
      long bytesSent = 0;
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : cases) {
          bytesSent += c.getValue().length;
          futures.add(pool.submit(() -> {
            Answer answer = Support.call(http, server.url(), "POST", c.getKey(), KEY,
                RequestBody.create(c.getValue(), Support.JSON), Map.of());
            check(c, answer, byOutcome, jobIds);
            return null;
          }));
        }
        for (Future<?> future : futures) {
          future.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      for (String jobId : jobIds) {
        Job job = engine.awaitJob(KEY, jobId, Duration.ofSeconds(30));
        assertThat(job.status()).as(jobId).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.progress().processed()).isEqualTo(job.progress().totalRecords());
      }
      assertThat(engine.waitingRecords()).isZero();
      Answer health = Support.call(http, server.url(), "GET", "/health", null, (String) null, Map.of());
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().at("/data/status").asText()).isEqualTo("ok");

      int total = byOutcome.values().stream().mapToInt(AtomicInteger::get).sum();
      assertThat(total).isEqualTo(CASES);
      Support.figure("fuzz.cases", CASES);
      Support.figure("fuzz.bytes", bytesSent);
      Support.figure("fuzz.mutations", byMutation);
      Support.figure("fuzz.outcomes", new TreeMap<>(byOutcome));
      Support.figure("fuzz.jobsAcceptedAndCompleted", jobIds.size());
      // A fuzzer that only ever hits one outcome would prove little.
      assertThat(byOutcome.keySet()).contains("202", "400 INVALID_JSON", "400 VALIDATION_ERROR");
      http.connectionPool().evictAll();
    }
  }

  private static void check(Map.Entry<String, byte[]> c, Answer answer,
      Map<String, AtomicInteger> byOutcome, List<String> jobIds) {
    String shown = Support.abbreviate(new String(c.getValue(), StandardCharsets.UTF_8));
    assertThat(answer.status()).as("answer to %s %s: %s", c.getKey(), shown, answer.body())
        .isLessThan(500);
    assertNoInternals(answer.body());
    String outcome;
    if (answer.status() >= 400) {
      assertErrorEnvelope(answer);
      outcome = answer.status() + " " + answer.code();
      if (answer.status() == 429) {
        assertThat(answer.headers().get("Retry-After")).isNotNull();
      }
    } else {
      JsonNode json = answer.json();
      assertThat(json.path("status").asText()).isEqualTo("success");
      outcome = Integer.toString(answer.status());
      if (answer.status() == 202) {
        jobIds.add(json.at("/data/job_id").asText());
      }
    }
    byOutcome.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
  }

  // ------------------------------------------------------------------ mutations

  static byte[] mutate(String seedText, Random random, String[] kind) throws IOException {
    int choice = random.nextInt(14);
    if (choice < 8) {
      JsonNode tree = BulkJson.mapper().readTree(seedText);
      List<JsonNode> containers = new ArrayList<>();
      collectContainers(tree, containers);
      JsonNode target = containers.get(random.nextInt(containers.size()));
      kind[0] = switch (choice) {
        case 0 -> replaceValue(target, random, typeConfusion(random), "type");
        case 1 -> replaceValue(target, random, JsonNodeFactory.instance.nullNode(), "null");
        case 2 -> replaceValue(target, random, JsonNodeFactory.instance.textNode(DEEP), "nesting");
        case 3 -> replaceValue(target, random, JsonNodeFactory.instance.textNode(
            STRANGE_TEXT[random.nextInt(STRANGE_TEXT.length)].repeat(1 + random.nextInt(3))), "unicode");
        case 4 -> replaceValue(target, random, JsonNodeFactory.instance.textNode(
            "x".repeat(1 + random.nextInt(200_000))), "size:string");
        case 5 -> multiplyRecords(tree, random);
        case 6 -> removeOrAdd(target, random);
        default -> replaceValue(target, random, JsonNodeFactory.instance.numberNode(
            new BigInteger(1 + random.nextInt(400), random).negate().pow(1 + random.nextInt(2))),
            "number:big");
      };
      String text = BulkJson.mapper().writeValueAsString(tree);
      // Jackson will not write a tree nested past 1000 levels, so deep values go in as text.
      text = text.replace("\"" + DEEP + "\"", deep(1 + random.nextInt(3000), random));
      return text.getBytes(StandardCharsets.UTF_8);
    }
    byte[] bytes = seedText.getBytes(StandardCharsets.UTF_8);
    switch (choice) {
      case 8 -> {
        kind[0] = "truncate";
        return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      }
      case 9 -> {
        kind[0] = "duplicate-key";
        String text = seedText;
        int at = text.indexOf("\"id\":");
        String dup = random.nextBoolean() ? "{\"job_name\":\"a\",\"job_name\":\"b\","
            : "{\"x\":{\"k\":1,\"k\":2},";
        text = random.nextBoolean() && at > 0
            ? text.substring(0, at) + "\"id\":\"dup\"," + text.substring(at)
            : dup + text.substring(1);
        return text.getBytes(StandardCharsets.UTF_8);
      }
      case 10 -> {
        kind[0] = "raw-number";
        String number = STRANGE_NUMBERS[random.nextInt(STRANGE_NUMBERS.length)];
        String text = seedText.replaceFirst("\"[a-z]+\"\\s*:\\s*(\"[^\"]*\"|true|\\d+)", "\"max_results\":" + number);
        text = text.replaceFirst("(\"max_results\":)\\d+", "$1" + number);
        return text.getBytes(StandardCharsets.UTF_8);
      }
      case 11 -> {
        kind[0] = "raw-bytes";
        byte[] copy = bytes.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
          byte[] noise = {0, (byte) 0xC0, (byte) 0xED, (byte) 0xA0, (byte) 0xFF, '"', '\\', '{', '[', '\n'};
          copy[random.nextInt(copy.length)] = noise[random.nextInt(noise.length)];
        }
        return copy;
      }
      case 12 -> {
        kind[0] = "raw-surrogate-escape";
        String[] escapes = {"\\ud800", "\\udc00x", "\\u0000", "\\ud83d\\ude00", "\\uZZZZ", "\\x41"};
        String text = seedText.replaceFirst("\"([A-Za-z ]+)\"", "\"$1" + escapes[random.nextInt(escapes.length)] + "\"");
        return text.getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        kind[0] = "not-an-object";
        String[] bodies = {"[]", "null", "true", "42", "\"text\"", "{}", "{\"properties\":{}}",
            "\ufeff" + seedText, seedText + seedText, "{" + "\"a\":{".repeat(2000) + "}".repeat(2001)};
        return bodies[random.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode() && node.size() > 0) {
      out.add(node);
      node.forEach(child -> collectContainers(child, out));
    }
  }

  /** Replaces a random member of {@code container} by {@code value}. */
  private static String replaceValue(JsonNode container, Random random, JsonNode value, String kind) {
    if (container instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      object.set(names.get(random.nextInt(names.size())), value);
    } else {
      ArrayNode array = (ArrayNode) container;
      array.set(random.nextInt(array.size()), value);
    }
    return kind;
  }

  private static JsonNode typeConfusion(Random random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonNode[] values = {f.booleanNode(true), f.numberNode(-1), f.numberNode(3.5), f.textNode(""),
        f.textNode("abc"), f.arrayNode(), f.objectNode(), f.arrayNode().add(f.nullNode()),
        f.arrayNode().add(1).add("x"), f.objectNode().put("id", 5)};
    return values[random.nextInt(values.length)];
  }

  static final String DEEP = "__deep_value__";

  private static String deep(int depth, Random random) {
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      boolean array = random.nextBoolean();
      open.append(array ? "[" : "{\"d\":");
      close.insert(0, array ? "]" : "}");
    }
    return open + "\"deep\"" + close;
  }

  private static String multiplyRecords(JsonNode tree, Random random) {
    for (String field : List.of("properties", "records", "addresses", "searches")) {
      JsonNode array = tree.get(field);
      if (array instanceof ArrayNode records && records.size() > 0) {
        int target = random.nextInt(4) == 0 ? 10_001 + random.nextInt(2000) : 1 + random.nextInt(1500);
        boolean keepIds = random.nextInt(5) == 0;
        JsonNode template = records.get(0);
        records.removeAll();
        for (int i = 0; i < target; i++) {
          ObjectNode copy = template.deepCopy();
          if (!keepIds) {
            copy.put("id", "r" + i);
          }
          records.add(copy);
        }
        return keepIds ? "size:duplicate-ids" : "size:records";
      }
    }
    return "size:none";
  }

  private static String removeOrAdd(JsonNode container, Random random) {
    if (container instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      if (random.nextBoolean()) {
        object.remove(names.get(random.nextInt(names.size())));
        return "remove-field";
      }
      object.put("unknown_" + random.nextInt(100), "value");
      return "unknown-field";
    }
    ((ArrayNode) container).add(typeConfusion(random));
    return "extra-element";
  }
}
