package dev.bulkestate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.Webhook;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.core.webhook.WebhookSigner;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-URL circuit breaker against a dead loopback port (connection refused) and a receiver
 * that comes back: attempts are counted at the sender and in the delivery log.
 */
@Timeout(30)
class WebhookCircuitBreakerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String JOB = "job_1";
  private static final WebhookDelivery.State PENDING = WebhookDelivery.State.PENDING;
  private static final WebhookDelivery.State SUPERSEDED = WebhookDelivery.State.SUPERSEDED;
  private static final WebhookDelivery.State FAILED = WebhookDelivery.State.FAILED;
  private static final WebhookDelivery.State DELIVERED = WebhookDelivery.State.DELIVERED;

  private WebhookDispatcher dispatcher;
  private Receiver receiver;

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  /** One sender call as the test saw it. */
  record Call(String webhookId, long startNanos, long endNanos, WebhookSender.Attempt outcome) {}

  /**
   * The real OkHttp sender, recording every call; call {@code n} (from 1) first waits for
   * {@code gates.apply(n)} when not null, and goes to {@code target.apply(n)} instead of the url
   * when that is not null.
   */
  static final class RecordingSender implements WebhookSender {
    final OkHttpWebhookSender delegate;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch firstCallStarted = new CountDownLatch(1);
    final IntFunction<CountDownLatch> gates;
    final IntFunction<String> target;
    private int started;

    RecordingSender(WebhookSettings settings, IntFunction<CountDownLatch> gates,
        IntFunction<String> target) {
      this.delegate = new OkHttpWebhookSender(settings,
          new DestinationPolicy(true, DestinationPolicy.Resolver.SYSTEM), Clock.systemUTC());
      this.gates = gates;
      this.target = target;
    }

    @Override
    public Attempt post(String url, Map<String, String> headers, byte[] body) {
      int n;
      synchronized (this) {
        n = ++started;
      }
      firstCallStarted.countDown();
      CountDownLatch gate = gates.apply(n);
      try {
        if (gate != null && !gate.await(20, TimeUnit.SECONDS)) {
          throw new AssertionError("gate of call " + n + " never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long start = System.nanoTime();
      String to = target.apply(n);
      Attempt outcome = delegate.post(to == null ? url : to, headers, body);
      calls.add(new Call(headers.get("webhook-id"), start, System.nanoTime(), outcome));
      return outcome;
    }

    synchronized int started() {
      return started;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static WebhookSettings.Builder settings() {
    return WebhookSettings.builder()
        .allowPrivateDestinations(true)
        .jitter(0)
        .connectTimeout(Duration.ofMillis(500))
        .callTimeout(Duration.ofMillis(500))
        .deliveryThreads(1)
        .circuitBreakerThreshold(3);
  }

  private WebhookDispatcher dispatcher(WebhookSettings settings, WebhookSender sender) {
    dispatcher = new WebhookDispatcher(settings, sender,
        new DestinationPolicy(true, DestinationPolicy.Resolver.SYSTEM),
        new WebhookSigner(WebhookSecret.generate()), Clock.fixed(T0, java.time.ZoneOffset.UTC));
    return dispatcher;
  }

  private static String deadUrl() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
    }
  }

  private static WebhookEvent event(String kind, long sequence) {
    return switch (kind) {
      case Webhook.BATCH_COMPLETED -> new WebhookEvent.BatchCompleted(kind, JOB, T0, sequence,
          new WebhookEvent.BatchCompleted.Data((int) sequence, 10, 10, 0, 0,
              new WebhookEvent.Counts((int) sequence * 10, 100, (int) sequence * 10)));
      case Webhook.RECORD_PROCESSED -> new WebhookEvent.RecordProcessed(kind, JOB, T0, sequence,
          RecordResult.success("r" + sequence, Map.of()));
      case Webhook.JOB_COMPLETED -> new WebhookEvent.JobCompleted(kind, JOB, T0, sequence,
          new WebhookEvent.JobCompleted.Data(JobStatus.COMPLETED,
              new WebhookEvent.JobCompleted.Summary(100, 100, 0, 100L, 0), null));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static final List<String> KINDS = List.of(Webhook.BATCH_COMPLETED,
      Webhook.BATCH_COMPLETED, Webhook.BATCH_COMPLETED, Webhook.RECORD_PROCESSED,
      Webhook.BATCH_COMPLETED, Webhook.BATCH_COMPLETED, Webhook.JOB_COMPLETED);

  // Publishes KINDS (sequences 1..7) while the first call waits at its gate, then opens it.
  private void publishWithFirstCallHeld(Webhook hook, RecordingSender sender, CountDownLatch gate)
      throws InterruptedException {
    dispatcher.publish(hook, event(KINDS.get(0), 1));
    assertThat(sender.firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i < KINDS.size(); i++) {
      dispatcher.publish(hook, event(KINDS.get(i), i + 1));
    }
    gate.countDown();
  }

  private void assertLog(List<WebhookDelivery.State> states, List<Integer> attempts) {
    List<WebhookDelivery> log = dispatcher.deliveries(JOB);
    assertThat(log).extracting(WebhookDelivery::sequence)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(log).extracting(WebhookDelivery::event).containsExactlyElementsOf(KINDS);
    assertThat(log).extracting(WebhookDelivery::state).containsExactlyElementsOf(states);
    assertThat(log).extracting(WebhookDelivery::attempts).containsExactlyElementsOf(attempts);
  }

  @Test
  void afterThreeRefusedConnectionsNothingIsAttemptedUntilTheRetryTimeAndProgressIsCoalesced()
      throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    WebhookSettings settings = settings()
        .retrySchedule(Duration.ofHours(1), Duration.ofHours(1)).build();
    RecordingSender sender = new RecordingSender(settings, n -> n == 1 ? gate : null, n -> null);
    dispatcher(settings, sender);
    Webhook hook = Webhook.of(deadUrl());
    publishWithFirstCallHeld(hook, sender, gate);

    // Calls 1-3 (batches 1-3) are refused; the circuit opens and holds the rest for an hour.
    TestSupport.await("3 refused calls and the rest held",
        () -> sender.calls.size() == 3 && dispatcher.held() == 3);
    assertThat(sender.calls).allSatisfy(call -> {
      assertThat(call.outcome().statusCode()).isZero();
      assertThat(call.outcome().error()).isNotBlank();
    });
    assertThat(sender.started()).isEqualTo(3);
    // Batches 1-3 and 5 are superseded by batch 6; the record event and job_completed are kept.
    assertLog(List.of(SUPERSEDED, SUPERSEDED, SUPERSEDED, PENDING, SUPERSEDED, PENDING, PENDING),
        List.of(1, 1, 1, 0, 0, 0, 0));
    List<WebhookDelivery> log = dispatcher.deliveries(JOB);
    assertThat(log.get(0).lastError()).isEqualTo(sender.calls.get(0).outcome().error());
    assertThat(log.get(0).lastStatusCode()).isNull();
    assertThat(log.get(0).lastAttemptAt()).isEqualTo(T0);
    assertThat(dispatcher.pending()).isEqualTo(3);

    // While the circuit is open a newer batch replaces the held one at once; records never are.
    dispatcher.publish(hook, event(Webhook.BATCH_COMPLETED, 8));
    dispatcher.publish(hook, event(Webhook.RECORD_PROCESSED, 9));
    assertThat(dispatcher.deliveries(JOB)).extracting(WebhookDelivery::state).containsExactly(
        SUPERSEDED, SUPERSEDED, SUPERSEDED, PENDING, SUPERSEDED, SUPERSEDED, PENDING,
        PENDING, PENDING);
    assertThat(dispatcher.held()).isEqualTo(4);
    assertThat(sender.started()).isEqualTo(3);
  }

  @Test
  void heldEventsAreProbedOneAtATimeAtTheirRetryTimesAndEachGetsEveryAttempt() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    // Long enough that calls 2 and 3 end before batch 1's retry is due.
    Duration first = Duration.ofMillis(250);
    WebhookSettings settings = settings().retrySchedule(first, Duration.ofMillis(300)).build();
    RecordingSender sender = new RecordingSender(settings, n -> n == 1 ? gate : null, n -> null);
    dispatcher(settings, sender);
    publishWithFirstCallHeld(Webhook.of(deadUrl()), sender, gate);

    TestSupport.await("every delivery settled", () -> dispatcher.pending() == 0
        && dispatcher.deliveries(JOB).stream().noneMatch(d -> d.state() == PENDING));
    // job_completed and the record event get all 3 attempts, as does the newest batch.
    assertLog(List.of(SUPERSEDED, SUPERSEDED, SUPERSEDED, FAILED, SUPERSEDED, FAILED, FAILED),
        List.of(1, 1, 1, 3, 0, 3, 3));
    List<WebhookDelivery> log = dispatcher.deliveries(JOB);
    assertThat(sender.calls).hasSize(12);
    assertThat(sender.calls).extracting(Call::webhookId).containsExactly(
        log.get(0).webhookId(), log.get(1).webhookId(), log.get(2).webhookId(),
        log.get(3).webhookId(), log.get(3).webhookId(), log.get(3).webhookId(),
        log.get(5).webhookId(), log.get(5).webhookId(), log.get(5).webhookId(),
        log.get(6).webhookId(), log.get(6).webhookId(), log.get(6).webhookId());
    // From the third refusal on, every call waits at least the first retry wait after the last.
    for (int i = 3; i < sender.calls.size(); i++) {
      assertThat(sender.calls.get(i).startNanos() - sender.calls.get(i - 1).endNanos())
          .as("pause before call %d", i + 1).isGreaterThanOrEqualTo(first.toNanos());
    }
    assertThat(log.get(6).lastStatusCode()).isNull();
    assertThat(log.get(6).lastError()).isEqualTo(sender.calls.get(11).outcome().error());
  }

  @Test
  void aReceiverThatComesBackClosesTheCircuitAndGetsTheHeldEventsInSequenceOrder()
      throws Exception {
    receiver = new Receiver(n -> Receiver.status(200));
    String url = receiver.url("/hook");
    String dead = deadUrl();
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch recovered = new CountDownLatch(1);
    WebhookSettings settings = settings().retrySchedule(Duration.ofMillis(250),
        Duration.ofMillis(250), Duration.ofMillis(250)).build();
    // Calls 1-3 reach a dead port; call 4, the probe, waits until the test lets the receiver up.
    RecordingSender sender = new RecordingSender(settings,
        n -> n == 1 ? first : n == 4 ? recovered : null, n -> n <= 3 ? dead : null);
    dispatcher(settings, sender);
    List<String> kinds = List.of(Webhook.RECORD_PROCESSED, Webhook.RECORD_PROCESSED,
        Webhook.BATCH_COMPLETED, Webhook.RECORD_PROCESSED, Webhook.BATCH_COMPLETED,
        Webhook.JOB_COMPLETED);
    Webhook hook = Webhook.of(url);
    dispatcher.publish(hook, event(kinds.get(0), 1));
    assertThat(sender.firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i < kinds.size(); i++) {
      dispatcher.publish(hook, event(kinds.get(i), i + 1));
    }
    first.countDown();

    TestSupport.await("the probe started", () -> sender.started() == 4);
    assertThat(sender.calls).hasSize(3);
    assertThat(receiver.requests).isEmpty();
    // The probe is record 1's second attempt; records 2 and 4, batch 5 and job_completed wait.
    assertThat(dispatcher.held()).isEqualTo(4);
    assertThat(dispatcher.deliveries(JOB)).extracting(WebhookDelivery::state)
        .containsExactly(PENDING, PENDING, SUPERSEDED, PENDING, PENDING, PENDING);
    recovered.countDown();

    TestSupport.await("all delivered", () -> dispatcher.deliveries(JOB).stream()
        .allMatch(d -> d.state() == DELIVERED || d.state() == SUPERSEDED));
    List<WebhookDelivery> log = dispatcher.deliveries(JOB);
    assertThat(log).extracting(WebhookDelivery::state)
        .containsExactly(DELIVERED, DELIVERED, SUPERSEDED, DELIVERED, DELIVERED, DELIVERED);
    assertThat(log).extracting(WebhookDelivery::attempts).containsExactly(2, 2, 1, 1, 1, 1);
    assertThat(log.get(2).lastStatusCode()).isNull();
    assertThat(log.get(5).lastStatusCode()).isEqualTo(200);
    assertThat(dispatcher.held()).isZero();
    // The receiver got the kept events once each, in sequence order, with their webhook-ids.
    assertThat(receiver.requests).hasSize(5);
    List<Long> sequences = new java.util.ArrayList<>();
    for (RecordedRequest request : receiver.requests) {
      sequences.add(BulkJson.mapper().readTree(request.getBody().toByteArray())
          .path("sequence").asLong());
    }
    assertThat(sequences).containsExactly(1L, 2L, 4L, 5L, 6L);
    assertThat(receiver.requests).extracting(r -> r.getHeaders().get("webhook-id"))
        .containsExactly(log.get(0).webhookId(), log.get(1).webhookId(), log.get(3).webhookId(),
            log.get(4).webhookId(), log.get(5).webhookId());
  }
}
