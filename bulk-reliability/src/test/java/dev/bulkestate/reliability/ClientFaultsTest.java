package dev.bulkestate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.client.BulkClient;
import dev.bulkestate.client.BulkIoException;
import dev.bulkestate.client.RetryPolicy;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RateLimitException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads calling one client while the server misbehaves (MockWebServer socket effects):
 * connections closed at the start or in the middle of the body, a body that stalls, a storm of
 * 429s. Each call makes exactly {@code 1 + maxRetries} attempts and ends in a clear typed error
 * that does not show the key; the client works again once the server does; afterwards no
 * connection is left in use in the pool and no thread is left behind.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClientFaultsTest {
  static final String KEY = "rk_client_faults_secret_key_42";
  static final int MAX_RETRIES = 2;
  static final int THREADS = 8;
  static final String JOB = "{\"status\":\"success\",\"data\":{\"job_id\":\"job_1\",\"status\":\"completed\"}}";
  static final String RATE_LIMITED =
      "{\"status\":\"error\",\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"Too many requests\"}}";

  record Scenario(String name, int calls, Supplier<MockResponse> answer, Class<? extends RuntimeException> error) {}

  @Test
  void boundedRetriesClearErrorsNoLeakedConnectionsOrThreads() throws Exception {
    Set<Thread> before = liveThreads();
    AtomicInteger attempts = new AtomicInteger();
    OkHttpClient shared = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          attempts.incrementAndGet();
          return chain.proceed(chain.request());
        })
        .build();
    String body = "{\"status\":\"success\",\"data\":{\"job_id\":\"job_1\",\"status\":\"completed\",\"job_name\":\""
        + "x".repeat(20_000) + "\"}}";
    List<Scenario> scenarios = List.of(
        new Scenario("disconnect at start", 40, () -> new MockResponse.Builder()
            .onRequestStart(new SocketEffect.CloseSocket()).build(), BulkIoException.class),
        new Scenario("disconnect during body", 40, () -> new MockResponse.Builder()
            .code(200).setHeader("Content-Type", "application/json").body(body)
            .throttleBody(4096, 1, TimeUnit.MILLISECONDS)
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build(), BulkIoException.class),
        new Scenario("stalled body", 16, () -> new MockResponse.Builder()
            .code(200).setHeader("Content-Type", "application/json").body(body)
            .onResponseBody(SocketEffect.Stall.INSTANCE).build(), BulkIoException.class),
        new Scenario("429 storm", 200, () -> new MockResponse.Builder()
            .code(429).setHeader("Content-Type", "application/json").setHeader("Retry-After", "1")
            .body(RATE_LIMITED).build(), RateLimitException.class));

    Map<String, String> figures = new LinkedHashMap<>();
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      BulkClient client = BulkClient.builder().apiKey(KEY).baseUrl(server.url("/v1").toString())
          .httpClient(shared).readTimeout(Duration.ofMillis(300))
          .retryPolicy(RetryPolicy.builder().maxRetries(MAX_RETRIES)
              .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20))
              .retryAfterCap(Duration.ofMillis(20)).build())
          .build();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        for (Scenario scenario : scenarios) {
          server.setDispatcher(always(scenario.answer()));
          attempts.set(0);
          List<Future<RuntimeException>> futures = new ArrayList<>();
          for (int i = 0; i < scenario.calls(); i++) {
            futures.add(pool.submit(() -> {
              try {
                client.getJob("job_1");
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            }));
          }
          for (Future<RuntimeException> future : futures) {
            RuntimeException error = future.get(30, TimeUnit.SECONDS);
            assertThat(error).as(scenario.name()).isInstanceOf(scenario.error());
            assertThat(error.getMessage()).isNotBlank().doesNotContain(KEY);
            assertThat(String.valueOf(error)).doesNotContain(KEY);
            if (error instanceof BulkIoException io) {
              assertThat(io.retries()).isEqualTo(MAX_RETRIES);
            }
            if (error instanceof RateLimitException limited) {
              assertThat(limited.retryAfter()).isPresent();
            }
          }
          // Bounded: every call made exactly 1 + maxRetries attempts, no more.
          assertThat(attempts.get()).as(scenario.name()).isEqualTo(scenario.calls() * (1 + MAX_RETRIES));
          assertThat(shared.connectionPool().connectionCount())
              .as("connections in use after %s", scenario.name())
              .isEqualTo(shared.connectionPool().idleConnectionCount());
          figures.put(scenario.name(), scenario.calls() + " calls, " + attempts.get() + " attempts");

          // The same client works as soon as the server does.
          server.setDispatcher(always(() -> new MockResponse.Builder().code(200)
              .setHeader("Content-Type", "application/json").body(JOB).build()));
          assertThat(client.getJob("job_1").status()).isEqualTo(JobStatus.COMPLETED);
        }
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        client.close();
      }
      assertThat(shared.connectionPool().connectionCount())
          .isEqualTo(shared.connectionPool().idleConnectionCount());
    }
    shared.connectionPool().evictAll();
    assertThat(shared.connectionPool().connectionCount()).isZero();
    // OkHttp's idle task threads (OkHttp TaskRunner) end on their own after 60 s; every other
    // thread started by the test is gone.
    Support.await("threads of the test to end", Duration.ofSeconds(10), () ->
        newThreads(before).isEmpty());
    Support.figure("clientFaults", figures);
  }

  private static Dispatcher always(Supplier<MockResponse> answer) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer.get();
      }

      // MockWebServer applies the request-start effect of the answer peek() gives.
      @Override
      public MockResponse peek() {
        return answer.get();
      }
    };
  }

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  private static Set<String> newThreads(Set<Thread> before) {
    return liveThreads().stream().filter(t -> !before.contains(t))
        .filter(t -> !t.getName().startsWith("OkHttp TaskRunner"))
        .map(Thread::getName).collect(Collectors.toSet());
  }
}
