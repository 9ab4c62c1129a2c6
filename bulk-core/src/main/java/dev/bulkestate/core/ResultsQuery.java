package dev.bulkestate.core;

/**
 * Which page of results to read: {@code page} from 1, {@code limit} 1..1000, and optionally only
 * records with one {@code status} (e.g. {@code failed}, to retry them).
 */
public record ResultsQuery(int page, int limit, RecordStatus status) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1_000;

  public ResultsQuery {
    if (page < 1) {
      throw new IllegalArgumentException("page starts at 1, got " + page);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
  }

  /** Page 1, 100 results, every status. */
  public static ResultsQuery first() {
    return new ResultsQuery(1, DEFAULT_LIMIT, null);
  }

  public static ResultsQuery page(int page, int limit) {
    return new ResultsQuery(page, limit, null);
  }

  public ResultsQuery withPage(int newPage) {
    return new ResultsQuery(newPage, limit, status);
  }

  public ResultsQuery withLimit(int newLimit) {
    return new ResultsQuery(page, newLimit, status);
  }

  public ResultsQuery withStatus(RecordStatus newStatus) {
    return new ResultsQuery(page, limit, newStatus);
  }
}
