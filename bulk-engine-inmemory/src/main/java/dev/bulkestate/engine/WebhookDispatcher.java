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
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
 *
 * <p>Per URL, a circuit breaker: after {@link WebhookSettings#circuitBreakerThreshold()}
 * consecutive attempts without an HTTP answer the URL's deliveries are held (no connection, no
 * DNS lookup, no signing) until the failed delivery's next retry time; then the oldest held
 * delivery alone is attempted. Any HTTP answer closes the circuit and the held deliveries go out
 * in publishing order; another failure holds them again until that probe's next retry time. Each
 * held delivery keeps its attempts: it is only attempted later. While a circuit is open, queued
 * {@code progress_update} and {@code batch_completed} events of a job are coalesced to the newest
 * of each kind (the older ones end {@link WebhookDelivery.State#SUPERSEDED}).
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
  // Circuits of URLs that failed lately or have coalescable deliveries pending; guarded by lock.
  private final Map<String, Circuit> circuits = new HashMap<>();
  private int heldCount;
  private long published;
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
    final long order;
    byte[] body;
    WebhookDelivery.State state = WebhookDelivery.State.PENDING;
    int attempts;
    Integer lastStatus;
    String lastError;
    Instant lastAttemptAt;
    // Being attempted, or chosen as its circuit's probe: neither dropped nor superseded then.
    boolean busy;

    Delivery(String jobId, String url, String event, long sequence, long order, byte[] body) {
      this.jobId = jobId;
      this.url = url;
      this.event = event;
      this.sequence = sequence;
      this.order = order;
      this.body = body;
    }

    boolean droppable() {
      return !event.equals(Webhook.JOB_COMPLETED) && !event.equals(Webhook.JOB_FAILED);
    }

    boolean coalescable() {
      return event.equals(Webhook.PROGRESS_UPDATE) || event.equals(Webhook.BATCH_COMPLETED);
    }

    String coalesceKey() {
      return jobId + '\n' + event;
    }
  }

  /** The breaker of one URL; guarded by the dispatcher's lock. */
  private static final class Circuit {
    final String url;
    int failures;
    boolean open;
    // While open: the one delivery let through, or null.
    Delivery probe;
    // While open: the probe time came with nothing held, so the next delivery probes.
    boolean probeReady;
    ScheduledFuture<?> probeTimer;
    final TreeSet<Delivery> held = new TreeSet<>(Comparator.comparingLong(d -> d.order));
    // The newest pending progress_update / batch_completed per job and kind.
    final Map<String, Delivery> newest = new HashMap<>();

    Circuit(String url) {
      this.url = url;
    }

    boolean idle() {
      return !open && failures == 0 && held.isEmpty() && newest.isEmpty() && probe == null;
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
    lock.lock();
    try {
      if (closed) {
        return;
      }
      Delivery delivery = new Delivery(event.jobId(), webhook.url(), event.event(),
          event.sequence(), ++published, body);
      if (delivery.coalescable()) {
        Circuit circuit = circuits.computeIfAbsent(delivery.url, Circuit::new);
        Delivery previous = circuit.newest.put(delivery.coalesceKey(), delivery);
        if (circuit.open && previous != null && !previous.busy) {
          supersede(previous);
        }
      }
      if (due.size() + waiting.size() + heldCount >= settings.maxQueuedDeliveries()
          && !makeRoom(delivery)) {
        drop(delivery);
        log.computeIfAbsent(delivery.jobId, k -> new CopyOnWriteArrayList<>()).add(delivery);
        return;
      }
      log.computeIfAbsent(delivery.jobId, k -> new CopyOnWriteArrayList<>()).add(delivery);
      enqueue(delivery);
    } finally {
      lock.unlock();
    }
  }

  // Puts a delivery whose time has come in line: held when its circuit is open, else due.
  private void enqueue(Delivery d) {
    Circuit circuit = circuits.get(d.url);
    if (circuit != null && circuit.open && circuit.probe != d) {
      if (circuit.probeReady && circuit.probe == null) {
        circuit.probeReady = false;
        circuit.probe = d;
        d.busy = true;
      } else {
        hold(circuit, d);
        return;
      }
    }
    due.addLast(d);
    ready.signal();
  }

  private void hold(Circuit circuit, Delivery d) {
    d.busy = false;
    if (circuit.held.add(d)) {
      heldCount++;
    }
  }

  // Drops the oldest progress_update, else the oldest other non-final event; false when none.
  private boolean makeRoom(Delivery incoming) {
    for (String kind : new String[] {Webhook.PROGRESS_UPDATE, null}) {
      if (dropOldest(due.iterator(), kind) || dropOldest(waiting.iterator(), kind)) {
        return true;
      }
      for (Circuit circuit : circuits.values()) {
        if (dropOldest(circuit.held.iterator(), kind)) {
          heldCount--;
          return true;
        }
      }
    }
    // A final event still goes in, above the bound: it is never dropped.
    return !incoming.droppable();
  }

  private boolean dropOldest(Iterator<Delivery> it, String kind) {
    while (it.hasNext()) {
      Delivery d = it.next();
      if (d.droppable() && !d.busy && (kind == null || d.event.equals(kind))) {
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
    retire(d);
    LOG.debug("Dropped webhook {} of job {} from a full queue", d.event, d.jobId);
  }

  // A newer event of the same kind and job replaces a queued one while the URL is failing.
  private void supersede(Delivery d) {
    d.state = WebhookDelivery.State.SUPERSEDED;
    d.body = null;
    Circuit circuit = circuits.get(d.url);
    if (circuit != null && circuit.held.remove(d)) {
      heldCount--;
    } else if (!waiting.remove(d)) {
      due.remove(d);
    }
    retire(d);
  }

  // Forgets a delivery that left the pending states in its circuit's bookkeeping.
  private void retire(Delivery d) {
    Circuit circuit = circuits.get(d.url);
    if (circuit == null) {
      return;
    }
    if (d.coalescable()) {
      circuit.newest.remove(d.coalesceKey(), d);
    }
    if (circuit.idle()) {
      circuits.remove(d.url);
    }
  }

  private void deliverLoop() {
    while (true) {
      Delivery delivery;
      lock.lock();
      try {
        delivery = null;
        while (!closed && delivery == null) {
          Delivery next = due.pollFirst();
          if (next == null) {
            ready.awaitUninterruptibly();
          } else if (next.state == WebhookDelivery.State.PENDING) {
            Circuit circuit = circuits.get(next.url);
            if (circuit != null && circuit.open && circuit.probe != next) {
              hold(circuit, next);
            } else {
              delivery = next;
            }
          }
        }
        if (closed) {
          return;
        }
        delivery.busy = true;
        inFlight++;
      } finally {
        lock.unlock();
      }
      try {
        attempt(delivery);
      } catch (RuntimeException e) {
        LOG.error("Webhook delivery failed unexpectedly", e);
        finish(delivery, WebhookDelivery.State.FAILED, null, e.getClass().getSimpleName());
        settleCircuit(delivery, false, null);
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
        d.busy = false;
        return;
      }
      body = d.body;
    } finally {
      lock.unlock();
    }
    if (goneUrls.contains(d.url)) {
      finish(d, WebhookDelivery.State.GONE, null, "The receiver answered 410 Gone earlier");
      settleCircuit(d, true, null);
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
      boolean retry = false;
      if (outcome.delivered()) {
        finish(d, WebhookDelivery.State.DELIVERED, status, null);
      } else if (outcome.statusCode() == 410) {
        goneUrls.add(d.url);
        finish(d, WebhookDelivery.State.GONE, status, outcome.error());
      } else if (d.attempts > settings.retrySchedule().size()) {
        finish(d, WebhookDelivery.State.FAILED, status, outcome.error());
      } else {
        retry = true;
      }
      Duration wait = retry ? waitBefore(d.attempts, outcome.retryAfter()) : null;
      if (!settleCircuit(d, status != null, wait) && retry) {
        scheduleRetry(d, wait);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Updates the circuit of {@code d}'s URL after an attempt (or a skipped one); {@code retryWait}
   * is the wait before {@code d}'s next attempt, null when it has none. True when the circuit took
   * charge of the retry (held or superseded), false when it is left to the schedule.
   */
  private boolean settleCircuit(Delivery d, boolean answered, Duration retryWait) {
    lock.lock();
    try {
      d.busy = false;
      Circuit circuit = circuits.get(d.url);
      boolean wasProbe = circuit != null && circuit.probe == d;
      if (wasProbe) {
        circuit.probe = null;
      }
      if (answered || settings.circuitBreakerThreshold() == 0) {
        if (circuit != null) {
          circuit.failures = 0;
          if (circuit.open) {
            closeCircuit(circuit);
          }
          if (circuit.idle()) {
            circuits.remove(d.url);
          }
        }
        return false;
      }
      if (circuit == null) {
        circuit = new Circuit(d.url);
        circuits.put(d.url, circuit);
      }
      circuit.failures++;
      if (!circuit.open && circuit.failures < settings.circuitBreakerThreshold()) {
        return false;
      }
      boolean tripped = !circuit.open;
      if (tripped) {
        openCircuit(circuit);
      }
      boolean retry = retryWait != null;
      if (retry && !closed) {
        Delivery newest = d.coalescable() ? circuit.newest.get(d.coalesceKey()) : d;
        if (newest != d) {
          supersede(d);
        } else {
          hold(circuit, d);
        }
      }
      // Until the failed delivery's next retry time; a probe that was its last starts a new hold.
      if (circuit.probe == null && circuit.probeTimer == null) {
        circuit.probeReady = false;
        scheduleProbe(circuit, retry ? retryWait : holdWithoutRetry());
      }
      return retry;
    } finally {
      lock.unlock();
    }
  }

  // The hold after a probe that used its last attempt: what a fresh failure would wait.
  private Duration holdWithoutRetry() {
    return settings.retrySchedule().isEmpty() ? settings.connectTimeout() : waitBefore(1, null);
  }

  // Holds the URL's queued deliveries and coalesces its queued progress and batch events.
  private void openCircuit(Circuit circuit) {
    circuit.open = true;
    circuit.probeReady = false;
    LOG.debug("Webhook circuit open for a receiver after {} failed attempts", circuit.failures);
    for (Iterator<Delivery> it = due.iterator(); it.hasNext(); ) {
      Delivery d = it.next();
      if (d.url.equals(circuit.url) && !d.busy && d.state == WebhookDelivery.State.PENDING) {
        it.remove();
        hold(circuit, d);
      }
    }
    List<Delivery> stale = new ArrayList<>();
    for (Delivery d : circuit.held) {
      if (isSuperseded(circuit, d)) {
        stale.add(d);
      }
    }
    for (Delivery d : waiting) {
      if (d.url.equals(circuit.url) && isSuperseded(circuit, d)) {
        stale.add(d);
      }
    }
    stale.forEach(this::supersede);
  }

  private static boolean isSuperseded(Circuit circuit, Delivery d) {
    return d.coalescable() && circuit.newest.get(d.coalesceKey()) != d;
  }

  // Lets the held deliveries go, in publishing order.
  private void closeCircuit(Circuit circuit) {
    circuit.open = false;
    circuit.probe = null;
    circuit.probeReady = false;
    if (circuit.probeTimer != null) {
      circuit.probeTimer.cancel(false);
      circuit.probeTimer = null;
    }
    heldCount -= circuit.held.size();
    due.addAll(circuit.held);
    circuit.held.clear();
    ready.signalAll();
    LOG.debug("Webhook circuit closed: a receiver answered again");
  }

  private void scheduleProbe(Circuit circuit, Duration wait) {
    if (closed) {
      return;
    }
    circuit.probeTimer = timer.schedule(() -> {
      lock.lock();
      try {
        circuit.probeTimer = null;
        if (closed || !circuit.open || circuit.probe != null) {
          return;
        }
        Delivery probe = circuit.held.pollFirst();
        if (probe == null) {
          circuit.probeReady = true;
          return;
        }
        heldCount--;
        circuit.probe = probe;
        probe.busy = true;
        due.addFirst(probe);
        ready.signal();
      } finally {
        lock.unlock();
      }
    }, wait.toNanos(), TimeUnit.NANOSECONDS);
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

  // Called with the lock held.
  private void scheduleRetry(Delivery d, Duration wait) {
    if (closed || d.state != WebhookDelivery.State.PENDING) {
      return;
    }
    waiting.add(d);
    timer.schedule(() -> {
      lock.lock();
      try {
        if (waiting.remove(d) && d.state == WebhookDelivery.State.PENDING) {
          enqueue(d);
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
      retire(d);
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

  /** Deliveries queued, held by an open circuit or waiting for a retry. */
  int pending() {
    lock.lock();
    try {
      return due.size() + waiting.size() + heldCount;
    } finally {
      lock.unlock();
    }
  }

  /** Deliveries held by open circuits. */
  int held() {
    lock.lock();
    try {
      return heldCount;
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
   * a job that just ended is not lost); what is left, retries not yet due and deliveries held by
   * an open circuit (whose receiver did not answer lately) are marked dropped.
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
      List<Delivery> left = new ArrayList<>(due);
      left.addAll(waiting);
      for (Circuit circuit : circuits.values()) {
        left.addAll(circuit.held);
        circuit.held.clear();
      }
      heldCount = 0;
      due.clear();
      waiting.clear();
      left.forEach(this::drop);
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
