package dev.bulkestate.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * The status of a job: {@code queued -> processing -> completed | failed | cancelled}.
 * Unknown values (from a newer server) are kept.
 */
public record JobStatus(@JsonValue String value) {

  public static final JobStatus QUEUED = new JobStatus("queued");
  public static final JobStatus PROCESSING = new JobStatus("processing");
  public static final JobStatus COMPLETED = new JobStatus("completed");
  public static final JobStatus FAILED = new JobStatus("failed");
  public static final JobStatus CANCELLED = new JobStatus("cancelled");

  public static final List<JobStatus> KNOWN = List.of(QUEUED, PROCESSING, COMPLETED, FAILED, CANCELLED);

  public JobStatus {
    Objects.requireNonNull(value, "value");
  }

  @JsonCreator
  public static JobStatus of(String value) {
    for (JobStatus known : KNOWN) {
      if (known.value.equals(value)) {
        return known;
      }
    }
    return new JobStatus(value);
  }

  /** True once the job can change no more: completed, failed or cancelled. */
  public boolean isTerminal() {
    return equals(COMPLETED) || equals(FAILED) || equals(CANCELLED);
  }

  @Override
  public String toString() {
    return value;
  }
}
