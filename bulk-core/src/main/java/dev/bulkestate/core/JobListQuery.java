package dev.bulkestate.core;

/** Which page of the caller's jobs to read, optionally only those with one status. */
public record JobListQuery(int page, int limit, JobStatus status) {
  public JobListQuery {
    if (page < 1) {
      throw new IllegalArgumentException("page starts at 1, got " + page);
    }
    if (limit < 1 || limit > ResultsQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + ResultsQuery.MAX_LIMIT + ", got " + limit);
    }
  }

  public static JobListQuery first() {
    return new JobListQuery(1, ResultsQuery.DEFAULT_LIMIT, null);
  }

  public JobListQuery withStatus(JobStatus newStatus) {
    return new JobListQuery(page, limit, newStatus);
  }

  public JobListQuery withPage(int newPage) {
    return new JobListQuery(newPage, limit, status);
  }
}
