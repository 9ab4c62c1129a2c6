package dev.bulkestate.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.bulkestate.core.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The default {@link JobStore}. Running jobs stay until they end. Finished jobs are kept in a
 * Caffeine cache for the retention period (measured by the injectable {@link Ticker}), and while
 * their records together exceed {@code maxRetainedRecords} the oldest finished jobs go first (the
 * job that ended last always stays).
 */
public final class InMemoryJobStore implements JobStore {
  private final Map<String, StoredJob> running = new ConcurrentHashMap<>();
  private final Cache<String, StoredJob> finished;
  private final ConcurrentLinkedDeque<StoredJob> finishOrder = new ConcurrentLinkedDeque<>();
  private final Map<String, Map<String, StoredJob>> byKey = new ConcurrentHashMap<>();
  private final Map<String, StoredJob> byIdempotencyKey = new ConcurrentHashMap<>();
  private final AtomicLong retainedRecords = new AtomicLong();
  private final long maxRetainedRecords;
  private final List<Consumer<StoredJob>> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param retention how long a finished job stays readable
   * @param maxRetainedRecords most records finished jobs may hold together
   * @param ticker the time source of the retention period
   */
  public InMemoryJobStore(Duration retention, long maxRetainedRecords, Ticker ticker) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive");
    }
    if (maxRetainedRecords < 1) {
      throw new IllegalArgumentException("maxRetainedRecords must be >= 1");
    }
    this.maxRetainedRecords = maxRetainedRecords;
    this.finished = Caffeine.newBuilder()
        .expireAfterWrite(retention)
        .ticker(ticker)
        .executor(Runnable::run)
        .removalListener((String id, StoredJob job, RemovalCause cause) -> removed(job))
        .build();
  }

  private void removed(StoredJob job) {
    if (job == null) {
      return;
    }
    retainedRecords.addAndGet(-job.totalRecords());
    finishOrder.remove(job);
    Map<String, StoredJob> jobs = byKey.get(job.apiKey());
    if (jobs != null) {
      jobs.remove(job.id());
    }
    if (job.idempotencyKey() != null) {
      byIdempotencyKey.remove(idempotencyIndex(job.apiKey(), job.idempotencyKey()), job);
    }
    listeners.forEach(listener -> listener.accept(job));
  }

  @Override
  public void add(StoredJob job) {
    running.put(job.id(), job);
    byKey.computeIfAbsent(job.apiKey(), k -> new ConcurrentHashMap<>()).put(job.id(), job);
    if (job.idempotencyKey() != null) {
      byIdempotencyKey.put(idempotencyIndex(job.apiKey(), job.idempotencyKey()), job);
    }
  }

  private static String idempotencyIndex(String apiKey, String idempotencyKey) {
    return apiKey + '\u0000' + idempotencyKey;
  }

  @Override
  public Optional<StoredJob> find(String apiKey, String jobId) {
    StoredJob job = running.get(jobId);
    if (job == null) {
      job = finished.getIfPresent(jobId);
    }
    return job != null && job.apiKey().equals(apiKey) ? Optional.of(job) : Optional.empty();
  }

  @Override
  public List<StoredJob> list(String apiKey, JobStatus status) {
    finished.cleanUp();
    Map<String, StoredJob> jobs = byKey.getOrDefault(apiKey, Map.of());
    List<StoredJob> out = new ArrayList<>();
    for (StoredJob job : jobs.values()) {
      if (status == null || job.status().equals(status)) {
        out.add(job);
      }
    }
    out.sort(Comparator.comparingLong(StoredJob::sequence).reversed());
    return out;
  }

  @Override
  public void finished(StoredJob job) {
    if (!running.containsKey(job.id())) {
      return;
    }
    retainedRecords.addAndGet(job.totalRecords());
    finishOrder.addLast(job);
    // Into the cache before out of the running map, so a reader always finds the job in one.
    finished.put(job.id(), job);
    running.remove(job.id());
    while (retainedRecords.get() > maxRetainedRecords) {
      StoredJob oldest = finishOrder.peekFirst();
      // The job that just ended stays readable even when it alone is above the bound.
      if (oldest == null || oldest == job) {
        break;
      }
      finished.invalidate(oldest.id());
      // A job the cache had already dropped is no longer tracked either.
      finishOrder.remove(oldest);
    }
  }

  @Override
  public Optional<StoredJob> findByIdempotencyKey(String apiKey, String idempotencyKey) {
    finished.cleanUp();
    return Optional.ofNullable(byIdempotencyKey.get(idempotencyIndex(apiKey, idempotencyKey)));
  }

  @Override
  public List<StoredJob> unfinished() {
    return new ArrayList<>(running.values());
  }

  @Override
  public long retainedRecords() {
    finished.cleanUp();
    return retainedRecords.get();
  }

  @Override
  public void onRemoval(Consumer<StoredJob> listener) {
    listeners.add(listener);
  }
}
