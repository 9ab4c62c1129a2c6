package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import java.util.List;
import java.util.Optional;

/**
 * Options of a skip trace.
 *
 * @param includeRelatives return relatives (default false)
 * @param includePropertyHistory return each person's property history (default false)
 * @param complianceMode {@code standard} (default) or {@code fcra}; FCRA mode needs a
 *     {@code permissible_purpose} and is recorded in every result
 * @param permissiblePurpose the FCRA section 604 purpose (see {@link #PERMISSIBLE_PURPOSES})
 */
public record SkipTraceOptions(
    Boolean includeRelatives, Boolean includePropertyHistory, String complianceMode,
    String permissiblePurpose) {

  public static final String STANDARD = "standard";
  public static final String FCRA = "fcra";

  /** The permissible purposes of FCRA section 604 that the API accepts. */
  public static final List<String> PERMISSIBLE_PURPOSES = List.of(
      "consumer_request", "credit_transaction", "employment", "insurance_underwriting",
      "tenant_screening", "collection", "legitimate_business_need", "court_order");

  static final SkipTraceOptions DEFAULT = new SkipTraceOptions(null, null, null, null);

  /** Standard mode, no relatives, no property history. */
  public static SkipTraceOptions standard() {
    return DEFAULT;
  }

  /** FCRA mode with its permissible purpose (one of {@link #PERMISSIBLE_PURPOSES}). */
  public static SkipTraceOptions fcra(String permissiblePurpose) {
    return new SkipTraceOptions(null, null, FCRA, permissiblePurpose);
  }

  public SkipTraceOptions withRelatives(boolean on) {
    return new SkipTraceOptions(on, includePropertyHistory, complianceMode, permissiblePurpose);
  }

  public SkipTraceOptions withPropertyHistory(boolean on) {
    return new SkipTraceOptions(includeRelatives, on, complianceMode, permissiblePurpose);
  }

  public boolean relativesOrDefault() {
    return includeRelatives != null && includeRelatives;
  }

  public boolean propertyHistoryOrDefault() {
    return includePropertyHistory != null && includePropertyHistory;
  }

  public boolean fcraMode() {
    return FCRA.equals(complianceMode);
  }

  Optional<ApiError> problem() {
    if (complianceMode != null && !List.of(STANDARD, FCRA).contains(complianceMode)) {
      return Optional.of(RequestValidator.problem("options.compliance_mode",
          "compliance_mode must be standard or fcra"));
    }
    if (fcraMode() && (permissiblePurpose == null || permissiblePurpose.isBlank())) {
      return Optional.of(RequestValidator.problem("options.permissible_purpose",
          "compliance_mode fcra requires a permissible_purpose, one of " + PERMISSIBLE_PURPOSES));
    }
    if (permissiblePurpose != null && !PERMISSIBLE_PURPOSES.contains(permissiblePurpose)) {
      return Optional.of(RequestValidator.problem("options.permissible_purpose",
          "Unknown permissible_purpose; known: " + PERMISSIBLE_PURPOSES));
    }
    return Optional.empty();
  }
}
