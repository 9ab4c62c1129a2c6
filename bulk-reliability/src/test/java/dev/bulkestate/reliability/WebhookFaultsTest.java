package dev.bulkestate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.webhook.WebhookVerifier;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.engine.WebhookDelivery;
import dev.bulkestate.engine.WebhookDelivery.State;
import dev.bulkestate.engine.WebhookSettings;
import dev.bulkestate.reliability.FaultyReceiver.Delivery;
import dev.bulkestate.reliability.FaultyReceiver.Mode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Webhook receivers that fail, hang, answer slowly, reset the connection, answer 410 or fail only
 * the first attempt, against the real engine on loopback. In each case every job completes with
 * every record readable, deliveries are retried exactly as configured (3 attempts: now, +50 ms,
 * +100 ms; a receiver that resets connections opens its circuit, so older queued progress and
 * batch events are superseded by the newest), no event is lost (every sequence number of every job is in the delivery log and, when
 * the receiver accepts, at the receiver), and a receiver sees an event more than once only as a
 * retry with the same {@code webhook-id}, sequence and body. Processing time with each receiver is
 * measured against jobs without a webhook in the same test; only completion and counts are
 * asserted, the ratio is printed for RELIABILITY.md.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebhookFaultsTest {
  static final String KEY = "rk_webhook_key_01";
  static final int JOBS = 4;
  static final int RECORDS = 200;
  // Far above any healthy answer on a loaded 2-core machine, so only the hanging receiver times out
  // and the exact attempt counts of the other receivers hold.
  static final long CALL_TIMEOUT_MS = 2_000;

  @Test
  void everyFaultyReceiverLeavesProcessingWholeAndDeliveriesAsConfigured() throws Exception {
    WebhookSettings settings = WebhookSettings.builder()
        .allowPrivateDestinations(true)
        .retrySchedule(Duration.ofMillis(50), Duration.ofMillis(100))
        .jitter(0)
        .connectTimeout(Duration.ofMillis(500))
        .callTimeout(Duration.ofMillis(CALL_TIMEOUT_MS))
        .progressInterval(Duration.ZERO)
        .deliveryThreads(2)
        .build();
    Map<String, String> ratios = new LinkedHashMap<>();
    int eventsSeen = 0;
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.builder()
        .defaultProcessors(false).processors(Support.forEveryType(record -> {
          // About 200 microseconds of work per record, so processing time is measurable.
          java.util.concurrent.locks.LockSupport.parkNanos(200_000);
          return Support.echo(record);
        }))
        .workerThreads(2).chunkSize(50).webhookSettings(settings).build()) {
      BulkApi api = engine.forApiKey(KEY);
      WebhookVerifier verifier = WebhookVerifier.of(engine.webhookSecret());
      // Warm-up, so the first measured run does not pay for class loading.
      runJobs(engine, api, null, null);
      for (Mode mode : List.of(Mode.OK, Mode.FAIL_500, Mode.SLOW, Mode.HANG, Mode.RESET,
          Mode.GONE_410, Mode.FLAKY)) {
        try (FaultyReceiver receiver = new FaultyReceiver(mode, 150, null)) {
          // Hanging and slow receivers get the final events only, so the test stays short.
          String events = mode == Mode.HANG || mode == Mode.SLOW ? null
              : "[\"batch_completed\",\"job_completed\",\"progress_update\"]";
          long withoutNanos = runJobs(engine, api, null, null).nanos;
          Run run = runJobs(engine, api, receiver.url("/hook/" + mode), events);
          ratios.put(mode.name(), String.format("%.2f", (double) run.nanos / withoutNanos));
          eventsSeen += checkDeliveries(engine, receiver, run.jobIds, verifier);
        }
      }
      assertThat(engine.waitingRecords()).isZero();
    }
    Support.figure("webhooks.processingTimeRatioWithReceiverVsNone", ratios);
    Support.figure("webhooks.eventsChecked", eventsSeen);
  }

  record Run(List<String> jobIds, long nanos) {}

  /** Submits the jobs and waits for them; every record must be readable as a success. */
  private static Run runJobs(InMemoryBulkEngine engine, BulkApi api, String url, String events)
      throws Exception {
    long started = System.nanoTime();
    List<String> ids = new ArrayList<>();
    for (int j = 0; j < JOBS; j++) {
      StringBuilder body = new StringBuilder("{\"addresses\":[");
      for (int i = 0; i < RECORDS; i++) {
        body.append(i == 0 ? "" : ",").append("{\"id\":\"a").append(i)
            .append("\",\"full_address\":\"").append(i).append(" Main St, Austin, TX 78701\"}");
      }
      body.append("]");
      if (url != null) {
        body.append(",\"webhook\":{\"url\":\"").append(url).append("\"");
        if (events != null) {
          body.append(",\"events\":").append(events);
        }
        body.append("}");
      }
      body.append("}");
      ids.add(api.submit(BulkJson.mapper().readValue(body.toString(), AddressVerificationRequest.class))
          .jobId());
    }
    for (String id : ids) {
      Job job = engine.awaitJob(KEY, id, Duration.ofSeconds(30));
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    }
    long nanos = System.nanoTime() - started;
    for (String id : ids) {
      Job job = api.getJob(id);
      assertThat(job.progress().processed()).isEqualTo(RECORDS);
      assertThat(job.progress().successful()).isEqualTo(RECORDS);
      assertThat(job.creditsUsed()).isEqualTo((long) RECORDS);
      ResultsPage page = api.getResults(id, new ResultsQuery(1, 1000, null));
      assertThat(page.results()).hasSize(RECORDS);
      for (int i = 0; i < RECORDS; i++) {
        RecordResult result = page.results().get(i);
        assertThat(result.id()).isEqualTo("a" + i);
        assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
      }
    }
    return new Run(ids, nanos);
  }

  /** Checks the delivery log and what the receiver read; returns the number of events. */
  private static int checkDeliveries(InMemoryBulkEngine engine, FaultyReceiver receiver,
      List<String> jobIds, WebhookVerifier verifier) throws IOException {
    Mode mode = receiver.mode;
    Support.await("deliveries of " + mode + " to end", Duration.ofSeconds(40), () -> jobIds.stream()
        .flatMap(id -> engine.webhookDeliveries(KEY, id).stream())
        .noneMatch(d -> d.state() == State.PENDING));
    List<WebhookDelivery> all = new ArrayList<>();
    for (String jobId : jobIds) {
      List<WebhookDelivery> log = engine.webhookDeliveries(KEY, jobId);
      // Nothing lost: the job's sequence numbers run 1..n without a gap, the last is job_completed.
      assertThat(log.stream().map(WebhookDelivery::sequence).toList())
          .as("sequences of %s with %s", jobId, mode)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
      assertThat(log.get(log.size() - 1).event()).isEqualTo("job_completed");
      assertThat(log.stream().filter(d -> d.event().equals("job_completed")).count()).isEqualTo(1);
      if (mode != Mode.HANG && mode != Mode.SLOW) {
        assertThat(log.stream().filter(d -> d.event().equals("batch_completed")).count())
            .as("events of %s with %s: %s", jobId, mode, log).isEqualTo(RECORDS / 50);
      }
      all.addAll(log);
    }
    assertThat(all.stream().map(WebhookDelivery::webhookId).distinct().count()).isEqualTo(all.size());

    // What the receiver read: each request signed, each webhook-id always the same event and body.
    Map<String, List<Delivery>> received = receiver.byWebhookId();
    Map<String, WebhookDelivery> logged = all.stream()
        .collect(Collectors.toMap(WebhookDelivery::webhookId, d -> d));
    assertThat(logged.keySet()).containsAll(received.keySet());
    for (Map.Entry<String, List<Delivery>> entry : received.entrySet()) {
      WebhookDelivery delivery = logged.get(entry.getKey());
      byte[] first = entry.getValue().get(0).body();
      for (Delivery d : entry.getValue()) {
        assertThat(d.body()).isEqualTo(first);
        try {
          verifier.verify(d.body(), d.headers());
        } catch (Exception e) {
          throw new AssertionError("A delivery to the " + mode + " receiver failed verification", e);
        }
        JsonNode json = BulkJson.mapper().readTree(d.body());
        assertThat(json.path("sequence").asLong()).isEqualTo(delivery.sequence());
        assertThat(json.path("event").asText()).isEqualTo(delivery.event());
      }
    }

    int attempts = 1 + 2;
    switch (mode) {
      case OK, SLOW -> {
        assertThat(all).allSatisfy(d -> {
          assertThat(d.state()).isEqualTo(State.DELIVERED);
          assertThat(d.attempts()).isEqualTo(1);
        });
        assertThat(received.keySet()).isEqualTo(logged.keySet());
        assertThat(received.values()).allSatisfy(list -> assertThat(list).hasSize(1));
      }
      case FLAKY -> {
        assertThat(all).allSatisfy(d -> {
          assertThat(d.state()).isEqualTo(State.DELIVERED);
          assertThat(d.attempts()).isEqualTo(2);
        });
        assertThat(received.keySet()).isEqualTo(logged.keySet());
        assertThat(received.values()).allSatisfy(list -> {
          assertThat(list).hasSize(2);
          assertThat(list.get(1).receivedNanos() - list.get(0).receivedNanos())
              .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        });
      }
      case FAIL_500, HANG, RESET -> {
        // Resets open the URL's circuit (3 attempts without an answer): queued progress and batch
        // events of a job are then coalesced, the older ones SUPERSEDED after 0..2 attempts. Every
        // other event, and the newest of each kind per job, still gets every attempt.
        List<WebhookDelivery> kept = all.stream().filter(d -> d.state() != State.SUPERSEDED).toList();
        for (String jobId : jobIds) {
          List<WebhookDelivery> log = engine.webhookDeliveries(KEY, jobId);
          for (String event : List.of("progress_update", "batch_completed", "job_completed")) {
            log.stream().filter(d -> d.event().equals(event)).reduce((a, b) -> b)
                .ifPresent(newest -> assertThat(kept).contains(newest));
          }
        }
        assertThat(all).filteredOn(d -> d.state() == State.SUPERSEDED).allSatisfy(d -> {
          assertThat(mode).isEqualTo(Mode.RESET);
          assertThat(d.event()).isIn("progress_update", "batch_completed");
          assertThat(d.attempts()).isLessThan(attempts);
          assertThat(received.getOrDefault(d.webhookId(), List.of())).hasSize(d.attempts());
        });
        assertThat(kept).allSatisfy(d -> {
          assertThat(d.state()).isEqualTo(State.FAILED);
          assertThat(d.attempts()).isEqualTo(attempts);
          assertThat(d.lastStatusCode()).isEqualTo(mode == Mode.FAIL_500 ? Integer.valueOf(500) : null);
        });
        assertThat(received.keySet()).isEqualTo(all.stream().filter(d -> d.attempts() > 0)
            .map(WebhookDelivery::webhookId).collect(Collectors.toSet()));
        assertThat(kept).allSatisfy(kd -> {
          List<Delivery> list = received.get(kd.webhookId());
          assertThat(list).hasSize(attempts);
          // The schedule's waits come between attempts (a hanging receiver adds the call timeout).
          assertThat(list.get(1).receivedNanos() - list.get(0).receivedNanos())
              .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
          assertThat(list.get(2).receivedNanos() - list.get(1).receivedNanos())
              .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        });
      }
      case GONE_410 -> {
        assertThat(all).allSatisfy(d -> assertThat(d.state()).isEqualTo(State.GONE));
        // 410 stops deliveries to the URL: at most the ones already in flight reach it, once each.
        assertThat(received).isNotEmpty();
        assertThat(received.size()).isLessThanOrEqualTo(2);
        assertThat(received.values()).allSatisfy(list -> assertThat(list).hasSize(1));
        assertThat(all.stream().filter(d -> d.attempts() > 0).count()).isEqualTo(received.size());
      }
      default -> throw new IllegalStateException(mode.name());
    }
    Set<String> states = new TreeSet<>();
    all.forEach(d -> states.add(d.state().name()));
    Support.figure("webhooks." + mode, all.size() + " events, " + receiver.deliveries.size()
        + " requests received, states " + states);
    return all.size();
  }
}
