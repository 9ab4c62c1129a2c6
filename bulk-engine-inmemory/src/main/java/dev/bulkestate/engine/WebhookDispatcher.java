package dev.bulkestate.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.Webhook;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookSigner;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhook events on its own threads, at least once: a bounded queue, retries per the
 * schedule with jitter, {@code Retry-After} within bounds, 410 stops the URL, and a destination
 * check before every attempt. Publishing never blocks the caller (a processing thread).
 */
final class WebhookDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final WebhookSettings settings;
  private final WebhookSender sender;
  private final DestinationPolicy policy;
  private final WebhookSigner signer;
  private final Clock clock;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final Condition idle = lock.newCondition();
  private int inFlight;
  private final ArrayDeque<Delivery> due = new ArrayDeque<>();
  private final Set<Delivery> waiting = new LinkedHashSet<>();
  private final Map<String, List<Delivery>> log = new ConcurrentHashMap<>();
  private final Set<String> goneUrls = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;
  private final List<Thread> threads = new ArrayList<>();
  private boolean closed;

  /** One event to one URL; mutable state guarded by the dispatcher's lock. */
  private static final class Delivery {
    final String jobId;
    final String url;
    final String webhookId = "msg_" + UUID.randomUUID().toString().replace("-", "");
    final String event;
    final long sequence;
    byte[] body;
    WebhookDelivery.State state = WebhookDelivery.State.PENDING;
    int attempts;
    Integer lastStatus;
    String lastError;
    Instant lastAttemptAt;

    Delivery(String jobId, String url, String event, long sequence, byte[] body) {
      this.jobId = jobId;
      this.url = url;
      this.event = event;
      this.sequence = sequence;
      this.body = body;
    }

    boolean droppable() {
      return !event.equals(Webhook.JOB_COMPLETED) && !event.equals(Webhook.JOB_FAILED);
    }
  }

  WebhookDispatcher(WebhookSettings settings, WebhookSender sender, DestinationPolicy policy,
      WebhookSigner signer, Clock clock) {
    this.settings = settings;
    this.sender = sender;
    this.policy = policy;
    this.signer = signer;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bulk-webhook-timer"));
    for (int i = 1; i <= settings.deliveryThreads(); i++) {
      Thread thread = daemon(this::deliverLoop, "bulk-webhook-" + i);
      threads.add(thread);
      thread.start();
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Queues {@code event} for {@code webhook}; returns at once. */
  void publish(Webhook webhook, WebhookEvent event) {
    byte[] body;
    try {
      body = BulkJson.mapper().writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Webhook events always serialize", e);
    }
    Delivery delivery =
        new Delivery(event.jobId(), webhook.url(), event.event(), event.sequence(), body);
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (due.size() + waiting.size() >= settings.maxQueuedDeliveries() && !makeRoom(delivery)) {
        drop(delivery);
        log.computeIfAbsent(delivery.jobId, k -> new CopyOnWriteArrayList<>()).add(delivery);
        return;
      }
      log.computeIfAbsent(delivery.jobId, k -> new CopyOnWriteArrayList<>()).add(delivery);
      due.addLast(delivery);
      ready.signal();
    } finally {
      lock.unlock();
    }
  }

  // Drops the oldest progress_update, else the oldest other non-final event; false when none.
  private boolean makeRoom(Delivery incoming) {
    for (String kind : new String[] {Webhook.PROGRESS_UPDATE, null}) {
      if (dropOldest(due.iterator(), kind) || dropOldest(waiting.iterator(), kind)) {
        return true;
      }
    }
    // A final event still goes in, above the bound: it is never dropped.
    return !incoming.droppable();
  }

  private boolean dropOldest(Iterator<Delivery> it, String kind) {
    while (it.hasNext()) {
      Delivery d = it.next();
      if (d.droppable() && (kind == null || d.event.equals(kind))) {
        it.remove();
        drop(d);
        return true;
      }
    }
    return false;
  }

  private void drop(Delivery d) {
    d.state = WebhookDelivery.State.DROPPED;
    d.body = null;
    LOG.debug("Dropped webhook {} of job {} from a full queue", d.event, d.jobId);
  }

  private void deliverLoop() {
    while (true) {
      Delivery delivery;
      lock.lock();
      try {
        while (!closed && due.isEmpty()) {
          ready.awaitUninterruptibly();
        }
        if (closed) {
          return;
        }
        delivery = due.pollFirst();
        inFlight++;
      } finally {
        lock.unlock();
      }
      try {
        attempt(delivery);
      } catch (RuntimeException e) {
        LOG.error("Webhook delivery failed unexpectedly", e);
        finish(delivery, WebhookDelivery.State.FAILED, null, e.getClass().getSimpleName());
      } finally {
        lock.lock();
        try {
          inFlight--;
          if (inFlight == 0 && due.isEmpty()) {
            idle.signalAll();
          }
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private void attempt(Delivery d) {
    byte[] body;
    lock.lock();
    try {
      if (d.state != WebhookDelivery.State.PENDING) {
        return;
      }
      body = d.body;
    } finally {
      lock.unlock();
    }
    if (goneUrls.contains(d.url)) {
      finish(d, WebhookDelivery.State.GONE, null, "The receiver answered 410 Gone earlier");
      return;
    }
    Instant now = clock.instant();
    WebhookSender.Attempt outcome;
    String refused = checkDestination(d.url);
    if (refused != null) {
      outcome = new WebhookSender.Attempt(0, null, refused);
    } else {
      Map<String, String> headers = signer.headers(d.webhookId, now.getEpochSecond(), body);
      outcome = sender.post(d.url, headers, body);
    }
    Integer status = outcome.statusCode() == 0 ? null : outcome.statusCode();
    lock.lock();
    try {
      d.attempts++;
      d.lastAttemptAt = now;
      d.lastStatus = status;
      d.lastError = outcome.error();
    } finally {
      lock.unlock();
    }
    if (outcome.delivered()) {
      finish(d, WebhookDelivery.State.DELIVERED, status, null);
    } else if (outcome.statusCode() == 410) {
      goneUrls.add(d.url);
      finish(d, WebhookDelivery.State.GONE, status, outcome.error());
    } else if (d.attempts > settings.retrySchedule().size()) {
      finish(d, WebhookDelivery.State.FAILED, status, outcome.error());
    } else {
      scheduleRetry(d, waitBefore(d.attempts, outcome.retryAfter()));
    }
  }

  // Null when the destination may be called, else why not.
  private String checkDestination(String url) {
    try {
      String host = URI.create(url).getHost();
      if (host == null) {
        // URI refuses some literal forms (2130706433, 0177.0.0.1); read the authority as is.
        String authority = URI.create(url).getRawAuthority();
        host = authority == null ? "" : authority.replaceFirst(":\\d+$", "");
      }
      policy.resolve(host);
      return null;
    } catch (DestinationPolicy.RefusedDestinationException e) {
      return e.getMessage();
    } catch (UnknownHostException e) {
      return "Unknown host";
    } catch (IllegalArgumentException e) {
      return "Invalid webhook url";
    }
  }

  /** The wait before retry number {@code retry} (from 1): the receiver's hint, else the schedule. */
  Duration waitBefore(int retry, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : retryAfter;
    }
    Duration base = settings.retrySchedule().get(retry - 1);
    double factor = 1 + settings.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Duration.ofNanos((long) (base.toNanos() * factor));
  }

  private void scheduleRetry(Delivery d, Duration wait) {
    lock.lock();
    try {
      if (closed || d.state != WebhookDelivery.State.PENDING) {
        return;
      }
      waiting.add(d);
    } finally {
      lock.unlock();
    }
    timer.schedule(() -> {
      lock.lock();
      try {
        if (waiting.remove(d) && d.state == WebhookDelivery.State.PENDING) {
          due.addLast(d);
          ready.signal();
        }
      } finally {
        lock.unlock();
      }
    }, wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void finish(Delivery d, WebhookDelivery.State state, Integer status, String error) {
    lock.lock();
    try {
      d.state = state;
      if (status != null) {
        d.lastStatus = status;
      }
      if (error != null) {
        d.lastError = error;
      }
      d.body = null;
    } finally {
      lock.unlock();
    }
  }

  /** The delivery log of {@code jobId}, in publishing order. */
  List<WebhookDelivery> deliveries(String jobId) {
    List<WebhookDelivery> out = new ArrayList<>();
    lock.lock();
    try {
      for (Delivery d : log.getOrDefault(jobId, List.of())) {
        out.add(new WebhookDelivery(d.webhookId, d.event, d.sequence, d.state, d.attempts,
            d.lastStatus, d.lastError, d.lastAttemptAt));
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  /** Deliveries queued or waiting for a retry. */
  int pending() {
    lock.lock();
    try {
      return due.size() + waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the log of a job that left retention. */
  void forget(String jobId) {
    log.remove(jobId);
  }

  /**
   * Stops delivering. Deliveries due now get up to {@code grace} to go out (so a final event of
   * a job that just ended is not lost); what is left, and retries not yet due, are marked dropped.
   */
  void close(Duration grace) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      long nanos = grace.toNanos();
      while ((inFlight > 0 || !due.isEmpty()) && nanos > 0) {
        nanos = idle.awaitNanos(nanos);
      }
      closed = true;
      due.forEach(this::drop);
      waiting.forEach(this::drop);
      due.clear();
      waiting.clear();
      ready.signalAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
    timer.shutdownNow();
    sender.close();
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }
}
