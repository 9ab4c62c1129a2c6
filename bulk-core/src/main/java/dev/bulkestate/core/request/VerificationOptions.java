package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import java.util.Optional;

/**
 * Options of an address verification job; each flag defaults as its accessor says.
 *
 * @param standardize return the USPS Publication 28 form (default true)
 * @param geocode return latitude/longitude with precision (default true)
 * @param validateDeliverability report deliverability as far as the data tells (default true)
 * @param returnSuggestions return close alternatives when the address is not found (default false)
 * @param maxSuggestions how many suggestions at most, 1..10 (default 3)
 */
public record VerificationOptions(
    Boolean standardize, Boolean geocode, Boolean validateDeliverability, Boolean returnSuggestions,
    Integer maxSuggestions) {

  static final VerificationOptions DEFAULT = new VerificationOptions(null, null, null, null, null);

  public static VerificationOptions all() {
    return new VerificationOptions(true, true, true, true, null);
  }

  /** Every option at its default (standardize, geocode, deliverability; no suggestions). */
  public static VerificationOptions defaults() {
    return DEFAULT;
  }

  public VerificationOptions withStandardize(boolean on) {
    return new VerificationOptions(on, geocode, validateDeliverability, returnSuggestions, maxSuggestions);
  }

  public VerificationOptions withGeocode(boolean on) {
    return new VerificationOptions(standardize, on, validateDeliverability, returnSuggestions, maxSuggestions);
  }

  public VerificationOptions withDeliverability(boolean on) {
    return new VerificationOptions(standardize, geocode, on, returnSuggestions, maxSuggestions);
  }

  /** Asks for up to {@code max} suggestions (1..10) when an address is not found. */
  public VerificationOptions withSuggestions(int max) {
    return new VerificationOptions(standardize, geocode, validateDeliverability, true, max);
  }

  public boolean standardizeOrDefault() {
    return standardize == null || standardize;
  }

  public boolean geocodeOrDefault() {
    return geocode == null || geocode;
  }

  public boolean deliverabilityOrDefault() {
    return validateDeliverability == null || validateDeliverability;
  }

  public boolean suggestionsOrDefault() {
    return returnSuggestions != null && returnSuggestions;
  }

  public int maxSuggestionsOrDefault() {
    return maxSuggestions == null ? 3 : maxSuggestions;
  }

  Optional<ApiError> problem() {
    if (maxSuggestions != null && (maxSuggestions < 1 || maxSuggestions > 10)) {
      return Optional.of(RequestValidator.problem("options.max_suggestions",
          "max_suggestions must be between 1 and 10"));
    }
    return Optional.empty();
  }
}
