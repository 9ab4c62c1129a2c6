package dev.bulkestate.engine;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.Progress;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One job held by a {@link JobStore}: its request, status, counters and results (by input index).
 * Status changes go through {@link JobTransitions}; all state is guarded by this object's monitor.
 */
public final class StoredJob {
  private final String id;
  private final String apiKey;
  private final long sequence;
  private final JobRequest<?> request;
  private final Instant createdAt;
  private final String retryOf;
  private final long creditsEstimated;
  private final String idempotencyKey;
  private final String fingerprint;
  private final RecordResult[] results;
  private final AtomicLong webhookSequence = new AtomicLong();
  private final CountDownLatch ended = new CountDownLatch(1);

  private JobStatus status = JobStatus.QUEUED;
  private Instant startedAt;
  private Instant completedAt;
  private Instant lastUpdated;
  private ApiError error;
  private int successful;
  private int partial;
  private int failed;
  private int chunksDone;
  private int recordsInDoneChunks;
  // Moving average of records per second, updated per chunk.
  private double recordsPerSecond;
  private Instant lastChunkAt;
  private Instant lastProgressSent;
  // Next input index the scheduler hands out; guarded by the scheduler.
  int nextIndex;

  StoredJob(String id, String apiKey, long sequence, JobRequest<?> request, Instant createdAt,
      String retryOf, long creditsEstimated, String idempotencyKey, String fingerprint) {
    this.id = id;
    this.apiKey = apiKey;
    this.sequence = sequence;
    this.request = request;
    this.createdAt = createdAt;
    this.lastUpdated = createdAt;
    this.retryOf = retryOf;
    this.creditsEstimated = creditsEstimated;
    this.idempotencyKey = idempotencyKey;
    this.fingerprint = fingerprint;
    this.results = new RecordResult[request.records().size()];
  }

  public String id() {
    return id;
  }

  /** The key that owns the job (never logged). */
  public String apiKey() {
    return apiKey;
  }

  /** Creation order within the engine; newer jobs have larger numbers. */
  public long sequence() {
    return sequence;
  }

  public JobType type() {
    return request.type();
  }

  public JobRequest<?> request() {
    return request;
  }

  public int totalRecords() {
    return results.length;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public String retryOf() {
    return retryOf;
  }

  public long creditsEstimated() {
    return creditsEstimated;
  }

  public Webhook webhook() {
    return request.webhook();
  }

  InputRecord record(int index) {
    return request.records().get(index);
  }

  long nextWebhookSequence() {
    return webhookSequence.incrementAndGet();
  }

  public synchronized JobStatus status() {
    return status;
  }

  public synchronized boolean isFinished() {
    return status.isTerminal();
  }

  /** Waits until the job has ended; false on timeout. */
  public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
    return ended.await(timeout, unit);
  }

  /** Records with a result. */
  public synchronized int processed() {
    return successful + partial + failed;
  }

  /** Changes the status, checked against {@link JobTransitions}. */
  synchronized void transition(JobStatus to, Instant now) {
    JobTransitions.check(status, to);
    status = to;
    lastUpdated = now;
    if (to.equals(JobStatus.PROCESSING)) {
      startedAt = now;
    } else if (to.isTerminal()) {
      completedAt = now;
      ended.countDown();
    }
  }

  /** Moves a queued job to processing; false when it already left {@code queued}. */
  synchronized boolean startIfQueued(Instant now) {
    if (status.equals(JobStatus.QUEUED)) {
      transition(JobStatus.PROCESSING, now);
      return true;
    }
    return false;
  }

  synchronized void fail(ApiError why, Instant now) {
    transition(JobStatus.FAILED, now);
    error = why;
  }

  /**
   * Stores the result of record {@code index}; false (nothing stored) once the job has ended, so
   * a record finishing after a cancel or a fatal error is neither kept nor charged.
   */
  synchronized boolean commit(int index, RecordResult result, Instant now) {
    if (status.isTerminal() || results[index] != null) {
      return false;
    }
    results[index] = result;
    count(result.status());
    lastUpdated = now;
    return true;
  }

  private void count(RecordStatus recordStatus) {
    if (recordStatus.equals(RecordStatus.SUCCESS)) {
      successful++;
    } else if (recordStatus.equals(RecordStatus.PARTIAL)) {
      partial++;
    } else {
      failed++;
    }
  }

  /** Gives every record still without a result a failed result with {@code code}; returns how many. */
  synchronized int failRemaining(String code, String message) {
    int filled = 0;
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] = RecordResult.failed(record(i).id(), ApiError.of(code, message));
        failed++;
        filled++;
      }
    }
    return filled;
  }

  /** Counts a finished chunk and updates the moving average; returns the chunk's number (from 1). */
  synchronized int chunkDone(int records, Instant now) {
    chunksDone++;
    recordsInDoneChunks += records;
    Instant since = lastChunkAt != null ? lastChunkAt : startedAt != null ? startedAt : createdAt;
    long millis = Math.max(1, Duration.between(since, now).toMillis());
    double rate = records * 1000.0 / millis;
    recordsPerSecond = recordsPerSecond == 0 ? rate : 0.3 * rate + 0.7 * recordsPerSecond;
    lastChunkAt = now;
    lastUpdated = now;
    return chunksDone;
  }

  /**
   * True when every chunk has reported its records through {@link #chunkDone}. Chunks run in
   * parallel, so every record can have its result while another chunk has yet to report; the
   * job completes on its last report, so no chunk's batch event is lost or sent after the end.
   */
  synchronized boolean allChunksDone() {
    return recordsInDoneChunks >= results.length;
  }

  /** Whether a progress_update may go out now, at most one per {@code interval}; records the send. */
  synchronized boolean progressDue(Instant now, Duration interval) {
    if (lastProgressSent != null && Duration.between(lastProgressSent, now).compareTo(interval) < 0) {
      return false;
    }
    lastProgressSent = now;
    return true;
  }

  synchronized Progress progress() {
    return Progress.of(results.length, successful, partial, failed);
  }

  /** When the job should end, from the moving average; null once ended or before any estimate. */
  synchronized Instant estimatedCompletion(Instant now, double fallbackRecordsPerSecond) {
    if (status.isTerminal()) {
      return null;
    }
    double rate = recordsPerSecond > 0 ? recordsPerSecond : fallbackRecordsPerSecond;
    if (rate <= 0) {
      return null;
    }
    long remaining = results.length - (successful + partial + failed);
    return now.plusMillis((long) Math.ceil(remaining * 1000.0 / rate));
  }

  synchronized Job toJob(Instant now, long creditsUsed, double fallbackRecordsPerSecond) {
    return new Job(id, request.jobName(), request.type(), status, createdAt, startedAt, completedAt,
        progress(), estimatedCompletion(now, fallbackRecordsPerSecond), creditsEstimated,
        creditsUsed, request.webhook() != null, lastUpdated, error, retryOf, null);
  }

  synchronized ApiError error() {
    return error;
  }

  /** The results that pass {@code filter}, in input order, skipping records not yet processed. */
  synchronized List<RecordResult> results(Predicate<RecordResult> filter) {
    List<RecordResult> out = new ArrayList<>();
    for (RecordResult result : results) {
      if (result != null && filter.test(result)) {
        out.add(result);
      }
    }
    return out;
  }

  /** Input indexes of the failed records, in order. */
  synchronized List<Integer> failedIndexes() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (results[i] != null && results[i].status().equals(RecordStatus.FAILED)) {
        out.add(i);
      }
    }
    return out;
  }

  synchronized int successful() {
    return successful;
  }

  synchronized int partial() {
    return partial;
  }

  synchronized int failed() {
    return failed;
  }
}
