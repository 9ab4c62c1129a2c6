package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import java.util.Optional;

/**
 * Options of a valuations job; each flag defaults as its accessor says.
 *
 * @param includeConfidenceScore return the confidence score (default true)
 * @param includeComparables return the comparables used (default false)
 * @param includeRentalEstimate return a monthly rent estimate (default false)
 * @param maxComparables how many comparables to return, 1..25 (default 5)
 */
public record ValuationOptions(
    Boolean includeConfidenceScore, Boolean includeComparables, Boolean includeRentalEstimate,
    Integer maxComparables) {

  static final ValuationOptions DEFAULT = new ValuationOptions(null, null, null, null);

  public static ValuationOptions all() {
    return new ValuationOptions(true, true, true, null);
  }

  public boolean confidenceScoreOrDefault() {
    return includeConfidenceScore == null || includeConfidenceScore;
  }

  public boolean comparablesOrDefault() {
    return includeComparables != null && includeComparables;
  }

  public boolean rentalEstimateOrDefault() {
    return includeRentalEstimate != null && includeRentalEstimate;
  }

  public int maxComparablesOrDefault() {
    return maxComparables == null ? 5 : maxComparables;
  }

  Optional<ApiError> problem() {
    if (maxComparables != null && (maxComparables < 1 || maxComparables > 25)) {
      return Optional.of(RequestValidator.problem("valuation_options.max_comparables",
          "max_comparables must be between 1 and 25"));
    }
    return Optional.empty();
  }
}
