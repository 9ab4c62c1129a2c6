package dev.bulkestate.processors.address;

import java.util.Objects;

/**
 * An address the reference data knows: one deliverable point (one per unit in a building).
 *
 * @param propertyId the property it belongs to
 * @param primaryLine the standardized primary line, e.g. "123 N MAIN ST" (see {@link ParsedAddress#primaryLine()})
 * @param unit the standardized unit, e.g. "APT 4", or null for a single-unit address
 * @param zip5 the five-digit ZIP code
 * @param zip4 the ZIP+4 add-on when the data has one, else null
 * @param city the city of the last line, upper case
 * @param county the county name
 * @param latitude the point's latitude
 * @param longitude the point's longitude
 */
public record KnownAddress(
    String propertyId, String primaryLine, String unit, String zip5, String zip4, String city,
    String county, double latitude, double longitude) {

  public KnownAddress {
    Objects.requireNonNull(primaryLine, "primaryLine");
    Objects.requireNonNull(zip5, "zip5");
  }
}
