package dev.bulkestate.core;

import java.util.List;

/** A page of the caller's jobs, newest first ({@code GET /bulk/jobs}). */
public record JobList(List<Job> jobs, Pagination pagination) {
  public JobList {
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
  }
}
