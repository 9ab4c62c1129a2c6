package dev.bulkestate.core;

/** Where a page sits: {@code page} from 1, {@code limit} per page, whether more follow. */
public record Pagination(Integer page, Integer limit, Integer totalResults, Boolean hasMore) {
  public static Pagination of(int page, int limit, int totalResults) {
    return new Pagination(page, limit, totalResults, (long) page * limit < totalResults);
  }
}
