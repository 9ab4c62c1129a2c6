package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.addresses;
import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.request.Webhook;
import dev.bulkestate.core.spi.FatalProcessingException;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookVerifier;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WebhookDeliveryTest {
  private final TestSupport.MutableClock clock = new TestSupport.MutableClock();
  private InMemoryBulkEngine engine;
  private Receiver receiver;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private WebhookSettings.Builder settings() {
    return WebhookSettings.builder()
        .allowPrivateDestinations(true)
        .retrySchedule(Duration.ofMillis(20), Duration.ofMillis(40))
        .jitter(0)
        .connectTimeout(Duration.ofMillis(500))
        .callTimeout(Duration.ofMillis(500))
        .progressInterval(Duration.ofHours(1))
        .deliveryThreads(1);
  }

  private InMemoryBulkEngine engine(WebhookSettings settings, int chunkSize) {
    return engine(settings, chunkSize, FnProcessor.noop(JobType.ADDRESS_VERIFICATION));
  }

  private InMemoryBulkEngine engine(WebhookSettings settings, int chunkSize, FnProcessor processor) {
    engine = InMemoryBulkEngine.builder()
        .clock(clock)
        .workerThreads(1)
        .chunkSize(chunkSize)
        .publicBaseUrl("https://api.test/")
        .webhookSettings(settings)
        .processor(processor)
        .build();
    return engine;
  }

  private WebhookEvent verified(RecordedRequest request) throws Exception {
    Map<String, String> headers = new TreeMap<>();
    request.getHeaders().forEach(pair -> headers.put(pair.getFirst(), pair.getSecond()));
    return WebhookVerifier.builder().secret(engine.webhookSecret()).clock(clock).build()
        .verifyAndParse(request.getBody().toByteArray(), headers);
  }

  private WebhookDelivery awaitDelivery(String jobId, String event, WebhookDelivery.State state) {
    TestSupport.await(event + " " + state, () -> engine.webhookDeliveries(jobId).stream()
        .anyMatch(d -> d.event().equals(event) && d.state() == state));
    return engine.webhookDeliveries(jobId).stream()
        .filter(d -> d.event().equals(event) && d.state() == state).findFirst().orElseThrow();
  }

  @Test
  void deliversSignedSequencedEventsOfTheKindsAskedFor() throws Exception {
    receiver = new Receiver(n -> Receiver.status(200));
    engine(settings().build(), 1);
    Webhook hook = Webhook.of(receiver.url("/hook"),
        Webhook.JOB_COMPLETED, Webhook.BATCH_COMPLETED, Webhook.PROGRESS_UPDATE);
    String id = engine.submit(addresses("a", 3, hook)).jobId();
    awaitFinished(engine, id);
    awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.DELIVERED);
    TestSupport.await("5 requests", () -> receiver.requests.size() == 5);
    List<WebhookEvent> events = new ArrayList<>();
    for (RecordedRequest request : receiver.requests) {
      assertThat(request.getUrl().encodedPath()).isEqualTo("/hook");
      assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
      events.add(verified(request));
    }
    events.sort(Comparator.comparing(WebhookEvent::sequence));
    assertThat(events).extracting(WebhookEvent::event).containsExactly(
        "batch_completed", "progress_update", "batch_completed", "batch_completed", "job_completed");
    assertThat(events).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(events).allMatch(e -> e.jobId().equals(id) && e.timestamp().equals(TestSupport.T0));
    WebhookEvent.JobCompleted done = (WebhookEvent.JobCompleted) events.get(4);
    assertThat(done.data().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.data().summary())
        .isEqualTo(new WebhookEvent.JobCompleted.Summary(3, 3, 0, 3L, 0));
    assertThat(done.data().resultsUrl()).isEqualTo("https://api.test/v1/bulk/jobs/" + id + "/results");
    WebhookEvent.BatchCompleted batch = (WebhookEvent.BatchCompleted) events.get(2);
    assertThat(batch.data()).isEqualTo(new WebhookEvent.BatchCompleted.Data(
        2, 1, 1, 0, 0, new WebhookEvent.Counts(2, 3, 66)));
    WebhookEvent.ProgressUpdate progress = (WebhookEvent.ProgressUpdate) events.get(1);
    assertThat(progress.data().progress()).isEqualTo(new WebhookEvent.Counts(1, 3, 33));
  }

  @Test
  void withoutAnEventsListOnlyFinalEventsAreSentAndRecordProcessedIsOptIn() throws Exception {
    receiver = new Receiver(n -> Receiver.status(204));
    engine(settings().progressInterval(Duration.ZERO).build(), 1);
    String plain = engine.submit(addresses("a", 3, new Webhook(receiver.url("/a"), null))).jobId();
    awaitFinished(engine, plain);
    awaitDelivery(plain, Webhook.JOB_COMPLETED, WebhookDelivery.State.DELIVERED);
    assertThat(engine.webhookDeliveries(plain)).extracting(WebhookDelivery::event)
        .containsExactly(Webhook.JOB_COMPLETED);

    String perRecord = engine.submit(addresses("b", 2,
        Webhook.of(receiver.url("/b"), Webhook.RECORD_PROCESSED))).jobId();
    awaitFinished(engine, perRecord);
    TestSupport.await("2 record events delivered", () -> engine.webhookDeliveries(perRecord).stream()
        .filter(d -> d.state() == WebhookDelivery.State.DELIVERED).count() == 2);
    List<RecordResult> records = new ArrayList<>();
    for (RecordedRequest request : receiver.requests) {
      if (request.getUrl().encodedPath().equals("/b")) {
        records.add(((WebhookEvent.RecordProcessed) verified(request)).data());
      }
    }
    records.sort(Comparator.comparing(RecordResult::id));
    assertThat(records).extracting(RecordResult::id).containsExactly("b1", "b2");
    assertThat(records).extracting(RecordResult::status)
        .containsExactly(RecordStatus.SUCCESS, RecordStatus.SUCCESS);
  }

  @Test
  void aReceiverAnswering500sIsRetriedWithTheSameWebhookId() throws Exception {
    receiver = new Receiver(n -> Receiver.status(n <= 2 ? 500 : 200));
    engine(settings().build(), 10);
    String id = engine.submit(addresses("a", 3, Webhook.of(receiver.url("/h")))).jobId();
    assertThat(awaitFinished(engine, id).status()).isEqualTo(JobStatus.COMPLETED);
    WebhookDelivery delivery = awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.DELIVERED);
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.lastStatusCode()).isEqualTo(200);
    assertThat(receiver.requests).hasSize(3);
    assertThat(engine.webhookDeliveries("default", id)).containsExactly(delivery);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.webhookDeliveries("other", id))
        .isInstanceOf(dev.bulkestate.core.NotFoundException.class);
    assertThat(receiver.requests).extracting(r -> r.getHeaders().get("webhook-id"))
        .containsOnly(delivery.webhookId());
    for (RecordedRequest request : receiver.requests) {
      verified(request);
    }
  }

  @Test
  void aReceiverThatAlwaysFailsGetsTheWholeScheduleThenTheDeliveryFails() throws Exception {
    receiver = new Receiver(n -> Receiver.status(500));
    engine(settings().build(), 10);
    String id = engine.submit(addresses("a", 3, Webhook.of(receiver.url("/h")))).jobId();
    assertThat(awaitFinished(engine, id).status()).isEqualTo(JobStatus.COMPLETED);
    WebhookDelivery delivery = awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.FAILED);
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.lastStatusCode()).isEqualTo(500);
    assertThat(delivery.lastError()).isEqualTo("HTTP 500");
    assertThat(receiver.requests).hasSize(3);
  }

  @Test
  void aReceiverThatTimesOutIsRetried() throws Exception {
    receiver = new Receiver(n -> n == 1
        ? new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).build()
        : Receiver.status(200));
    engine(settings().build(), 10);
    String id = engine.submit(addresses("a", 2, Webhook.of(receiver.url("/h")))).jobId();
    assertThat(awaitFinished(engine, id).status()).isEqualTo(JobStatus.COMPLETED);
    WebhookDelivery delivery = awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.DELIVERED);
    assertThat(delivery.attempts()).isEqualTo(2);
    assertThat(receiver.requests).hasSize(2);
  }

  @Test
  void aReceiverThatIsDownFailsAfterTheScheduleAndTheJobStillCompletes() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    engine(settings().build(), 10);
    String id = engine.submit(addresses("a", 2,
        Webhook.of("http://127.0.0.1:" + port + "/h"))).jobId();
    assertThat(awaitFinished(engine, id).status()).isEqualTo(JobStatus.COMPLETED);
    WebhookDelivery delivery = awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.FAILED);
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.lastStatusCode()).isNull();
    assertThat(delivery.lastError()).isNotBlank();
  }

  @Test
  void aDeadReceiverStillGetsEveryAttemptOfTheFinalAndNewestEventsWhileOlderBatchesAreSuperseded()
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    engine(settings().build(), 1);
    String id = engine.submit(addresses("a", 6, Webhook.of("http://127.0.0.1:" + port + "/h",
        Webhook.BATCH_COMPLETED, Webhook.JOB_COMPLETED))).jobId();
    assertThat(awaitFinished(engine, id).status()).isEqualTo(JobStatus.COMPLETED);
    awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.FAILED);
    TestSupport.await("all settled", () -> engine.webhookDeliveries(id).stream()
        .noneMatch(d -> d.state() == WebhookDelivery.State.PENDING));
    List<WebhookDelivery> log = engine.webhookDeliveries(id);
    assertThat(log).extracting(WebhookDelivery::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    // The last batch and job_completed: every attempt of the schedule, each refused.
    for (WebhookDelivery newest : List.of(log.get(5), log.get(6))) {
      assertThat(newest.state()).isEqualTo(WebhookDelivery.State.FAILED);
      assertThat(newest.attempts()).isEqualTo(3);
      assertThat(newest.lastStatusCode()).isNull();
      assertThat(newest.lastError()).isNotBlank();
    }
    assertThat(log.get(6).event()).isEqualTo(Webhook.JOB_COMPLETED);
    // Older batches were either tried in full before the circuit opened or superseded after.
    assertThat(log.subList(0, 5)).allSatisfy(d -> {
      assertThat(d.event()).isEqualTo(Webhook.BATCH_COMPLETED);
      if (d.state() == WebhookDelivery.State.SUPERSEDED) {
        assertThat(d.attempts()).isLessThan(3);
      } else {
        assertThat(d.state()).isEqualTo(WebhookDelivery.State.FAILED);
        assertThat(d.attempts()).isEqualTo(3);
      }
    });
  }

  @Test
  void goneStopsEveryDeliveryToThatUrl() throws Exception {
    receiver = new Receiver(n -> Receiver.status(410));
    engine(settings().build(), 1);
    String url = receiver.url("/gone");
    String id = engine.submit(addresses("a", 3,
        Webhook.of(url, Webhook.BATCH_COMPLETED, Webhook.JOB_COMPLETED))).jobId();
    awaitFinished(engine, id);
    awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.GONE);
    TestSupport.await("all settled", () -> engine.webhookDeliveries(id).stream()
        .allMatch(d -> d.state() == WebhookDelivery.State.GONE));
    assertThat(engine.webhookDeliveries(id)).hasSize(4);
    assertThat(receiver.requests).hasSize(1);
    assertThat(engine.webhookDeliveries(id).stream().mapToInt(WebhookDelivery::attempts).sum())
        .isEqualTo(1);
    // A later job to the same URL is not called either.
    String later = engine.submit(addresses("b", 1, Webhook.of(url))).jobId();
    awaitFinished(engine, later);
    awaitDelivery(later, Webhook.JOB_COMPLETED, WebhookDelivery.State.GONE);
    assertThat(receiver.requests).hasSize(1);
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    receiver = new Receiver(n -> new MockResponse.Builder().code(302)
        .addHeader("Location", "/elsewhere").build());
    engine(settings().build(), 10);
    String id = engine.submit(addresses("a", 1, Webhook.of(receiver.url("/h")))).jobId();
    awaitFinished(engine, id);
    WebhookDelivery delivery = awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.FAILED);
    assertThat(delivery.lastStatusCode()).isEqualTo(302);
    assertThat(receiver.requests).hasSize(3);
    assertThat(receiver.requests).allMatch(r -> r.getUrl().encodedPath().equals("/h"));
  }

  @Test
  void retryAfterIsHonouredWithinItsBound() throws Exception {
    receiver = new Receiver(n -> n == 1
        ? new MockResponse.Builder().code(503).addHeader("Retry-After", "3600").build()
        : Receiver.status(200));
    // The schedule alone would wait an hour; the 3600 s hint is cut to 30 ms.
    engine(settings().retrySchedule(Duration.ofHours(1)).maxRetryAfter(Duration.ofMillis(30)).build(), 10);
    String id = engine.submit(addresses("a", 1, Webhook.of(receiver.url("/h")))).jobId();
    awaitFinished(engine, id);
    WebhookDelivery delivery = awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.DELIVERED);
    assertThat(delivery.attempts()).isEqualTo(2);
  }

  @Test
  void aFatalErrorSendsJobFailedWithWhatWasDone() throws Exception {
    receiver = new Receiver(n -> Receiver.status(200));
    engine(settings().build(), 2, FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
      if (r.id().equals("a4")) {
        throw new FatalProcessingException("Source down");
      }
      return RecordResult.success(r.id(), Map.of());
    }));
    String id = engine.submit(addresses("a", 6, Webhook.of(receiver.url("/h")))).jobId();
    assertThat(awaitFinished(engine, id).status()).isEqualTo(JobStatus.FAILED);
    awaitDelivery(id, Webhook.JOB_FAILED, WebhookDelivery.State.DELIVERED);
    WebhookEvent.JobFailed failed = (WebhookEvent.JobFailed) verified(receiver.requests.get(0));
    assertThat(failed.data().processedRecords()).isEqualTo(3);
    assertThat(failed.data().creditsUsed()).isEqualTo(3);
    assertThat(failed.data().error().message()).isEqualTo("Source down");
  }

  @Test
  void aStuckReceiverNeverSlowsProcessingAndOnlyProgressEventsAreDropped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    receiver = new Receiver(n -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Receiver.status(200);
    });
    engine(settings().callTimeout(Duration.ofSeconds(30)).progressInterval(Duration.ZERO)
        .maxQueuedDeliveries(20).build(), 10);
    String id = engine.submit(addresses("a", 1_000, Webhook.of(receiver.url("/h"),
        Webhook.PROGRESS_UPDATE, Webhook.BATCH_COMPLETED, Webhook.JOB_COMPLETED))).jobId();
    // The job completes while the receiver holds its first request.
    Job job = awaitFinished(engine, id);
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.progress().successful()).isEqualTo(1_000);
    assertThat(receiver.requests.size()).isLessThanOrEqualTo(1);
    List<WebhookDelivery> log = engine.webhookDeliveries(id);
    assertThat(log).hasSize(100 + 99 + 1);
    List<WebhookDelivery> kept = log.stream().filter(d -> d.state() != WebhookDelivery.State.DROPPED).toList();
    assertThat(kept.size()).isLessThanOrEqualTo(21);
    assertThat(kept).anyMatch(d -> d.event().equals(Webhook.JOB_COMPLETED));
    // Progress updates go first: once a batch event was dropped, at most the one in flight is left.
    assertThat(log).anyMatch(d -> d.state() == WebhookDelivery.State.DROPPED
        && d.event().equals(Webhook.BATCH_COMPLETED));
    assertThat(kept.stream().filter(d -> d.event().equals(Webhook.PROGRESS_UPDATE)).count())
        .isLessThanOrEqualTo(1);
    release.countDown();
    awaitDelivery(id, Webhook.JOB_COMPLETED, WebhookDelivery.State.DELIVERED);
  }

  @Test
  void closeLetsADeliveryInFlightFinish() throws Exception {
    receiver = new Receiver(n -> new MockResponse.Builder().code(200)
        .headersDelay(200, TimeUnit.MILLISECONDS).build());
    engine(settings().callTimeout(Duration.ofSeconds(5)).build(), 10);
    String id = engine.submit(addresses("a", 2, Webhook.of(receiver.url("/h")))).jobId();
    awaitFinished(engine, id);
    engine.close();
    assertThat(engine.webhookDeliveries(id)).singleElement().satisfies(d -> {
      assertThat(d.event()).isEqualTo(Webhook.JOB_COMPLETED);
      assertThat(d.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
    });
    assertThat(receiver.requests).hasSize(1);
  }
}
