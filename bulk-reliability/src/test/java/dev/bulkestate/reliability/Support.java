package dev.bulkestate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** What the tests of this module share: a scripted processor, raw HTTP calls and checks. */
final class Support {
  static final MediaType JSON = MediaType.get("application/json");

  /** Every error code the API documents, plus the server's shutdown answer. */
  static final Set<String> KNOWN_CODES = knownCodes();

  private Support() {}

  /** A processor of any job type whose behaviour is a function of the record. */
  @SuppressWarnings("rawtypes")
  static final class Fn implements RecordProcessor {
    private final JobType type;
    private final Function<InputRecord, RecordResult> fn;

    Fn(JobType type, Function<InputRecord, RecordResult> fn) {
      this.type = type;
      this.fn = fn;
    }

    @Override
    public JobType type() {
      return type;
    }

    @Override
    public RecordResult process(InputRecord record, JobRequest request) {
      return fn.apply(record);
    }
  }

  /** The same behaviour for every job type. */
  static List<RecordProcessor<?, ?>> forEveryType(Function<InputRecord, RecordResult> fn) {
    return JobType.KNOWN.stream().<RecordProcessor<?, ?>>map(type -> new Fn(type, fn)).toList();
  }

  /** Success with {@code {"echo": id}}, except ids starting with {@code fail}: PROPERTY_NOT_FOUND. */
  static RecordResult echo(InputRecord record) {
    if (record.id().startsWith("fail")) {
      return RecordResult.failed(record.id(), dev.bulkestate.core.ApiError.of(
          ErrorCode.PROPERTY_NOT_FOUND, "Property not found in database"));
    }
    return RecordResult.success(record.id(), Map.of("echo", record.id()));
  }

  /** One HTTP answer, read whole. */
  record Answer(int status, Headers headers, String body) {
    JsonNode json() {
      try {
        return BulkJson.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Not JSON (" + status + "): " + abbreviate(body), e);
      }
    }

    String code() {
      return json().at("/error/code").asText(null);
    }
  }

  static Answer call(OkHttpClient http, String baseUrl, String method, String path, String key,
      String body, Map<String, String> headers) {
    RequestBody requestBody = body == null
        ? (method.equals("POST") || method.equals("PUT") ? RequestBody.create(new byte[0], JSON) : null)
        : RequestBody.create(body, JSON);
    return call(http, baseUrl, method, path, key, requestBody, headers);
  }

  static Answer call(OkHttpClient http, String baseUrl, String method, String path, String key,
      RequestBody body, Map<String, String> headers) {
    Request.Builder request = new Request.Builder().url(baseUrl + path).method(method, body);
    if (key != null) {
      request.header("X-API-Key", key);
    }
    headers.forEach(request::header);
    try (Response response = http.newCall(request.build()).execute()) {
      return new Answer(response.code(), response.headers(), response.body().string());
    } catch (IOException e) {
      throw new AssertionError(method + " " + abbreviate(path) + " failed: " + e, e);
    }
  }

  /** A 4xx answer in the error envelope with a documented code and a message. */
  static void assertErrorEnvelope(Answer answer) {
    assertThat(answer.status()).as("status of %s", abbreviate(answer.body())).isBetween(400, 499);
    JsonNode json = answer.json();
    assertThat(json.path("status").asText()).isEqualTo("error");
    assertThat(KNOWN_CODES).as("code of %s", abbreviate(answer.body()))
        .contains(json.at("/error/code").asText());
    assertThat(json.at("/error/message").asText()).isNotBlank();
    assertThat(answer.headers().get("Content-Type")).startsWith("application/json");
  }

  /** No stack trace, Java type or package name in what a caller reads. */
  static void assertNoInternals(String text) {
    assertThat(text).doesNotContain("dev.bulkestate").doesNotContain("java.")
        .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("jakarta.")
        .doesNotContain("org.eclipse").doesNotContain("com.fasterxml");
  }

  /** Waits for {@code condition}, checking every 10 ms, at most {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting for " + what, e);
      }
    }
  }

  /** Heap in use after a full collection, in bytes (several passes, the lowest reading). */
  static long heapUsedAfterGc() {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Runtime runtime = Runtime.getRuntime();
      lowest = Math.min(lowest, runtime.totalMemory() - runtime.freeMemory());
    }
    return lowest;
  }

  /** Prints a figure for RELIABILITY.md; the build log keeps it. */
  static void figure(String name, Object value) {
    System.out.println("[figure] " + name + " = " + value);
  }

  static String abbreviate(String text) {
    if (text == null) {
      return "null";
    }
    return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + " chars)";
  }

  private static Set<String> knownCodes() {
    Set<String> codes = new TreeSet<>();
    for (Field field : ErrorCode.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          codes.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    codes.add("UNAVAILABLE");
    return Set.copyOf(codes);
  }
}
