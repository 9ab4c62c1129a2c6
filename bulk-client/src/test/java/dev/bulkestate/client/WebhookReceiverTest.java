package dev.bulkestate.client;

import static dev.bulkestate.client.MockApi.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.core.webhook.WebhookSigner;
import dev.bulkestate.core.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Signed deliveries posted to a real JDK HttpServer on loopback. */
@Timeout(30)
class WebhookReceiverTest {
  static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  static final long NOW = Instant.parse("2024-01-15T10:42:05Z").getEpochSecond();
  static final WebhookVerifier VERIFIER = WebhookVerifier.builder().secret(SECRET)
      .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)).build();

  private final List<WebhookEvent> received = new CopyOnWriteArrayList<>();
  private final OkHttpClient http = new OkHttpClient();
  private HttpServer server;
  private String url;

  @BeforeEach
  void start() throws IOException {
    start(received::add);
  }

  private void start(Consumer<WebhookEvent> listener) throws IOException {
    if (server != null) {
      server.stop(0);
    }
    WebhookReceiver receiver = WebhookReceiver.builder().verifier(VERIFIER).listener(listener)
        .deduplicator(new WebhookDeduplicator(100)).build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/webhooks/bulk", new WebhookHttpHandler(receiver, 4096));
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/bulk";
  }

  @AfterEach
  void stop() {
    server.stop(0);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private int post(byte[] body, Map<String, String> headers) throws IOException {
    Request.Builder request = new Request.Builder().url(url)
        .post(RequestBody.create(body, MediaType.get("application/json")));
    headers.forEach(request::header);
    try (Response response = http.newCall(request.build()).execute()) {
      return response.code();
    }
  }

  private int postSigned(String id, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return post(bytes, new WebhookSigner(SECRET).headers(id, NOW, bytes));
  }

  @Test
  void deliversEachSpecEventTyped() throws IOException {
    assertThat(postSigned("msg_1", resource("webhook-progress-update.json"))).isEqualTo(204);
    assertThat(postSigned("msg_2", resource("webhook-job-completed.json"))).isEqualTo(204);
    assertThat(postSigned("msg_3", resource("webhook-job-failed.json"))).isEqualTo(204);

    assertThat(received).hasSize(3);
    WebhookEvent.ProgressUpdate progress = (WebhookEvent.ProgressUpdate) received.get(0);
    assertThat(progress.jobId()).isEqualTo("job_abc123");
    assertThat(progress.data().progress()).isEqualTo(new WebhookEvent.Counts(500, 1000, 50));
    WebhookEvent.JobCompleted completed = (WebhookEvent.JobCompleted) received.get(1);
    assertThat(completed.data().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(completed.data().summary().successful()).isEqualTo(950);
    assertThat(completed.data().resultsUrl())
        .isEqualTo("https://api.realestateapi.com/v1/bulk/jobs/job_abc123/results");
    WebhookEvent.JobFailed failed = (WebhookEvent.JobFailed) received.get(2);
    assertThat(failed.data().error().code()).isEqualTo(ErrorCode.PROCESSING_ERROR);
    assertThat(failed.data().processedRecords()).isEqualTo(245);
    assertThat(failed.data().creditsUsed()).isEqualTo(245L);
  }

  @Test
  void aDuplicateWebhookIdReachesTheListenerOnce() throws IOException {
    String body = resource("webhook-job-completed.json");
    assertThat(postSigned("msg_dup", body)).isEqualTo(204);
    assertThat(postSigned("msg_dup", body)).isEqualTo(204);
    assertThat(postSigned("msg_other", body)).isEqualTo(204);

    assertThat(received).hasSize(2);
  }

  @Test
  void aBadSignatureIs401AndReachesNoListener() throws IOException {
    byte[] body = resource("webhook-job-completed.json").getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new WebhookSigner(SECRET).headers("msg_1", NOW, body);
    byte[] tampered = resource("webhook-job-completed.json").replace("950", "951")
        .getBytes(StandardCharsets.UTF_8);
    Map<String, String> otherSecret =
        new WebhookSigner(WebhookSecret.generate()).headers("msg_2", NOW, body);
    Map<String, String> stale = new WebhookSigner(SECRET).headers("msg_3", NOW - 3600, body);

    assertThat(post(tampered, headers)).isEqualTo(401);
    assertThat(post(body, otherSecret)).isEqualTo(401);
    assertThat(post(body, stale)).isEqualTo(401);
    assertThat(received).isEmpty();
  }

  @Test
  void aMalformedDeliveryIs400() throws IOException {
    byte[] body = resource("webhook-job-completed.json").getBytes(StandardCharsets.UTF_8);
    assertThat(post(body, Map.of("webhook-id", "msg_1"))).isEqualTo(400);
    assertThat(post(body, Map.of("webhook-id", "msg_1", "webhook-timestamp", "yesterday",
        "webhook-signature", "v1,AAAA"))).isEqualTo(400);
    byte[] notJson = "not an event".getBytes(StandardCharsets.UTF_8);
    assertThat(post(notJson, new WebhookSigner(SECRET).headers("msg_2", NOW, notJson)))
        .isEqualTo(400);
    assertThat(received).isEmpty();
  }

  @Test
  void refusesOtherMethodsAndOversizedBodies() throws IOException {
    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(response.code()).isEqualTo(405);
      assertThat(response.header("Allow")).isEqualTo("POST");
    }
    byte[] big = new byte[5000];
    assertThat(post(big, new WebhookSigner(SECRET).headers("msg_big", NOW, big))).isEqualTo(413);
    assertThat(received).isEmpty();
  }

  @Test
  void aFailingListenerGets500AndTheRedeliveryIsHandled() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    start(event -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("database down");
      }
      received.add(event);
    });
    String body = resource("webhook-job-failed.json");

    assertThat(postSigned("msg_retry", body)).isEqualTo(500);
    assertThat(postSigned("msg_retry", body)).isEqualTo(204);
    assertThat(postSigned("msg_retry", body)).isEqualTo(204);

    assertThat(calls).hasValue(2);
    assertThat(received).hasSize(1);
  }

  @Test
  void theDeduplicatorIsBounded() {
    WebhookDeduplicator dedup = new WebhookDeduplicator(2);
    assertThat(dedup.claim("a")).isTrue();
    assertThat(dedup.claim("b")).isTrue();
    assertThat(dedup.claim("a")).isFalse();
    assertThat(dedup.claim("c")).isTrue();
    assertThat(dedup.size()).isEqualTo(2);
    // "b" was the least recently seen, so it was forgotten.
    assertThat(dedup.claim("b")).isTrue();
    assertThat(dedup.claim("c")).isFalse();
  }

  @Test
  void receivesWithoutAnyServer() {
    WebhookReceiver receiver = WebhookReceiver.of(VERIFIER, received::add);
    byte[] body = resource("webhook-job-completed.json").getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new WebhookSigner(SECRET).headers("msg_9", NOW, body);

    WebhookReceiver.Delivery delivery = receiver.receive(body, Map.of(
        "Webhook-Id", headers.get("webhook-id"),
        "Webhook-Timestamp", headers.get("webhook-timestamp"),
        "Webhook-Signature", headers.get("webhook-signature")));

    assertThat(delivery.outcome()).isEqualTo(WebhookReceiver.Outcome.DELIVERED);
    assertThat(delivery.webhookId()).isEqualTo("msg_9");
    assertThat(delivery.httpStatus()).isEqualTo(204);
    assertThat(received).containsExactly(delivery.event());
  }
}
