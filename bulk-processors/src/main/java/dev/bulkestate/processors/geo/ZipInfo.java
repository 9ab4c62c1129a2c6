package dev.bulkestate.processors.geo;

import java.util.Objects;

/**
 * One ZIP code of the {@link ZipTable}: its preferred city, state, county and centroid, as GeoNames
 * gives them.
 *
 * @param zip the five-digit ZIP code
 * @param city the place name (GeoNames' case, e.g. "Austin"; "APO"/"FPO" for military post offices)
 * @param state the two-letter USPS state code (AA/AE/AP for military post offices)
 * @param county the county name, or "" when GeoNames has none (military post offices)
 * @param latitude the centroid latitude in degrees
 * @param longitude the centroid longitude in degrees
 */
public record ZipInfo(
    String zip, String city, String state, String county, double latitude, double longitude) {

  public ZipInfo {
    Objects.requireNonNull(zip, "zip");
    Objects.requireNonNull(city, "city");
    Objects.requireNonNull(state, "state");
    county = county == null ? "" : county;
  }
}
