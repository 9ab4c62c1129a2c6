package dev.bulkestate.core.jobs;

import dev.bulkestate.core.JobAccepted;
import java.util.List;

/**
 * A chunk of a chunked submission was refused; the chunks before it were accepted. Submitting the
 * same input with the same idempotency key again is safe: the accepted chunks come back as the same
 * jobs, and only the rest are new. The refusal itself is the {@link #getCause() cause} (usually a
 * {@link dev.bulkestate.core.BulkApiException}).
 */
public class ChunkedSubmissionException extends RuntimeException {
  private final transient List<JobAccepted> accepted;
  private final int failedChunk;
  private final int chunkCount;

  public ChunkedSubmissionException(List<JobAccepted> accepted, int failedChunk, int chunkCount,
      RuntimeException cause) {
    super("Chunk " + (failedChunk + 1) + " of " + chunkCount + " was refused after "
        + accepted.size() + " accepted: " + cause.getMessage(), cause);
    this.accepted = List.copyOf(accepted);
    this.failedChunk = failedChunk;
    this.chunkCount = chunkCount;
  }

  /** The jobs of the chunks accepted before the failure, in order. */
  public List<JobAccepted> accepted() {
    return accepted;
  }

  /** The index (from 0) of the refused chunk. */
  public int failedChunk() {
    return failedChunk;
  }

  /** How many chunks the input was split into. */
  public int chunkCount() {
    return chunkCount;
  }
}
