package dev.bulkestate.client;

import static dev.bulkestate.client.MockApi.json;
import static dev.bulkestate.client.MockApi.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.AuthenticationException;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.QuotaExceededException;
import dev.bulkestate.core.RateLimitException;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ServerException;
import dev.bulkestate.core.ValidationException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each fault the network or the server can produce gives its documented outcome; retries and
 * waits are asserted exactly (jitter source fixed at 0.5, so a computed wait is 87.5 % of its
 * base), and every test ends with the script used up and no connection in use.
 */
@Timeout(30)
class FaultTest {
  private static final String RATE_LIMITED =
      "{\"status\":\"error\",\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"Too many records waiting\"}}";
  private static final String HTML_502 =
      "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";

  private final MockApi api = new MockApi();

  @AfterEach
  void close() {
    api.close();
  }

  private static MockResponse rateLimited(String retryAfter) {
    return new MockResponse.Builder(json(429, RATE_LIMITED)).setHeader("Retry-After", retryAfter)
        .build();
  }

  private static MockResponse status(int code) {
    return json(code, "{\"status\":\"error\",\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"boom\"}}");
  }

  @Test
  void honoursRetryAfterInSecondsAndReusesTheIdempotencyKey() {
    api.enqueue(rateLimited("3")).enqueueJson(202, resource("response-submit-accepted.json"));

    try (BulkClient client = api.client()) {
      JobAccepted accepted = client.submit(ContractTest.SPEC_DETAILS);
      assertThat(accepted.jobId()).isEqualTo("job_abc123");
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofSeconds(3));
    RecordedRequest first = api.take();
    RecordedRequest second = api.take();
    assertThat(first.getHeaders().get("Idempotency-Key")).isEqualTo("idem-1");
    assertThat(second.getHeaders().get("Idempotency-Key")).isEqualTo("idem-1");
    assertThat(second.getBody()).isEqualTo(first.getBody());
    api.assertClean(2);
  }

  @Test
  void honoursRetryAfterAsAnHttpDate() {
    // The fake clock reads 2024-01-15T10:30:00Z.
    api.enqueue(rateLimited("Mon, 15 Jan 2024 10:30:07 GMT"))
        .enqueueJson(200, resource("response-job-status.json"));

    try (BulkClient client = api.client()) {
      client.getJob("job_abc123");
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofSeconds(7));
    api.assertClean(2);
  }

  @Test
  void capsAnOverlongRetryAfter() {
    api.enqueue(rateLimited("3600")).enqueueJson(200, resource("response-job-status.json"));
    RetryPolicy policy = RetryPolicy.builder().retryAfterCap(Duration.ofSeconds(20)).build();

    try (BulkClient client = api.clientBuilder().retryPolicy(policy).build()) {
      client.getJob("job_abc123");
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofSeconds(20));
    api.assertClean(2);
  }

  @Test
  void givesUpOnRateLimitsAfterTheLastRetry() {
    api.enqueue(rateLimited("2")).enqueue(rateLimited("2")).enqueue(rateLimited("5"));

    try (BulkClient client = api.client()) {
      assertThatThrownBy(() -> client.getJob("job_abc123"))
          .isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("RATE_LIMITED");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
          });
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    api.assertClean(3);
  }

  @Test
  void stopsWhenTheNextWaitWouldExceedTheTotalBudget() {
    api.enqueue(rateLimited("3")).enqueue(rateLimited("3"));
    RetryPolicy policy = RetryPolicy.builder().maxRetries(5).totalBudget(Duration.ofSeconds(5)).build();

    try (BulkClient client = api.clientBuilder().retryPolicy(policy).build()) {
      assertThatThrownBy(() -> client.getJob("job_abc123")).isInstanceOf(RateLimitException.class);
    }

    // 3 s spent; another 3 s would make 6 s > 5 s.
    assertThat(api.time.sleeps()).containsExactly(Duration.ofSeconds(3));
    api.assertClean(2);
  }

  @Test
  void retries503ThenSucceedsWithExponentialBackoffAndJitter() {
    api.enqueue(status(503)).enqueue(status(503))
        .enqueueJson(200, resource("response-job-status.json"));

    try (BulkClient client = api.client()) {
      Job job = client.getJob("job_abc123");
      assertThat(job.jobId()).isEqualTo("job_abc123");
    }

    // 500 ms and 1000 ms, each less 25 % * 0.5 of jitter.
    assertThat(api.time.sleeps()).containsExactly(Duration.ofMillis(438), Duration.ofMillis(875));
    api.assertClean(3);
  }

  @Test
  void givesUpOnServerErrorsAfterMaxRetriesWithBackoffCappedAtMax() {
    for (int i = 0; i < 5; i++) {
      api.enqueue(status(500));
    }
    RetryPolicy policy = RetryPolicy.builder().maxRetries(4).maxBackoff(Duration.ofMillis(1500))
        .build();

    try (BulkClient client = api.clientBuilder().retryPolicy(policy).build()) {
      assertThatThrownBy(() -> client.getJob("job_abc123"))
          .isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.code()).isEqualTo("INTERNAL_ERROR");
            assertThat(e.requestId()).isEqualTo("req_500");
          });
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofMillis(438), Duration.ofMillis(875),
        Duration.ofMillis(1313), Duration.ofMillis(1313));
    api.assertClean(5);
  }

  @Test
  void retries408() {
    api.enqueue(json(408, "")).enqueueJson(200, resource("response-job-status.json"));

    try (BulkClient client = api.client()) {
      client.getJob("job_abc123");
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofMillis(438));
    api.assertClean(2);
  }

  @Test
  void perCallMaxRetriesOverridesThePolicy() {
    api.enqueue(status(503));

    try (BulkClient client = api.client()) {
      assertThatThrownBy(() -> client.getJob("job_abc123", RequestOptions.none().withMaxRetries(0)))
          .isInstanceOf(ServerException.class);
    }

    assertThat(api.time.sleeps()).isEmpty();
    api.assertClean(1);
  }

  @Test
  void retriesAConnectionDroppedMidBody() {
    String body = resource("response-job-status.json");
    api.enqueue(new MockResponse.Builder(json(200, body))
            .throttleBody(64, 10, TimeUnit.MILLISECONDS)
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build())
        .enqueueJson(200, body);

    try (BulkClient client = api.client()) {
      assertThat(client.getJob("job_abc123").jobId()).isEqualTo("job_abc123");
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofMillis(438));
    api.assertClean(2);
    assertThat(api.pool.connectionCount()).isEqualTo(1);
  }

  @Test
  void aConnectionDroppedMidBodyWithNoRetriesLeftIsAnIoError() {
    api.enqueue(new MockResponse.Builder(json(200, resource("response-job-status.json")))
        .throttleBody(64, 10, TimeUnit.MILLISECONDS)
        .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());

    try (BulkClient client = api.clientBuilder().retryPolicy(RetryPolicy.NONE).build()) {
      assertThatThrownBy(() -> client.getJob("job_abc123"))
          .isInstanceOfSatisfying(BulkIoException.class, e -> {
            assertThat(e.retries()).isZero();
            assertThat(e.getMessage()).startsWith("GET /v1/bulk/jobs/job_abc123 failed: ")
                .doesNotContain(MockApi.API_KEY);
          });
    }

    api.assertClean(1);
    assertThat(api.pool.connectionCount()).isZero();
  }

  @Test
  void aSlowBodyPastTheReadTimeoutIsRetriedThenFails() {
    for (int i = 0; i < 2; i++) {
      api.enqueue(new MockResponse.Builder(json(200, resource("response-job-status.json")))
          .bodyDelay(2, TimeUnit.SECONDS).build());
    }
    RetryPolicy policy = RetryPolicy.builder().maxRetries(1).build();

    try (BulkClient client = api.clientBuilder().retryPolicy(policy)
        .readTimeout(Duration.ofMillis(150)).build()) {
      assertThatThrownBy(() -> client.getJob("job_abc123"))
          .isInstanceOfSatisfying(BulkIoException.class, e -> {
            assertThat(e.retries()).isEqualTo(1);
            assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
          });
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofMillis(438));
    api.assertClean(2);
    assertThat(api.pool.connectionCount()).isZero();
  }

  @Test
  void aSlowBodyPastThePerCallTimeoutIsAnIoError() {
    api.enqueue(new MockResponse.Builder(json(200, resource("response-job-status.json")))
        .throttleBody(16, 1, TimeUnit.SECONDS).build());

    try (BulkClient client = api.client()) {
      RequestOptions options = RequestOptions.none().withTimeout(Duration.ofMillis(300))
          .withMaxRetries(0);
      assertThatThrownBy(() -> client.getJob("job_abc123", options))
          .isInstanceOfSatisfying(BulkIoException.class,
              e -> assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class));
    }

    api.assertClean(1);
    assertThat(api.pool.connectionCount()).isZero();
  }

  @Test
  void anHtml502FromAProxyIsAClearServerError() {
    api.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html; charset=utf-8")
        .body(HTML_502).build());

    try (BulkClient client = api.clientBuilder().retryPolicy(RetryPolicy.NONE).build()) {
      assertThatThrownBy(() -> client.getJob("job_abc123"))
          .isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("INTERNAL_ERROR");
            assertThat(e.getMessage()).isEqualTo("502 INTERNAL_ERROR: HTTP 502 answered with a "
                + HTML_502.length() + "-byte text/html body instead of an API error envelope");
            assertThat(e.error().details()).containsEntry("content_type", "text/html");
            assertThat(e.requestId()).isNull();
          });
    }

    api.assertClean(1);
  }

  @Test
  void anHtml502IsRetriedLikeAny5xx() {
    api.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
            .body(HTML_502).build())
        .enqueueJson(200, resource("response-job-status.json"));

    try (BulkClient client = api.client()) {
      assertThat(client.getJob("job_abc123").jobId()).isEqualTo("job_abc123");
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofMillis(438));
    api.assertClean(2);
  }

  @Test
  void a401IsAnAuthenticationErrorAndIsNotRetried() {
    api.enqueueJson(401,
        "{\"status\":\"error\",\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid API key\"}}");

    try (BulkClient client = api.client()) {
      assertThatThrownBy(() -> client.submit(ContractTest.SPEC_DETAILS))
          .isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.code()).isEqualTo("UNAUTHORIZED");
            assertThat(e.getMessage()).isEqualTo("401 UNAUTHORIZED: Invalid API key")
                .doesNotContain(MockApi.API_KEY);
            assertThat(e.requestId()).isEqualTo("req_401");
          });
    }

    assertThat(api.time.sleeps()).isEmpty();
    api.assertClean(1);
  }

  @Test
  void a401WithAnEmptyBodyIsStillAnAuthenticationError() {
    api.enqueue(new MockResponse.Builder().code(401).build());

    try (BulkClient client = api.client()) {
      assertThatThrownBy(() -> client.getJob("job_abc123"))
          .isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.code()).isEqualTo("UNAUTHORIZED");
            assertThat(e.getMessage()).isEqualTo(
                "401 UNAUTHORIZED: HTTP 401 answered with an empty body instead of an API error envelope");
          });
    }

    api.assertClean(1);
  }

  @Test
  void a402IsAQuotaErrorWithTheCredits() {
    api.enqueueJson(402, resource("response-error-quota-exceeded.json"));

    try (BulkClient client = api.client()) {
      assertThatThrownBy(() -> client.submit(ContractTest.SPEC_DETAILS))
          .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.requiredCredits()).isEqualTo(1000);
            assertThat(e.availableCredits()).isEqualTo(750);
          });
    }

    assertThat(api.time.sleeps()).isEmpty();
    api.assertClean(1);
  }

  @Test
  void aJsonBodyThatIsNotOurEnvelopeGivesAnUnexpectedResponse() {
    api.enqueueJson(400, "{\"message\":\"bad request\"}");

    try (BulkClient client = api.client()) {
      assertThatThrownBy(() -> client.getJob("job_abc123"))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.code()).isEqualTo(BulkClient.UNEXPECTED_RESPONSE);
            assertThat(e.httpStatus()).isEqualTo(400);
          });
    }

    api.assertClean(1);
  }

  @Test
  void aTruncatedSuccessBodyIsAnUnexpectedResponseAndIsNotRetried() {
    api.enqueueJson(200, "{\"status\":\"success\",\"data\":{\"job_id\":\"job_a");

    try (BulkClient client = api.client()) {
      assertThatThrownBy(() -> client.getJob("job_abc123"))
          .isInstanceOfSatisfying(BulkApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(200);
            assertThat(e.code()).isEqualTo(BulkClient.UNEXPECTED_RESPONSE);
            assertThat(e.getMessage()).isEqualTo(
                "200 UNEXPECTED_RESPONSE: HTTP 200 answered with a body that is not a success envelope of Job");
          });
    }

    assertThat(api.time.sleeps()).isEmpty();
    api.assertClean(1);
  }

  @Test
  void anInterruptedWaitStopsRetrying() {
    api.enqueue(status(503));

    try (BulkClient client = api.clientBuilder().sleeper((d, w) -> {
      throw new InterruptedException();
    }).build()) {
      assertThatThrownBy(() -> client.getJob("job_abc123")).isInstanceOf(ServerException.class);
      assertThat(Thread.interrupted()).isTrue();
    }

    api.assertClean(1);
  }

  @Test
  void neverRetriesAPostWithoutAnIdempotencyKey() {
    Request post = new Request.Builder().url("http://127.0.0.1/v1/bulk/valuations")
        .post(okhttp3.RequestBody.create(new byte[0], null)).build();
    assertThat(Transport.isRetryable(post)).isFalse();
    assertThat(Transport.isRetryable(post.newBuilder().header("Idempotency-Key", "k").build()))
        .isTrue();
    assertThat(Transport.isRetryable(new Request.Builder().url("http://127.0.0.1/").build())).isTrue();
    assertThat(List.of(408, 429, 500, 502, 503, 504)).allMatch(Transport::isRetryableStatus);
    assertThat(List.of(400, 401, 402, 404, 409, 413)).noneMatch(Transport::isRetryableStatus);
  }

  @Test
  void aPerCallTimeoutAlsoBoundsTheRetries() {
    api.enqueue(rateLimited("3")).enqueue(rateLimited("3"));

    try (BulkClient client = api.client()) {
      RequestOptions options = RequestOptions.none().withTimeout(Duration.ofSeconds(5))
          .withMaxRetries(5);
      assertThatThrownBy(() -> client.getJob("job_abc123", options))
          .isInstanceOf(RateLimitException.class);
    }

    // 3 s spent; another 3 s would pass the call's 5 s.
    assertThat(api.time.sleeps()).containsExactly(Duration.ofSeconds(3));
    api.assertClean(2);
  }

  @Test
  void neverFollowsARedirectThatWouldCarryTheKeyElsewhere() {
    api.enqueue(new MockResponse.Builder().code(302)
        .setHeader("Location", "http://127.0.0.1:1/steal").build());

    try (BulkClient client = api.client()) {
      assertThatThrownBy(() -> client.getJob("job_abc123"))
          .isInstanceOfSatisfying(BulkApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(302);
            assertThat(e.code()).isEqualTo(BulkClient.UNEXPECTED_RESPONSE);
          });
    }

    assertThat(api.time.sleeps()).isEmpty();
    api.assertClean(1);
  }

  @Test
  void aRefusedConnectionIsRetriedThenAnIoError() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    try (BulkClient client = api.clientBuilder().baseUrl("http://127.0.0.1:" + closedPort + "/v1")
        .build()) {
      assertThatThrownBy(() -> client.submit(ContractTest.SPEC_DETAILS))
          .isInstanceOfSatisfying(BulkIoException.class, e -> {
            assertThat(e.retries()).isEqualTo(2);
            assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
            assertThat(e.getMessage()).startsWith("POST /v1/bulk/property-details failed: ");
          });
    }

    assertThat(api.time.sleeps()).containsExactly(Duration.ofMillis(438), Duration.ofMillis(875));
    api.assertClean(0);
  }
}
