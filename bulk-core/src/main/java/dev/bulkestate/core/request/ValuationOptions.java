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

  /** Every option at its default (confidence score; no comparables, no rent). */
  public static ValuationOptions defaults() {
    return DEFAULT;
  }

  public ValuationOptions withConfidenceScore(boolean on) {
    return new ValuationOptions(on, includeComparables, includeRentalEstimate, maxComparables);
  }

  /** Returns up to {@code max} comparables (1..25) with each valuation. */
  public ValuationOptions withComparables(int max) {
    return new ValuationOptions(includeConfidenceScore, true, includeRentalEstimate, max);
  }

  public ValuationOptions withRentalEstimate(boolean on) {
    return new ValuationOptions(includeConfidenceScore, includeComparables, on, maxComparables);
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
