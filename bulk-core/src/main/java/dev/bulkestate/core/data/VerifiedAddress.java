package dev.bulkestate.core.data;

import java.util.List;

/**
 * The result of one address verification record.
 *
 * @param deliveryLine the standardized delivery line, e.g. {@code 123 N MAIN ST APT 4} (the input's
 *     street as given when {@code standardize} is off)
 * @param lastLine the standardized last line, e.g. {@code AUSTIN TX 78701-1234}
 * @param components the address split into its USPS components (null when {@code standardize} is off)
 * @param county the county of the ZIP code (or of the matched address), when known
 * @param geocode where the address is (null when {@code geocode} is off or no ZIP code is known)
 * @param deliverability what the reference data says about delivery (null when
 *     {@code validate_deliverability} is off)
 * @param suggestions close addresses in the same ZIP code, nearest first (only when asked and the
 *     address is not in the data)
 * @param corrections what verification changed in the input, in the order made
 */
public record VerifiedAddress(
    String deliveryLine, String lastLine, Components components, String county, Geocode geocode,
    Deliverability deliverability, List<Suggestion> suggestions, List<Correction> corrections) {

  public VerifiedAddress {
    suggestions = suggestions == null ? null : List.copyOf(suggestions);
    corrections = corrections == null ? null : List.copyOf(corrections);
  }

  /** Geocode precision: the address itself is in the reference data. */
  public static final String PRECISION_ROOFTOP = "rooftop";
  /** Geocode precision: the centroid of the ZIP code. */
  public static final String PRECISION_ZIP5 = "zip5";

  /**
   * The address in USPS components (Publication 28 abbreviations, upper case).
   *
   * @param primaryNumber the house number, or the box number of a PO box, rural route, highway
   *     contract or military box
   * @param predirectional N, S, E, W, NE, NW, SE or SW before the street name
   * @param streetName the street name ("MAIN"), or the route part ("PO BOX", "RR 2", "HC 68", "PSC 123")
   * @param suffix the standard suffix ("ST")
   * @param postdirectional a directional after the suffix
   * @param unitDesignator the secondary unit designator ("APT", "STE", "#")
   * @param unitNumber the unit number
   * @param city the city
   * @param state the two-letter state code
   * @param zip5 the ZIP code
   * @param zip4 the ZIP+4 add-on, only when given or known from the reference data (never made up)
   * @param recordType street, po_box, rural_route, highway_contract or military
   */
  public record Components(
      String primaryNumber, String predirectional, String streetName, String suffix,
      String postdirectional, String unitDesignator, String unitNumber, String city, String state,
      String zip5, String zip4, String recordType) {}

  /**
   * A point and how precise it is.
   *
   * @param latitude degrees north
   * @param longitude degrees east
   * @param precision {@code rooftop} (the address is in the reference data) or {@code zip5} (the
   *     ZIP code's centroid)
   */
  public record Geocode(double latitude, double longitude, String precision) {}

  /**
   * Deliverability as far as the reference data can tell.
   *
   * @param status {@link #DELIVERABLE}, {@link #MISSING_UNIT}, {@link #UNKNOWN_UNIT},
   *     {@link #EXTRA_UNIT} or {@link #NOT_IN_DATASET}
   * @param inDataset true when the primary line is in the reference data
   * @param propertyId the matched property, when one is
   * @param unitCount how many units the data knows at the primary line (null when none)
   */
  public record Deliverability(String status, boolean inDataset, String propertyId, Integer unitCount) {
    /** In the data, with the right unit (or none needed). */
    public static final String DELIVERABLE = "deliverable";
    /** In the data, which has units at this primary line, but no unit was given. */
    public static final String MISSING_UNIT = "missing_unit";
    /** In the data, which has units at this primary line, but not the one given. */
    public static final String UNKNOWN_UNIT = "unknown_unit";
    /** In the data as a single-unit address, yet a unit was given. */
    public static final String EXTRA_UNIT = "extra_unit";
    /** Not in the reference data: nothing is known either way. */
    public static final String NOT_IN_DATASET = "not_in_dataset";
  }

  /**
   * A nearby address the input may have meant.
   *
   * @param deliveryLine the suggested delivery line
   * @param lastLine its last line
   * @param distance the edit distance between the input's street and the suggested one
   * @param inDataset true when the suggested address is in the reference data
   */
  public record Suggestion(String deliveryLine, String lastLine, int distance, boolean inDataset) {}

  /**
   * A change verification made to the input.
   *
   * @param field street, unit, city, state, zip or zip4
   * @param original the value before (standardized form), or null when it was missing
   * @param corrected the value after
   * @param reason why, in a sentence
   */
  public record Correction(String field, String original, String corrected, String reason) {}
}
