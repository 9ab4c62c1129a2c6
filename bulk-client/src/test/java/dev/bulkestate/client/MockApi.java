package dev.bulkestate.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.core.jobs.Sleeper;
import dev.bulkestate.core.jobs.Wakeup;
import dev.bulkestate.core.json.BulkJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * A MockWebServer on loopback with a script of answers, a fake clock and a recording sleeper, and
 * the checks every test ends with: the whole script was used and no connection is left in use.
 */
final class MockApi implements AutoCloseable {
  static final String API_KEY = "sk_test_8cK2pQ9vR4";

  final MockWebServer server = new MockWebServer();
  final Script script = new Script();
  final ConnectionPool pool = new ConnectionPool(5, 1, TimeUnit.MINUTES);
  final OkHttpClient http = new OkHttpClient.Builder().connectionPool(pool).build();
  final FakeTime time = new FakeTime(Instant.parse("2024-01-15T10:30:00Z"));
  private final AtomicInteger keys = new AtomicInteger();

  MockApi() {
    server.setDispatcher(script);
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client of this server with fixed jitter (0.5), sequential idempotency keys and fake time. */
  BulkClient.Builder clientBuilder() {
    return BulkClient.builder()
        .apiKey(API_KEY)
        .baseUrl(server.url("/v1").toString())
        .httpClient(http)
        .sleeper(time)
        .clock(time)
        .jitterSource(() -> 0.5)
        .idempotencyKeys(() -> "idem-" + keys.incrementAndGet());
  }

  BulkClient client() {
    return clientBuilder().build();
  }

  MockApi enqueue(MockResponse response) {
    script.add(response);
    return this;
  }

  MockApi enqueueJson(int code, String body) {
    return enqueue(json(code, body));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("X-Request-Id", "req_" + code)
        .body(body).build();
  }

  RecordedRequest take() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).as("a request reached the server").isNotNull();
      return request;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Every scripted answer was used, nothing unscripted was asked, and no connection is in use. */
  void assertClean(int expectedRequests) {
    assertThat(script.unscripted).as("requests with no scripted answer").isEmpty();
    assertThat(script.remaining()).as("scripted answers left unused").isZero();
    assertThat(server.getRequestCount()).as("requests received").isEqualTo(expectedRequests);
    assertThat(pool.connectionCount() - pool.idleConnectionCount())
        .as("connections still in use").isZero();
  }

  static String resource(String name) {
    try (InputStream in = MockApi.class.getResourceAsStream("/spec/" + name)) {
      assertThat(in).as("resource " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return BulkJson.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    http.dispatcher().executorService().shutdown();
    pool.evictAll();
  }

  /** Answers from a queue; an unscripted request gets a 599 and is remembered. */
  static final class Script extends Dispatcher {
    private final ConcurrentLinkedQueue<MockResponse> answers = new ConcurrentLinkedQueue<>();
    final List<String> unscripted = new CopyOnWriteArrayList<>();

    void add(MockResponse response) {
      answers.add(response);
    }

    int remaining() {
      return answers.size();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      MockResponse next = answers.poll();
      if (next == null) {
        unscripted.add(request.getMethod() + " " + request.getTarget());
        return new MockResponse.Builder().code(599).body("unscripted").build();
      }
      return next;
    }
  }

  /** A clock that only moves when something sleeps on it; every sleep is recorded. */
  static final class FakeTime extends Clock implements Sleeper {
    private volatile Instant now;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    FakeTime(Instant start) {
      this.now = start;
    }

    @Override
    public boolean sleep(Duration duration, Wakeup wakeup) {
      sleeps.add(duration);
      advance(duration);
      return wakeup.isWoken();
    }

    synchronized void advance(Duration duration) {
      now = now.plus(duration);
    }

    List<Duration> sleeps() {
      return new ArrayList<>(sleeps);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
