package dev.bulkestate.engine;

import dev.bulkestate.core.JobStatus;
import java.util.Map;
import java.util.Set;

/**
 * The allowed job state changes: {@code queued -> processing -> completed | failed | cancelled},
 * and {@code queued -> cancelled}. Every change of a job's status goes through {@link #check}.
 */
public final class JobTransitions {
  private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
      JobStatus.QUEUED, Set.of(JobStatus.PROCESSING, JobStatus.CANCELLED),
      JobStatus.PROCESSING, Set.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED),
      JobStatus.COMPLETED, Set.of(),
      JobStatus.FAILED, Set.of(),
      JobStatus.CANCELLED, Set.of());

  private JobTransitions() {}

  /** True when a job may go from {@code from} to {@code to}. */
  public static boolean allowed(JobStatus from, JobStatus to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /** Throws {@link IllegalStateException} unless a job may go from {@code from} to {@code to}. */
  public static void check(JobStatus from, JobStatus to) {
    if (!allowed(from, to)) {
      throw new IllegalStateException("Illegal job transition " + from + " -> " + to);
    }
  }
}
