package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import java.util.Optional;

/**
 * One search of a property search job.
 *
 * @param id the caller's id
 * @param criteria what to match
 * @param maxResults the most properties to return, 1..{@value #MAX_RESULTS} (default 25)
 */
public record SearchQuery(String id, SearchCriteria criteria, Integer maxResults)
    implements InputRecord {

  public static final int MAX_RESULTS = 1_000;
  public static final int DEFAULT_MAX_RESULTS = 25;

  public int maxResultsOrDefault() {
    return maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
  }

  @Override
  public Optional<ApiError> problem() {
    if (maxResults != null && (maxResults < 1 || maxResults > MAX_RESULTS)) {
      return Optional.of(ApiError.field(ErrorCode.VALIDATION_ERROR,
          "max_results must be between 1 and " + MAX_RESULTS, "max_results", "Out of range"));
    }
    if (criteria == null) {
      return Optional.of(ApiError.field(ErrorCode.INSUFFICIENT_DATA,
          "A search needs criteria", "criteria", "Missing criteria"));
    }
    return criteria.problem();
  }
}
