package dev.bulkestate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.Webhook;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.core.webhook.WebhookSigner;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.engine.WebhookSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WebhookReceiverExampleTest {
  static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

  @Test
  void receivesTheSignedEventsOfARealJob() throws Exception {
    try (WebhookReceiverExample receiver =
            new WebhookReceiverExample(InetAddress.getLoopbackAddress(), 0, SECRET);
        InMemoryBulkEngine engine = InMemoryBulkEngine.builder().workerThreads(2)
            .webhookSecret(SECRET)
            .webhookSettings(WebhookSettings.defaults().withAllowPrivateDestinations(true))
            .build()) {
      List<AddressInput> list = ExampleCsv.read(Path.of("data/addresses.csv"), AddressInput.class);
      String jobId = engine.submit(AddressVerificationRequest.builder().addAll(list)
          .webhook(receiver.url(), Webhook.BATCH_COMPLETED, Webhook.JOB_COMPLETED).build()).jobId();

      assertThat(receiver.awaitCompleted(30, TimeUnit.SECONDS)).isTrue();

      List<WebhookEvent> events = receiver.events();
      assertThat(events).allMatch(e -> e.jobId().equals(jobId));
      // 300 records in chunks of 100: three batches, then the end of the job.
      assertThat(events).filteredOn(e -> e instanceof WebhookEvent.BatchCompleted).hasSize(3);
      assertThat(events).filteredOn(e -> e instanceof WebhookEvent.JobCompleted).singleElement()
          .satisfies(e -> assertThat(((WebhookEvent.JobCompleted) e).data().summary().totalRecords())
              .isEqualTo(300));
      assertThat(events).extracting(WebhookEvent::sequence).doesNotHaveDuplicates();
    }
  }

  @Test
  void rejectsBadSignaturesAndHandlesARedeliveryOnce() throws Exception {
    try (WebhookReceiverExample receiver =
        new WebhookReceiverExample(InetAddress.getLoopbackAddress(), 0, SECRET)) {
      byte[] body = ("{\"event\":\"job_completed\",\"job_id\":\"job_1\",\"timestamp\":\"2026-01-01T00:00:00Z\","
          + "\"sequence\":7,\"data\":{\"status\":\"completed\",\"summary\":{\"total_records\":2,"
          + "\"successful\":1,\"failed\":1,\"credits_used\":1}}}").getBytes(StandardCharsets.UTF_8);
      Map<String, String> headers = new WebhookSigner(SECRET)
          .headers("msg_1", Instant.now().getEpochSecond(), body);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

      assertThat(post(http, receiver.url(), headers, body)).isEqualTo(204);
      assertThat(post(http, receiver.url(), headers, body)).isEqualTo(204); // redelivery
      byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"failed\":1", "\"failed\":0")
          .getBytes(StandardCharsets.UTF_8);
      assertThat(post(http, receiver.url(), headers, tampered)).isEqualTo(401);

      assertThat(receiver.events()).singleElement()
          .satisfies(e -> assertThat(e.sequence()).isEqualTo(7L));
      assertThat(receiver.awaitCompleted(0, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static int post(HttpClient http, String url, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/json");
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
