package dev.bulkestate.engine;

import dev.bulkestate.core.JobStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where jobs, their records and results live (DESIGN.md section 4). The in-memory default keeps
 * running jobs until they end and finished ones for the retention period; a database-backed store
 * keeps the same contract, with status changes checked against {@link JobTransitions}.
 * Implementations are thread-safe.
 */
public interface JobStore {

  /** Adds a new (queued) job. */
  void add(StoredJob job);

  /** The job {@code jobId} if it belongs to {@code apiKey} and is still retained. */
  Optional<StoredJob> find(String apiKey, String jobId);

  /** The key's retained jobs with {@code status} (any when null), newest first. */
  List<StoredJob> list(String apiKey, JobStatus status);

  /** The job ended: its retention period starts now. */
  void finished(StoredJob job);

  /** The job a key already submitted under {@code idempotencyKey}, if retained. */
  Optional<StoredJob> findByIdempotencyKey(String apiKey, String idempotencyKey);

  /** Jobs that have not ended. */
  List<StoredJob> unfinished();

  /** Records held by finished jobs. */
  long retainedRecords();

  /** Called with each finished job that leaves the store (expired or evicted). */
  void onRemoval(Consumer<StoredJob> listener);
}
