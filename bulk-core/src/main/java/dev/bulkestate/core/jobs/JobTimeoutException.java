package dev.bulkestate.core.jobs;

import dev.bulkestate.core.Job;
import java.time.Duration;
import java.util.Optional;

/** A job did not end within the time a caller was willing to wait; it may still be running. */
public class JobTimeoutException extends RuntimeException {
  private final String jobId;
  private final Duration timeout;
  private final transient Job lastSnapshot;

  public JobTimeoutException(String jobId, Duration timeout, Job lastSnapshot) {
    super("Job " + jobId + " did not finish within " + timeout
        + (lastSnapshot == null ? "" : "; last status " + lastSnapshot.status()));
    this.jobId = jobId;
    this.timeout = timeout;
    this.lastSnapshot = lastSnapshot;
  }

  public String jobId() {
    return jobId;
  }

  /** How long the caller waited. */
  public Duration timeout() {
    return timeout;
  }

  /** The last state of the job that was read, if any read succeeded. */
  public Optional<Job> lastSnapshot() {
    return Optional.ofNullable(lastSnapshot);
  }
}
