package dev.bulkestate.core.data;

/**
 * A postal address in result data: a first line (number, street, unit), an optional second line,
 * city, state, 5-digit ZIP and optional ZIP+4 add-on.
 *
 * @param line1 the delivery line, e.g. {@code 123 N MAIN ST APT 4}
 * @param line2 a second line, or null
 * @param city the city
 * @param state the two-letter state code
 * @param zip the 5-digit ZIP code
 * @param zip4 the ZIP+4 add-on, or null
 */
public record Address(String line1, String line2, String city, String state, String zip, String zip4) {

  public static Address of(String line1, String city, String state, String zip) {
    return new Address(line1, null, city, state, zip, null);
  }

  /** The address on one line: {@code 123 N MAIN ST APT 4, AUSTIN, TX 78701}. */
  public String oneLine() {
    StringBuilder out = new StringBuilder(line1 == null ? "" : line1);
    if (line2 != null && !line2.isEmpty()) {
      out.append(", ").append(line2);
    }
    out.append(", ").append(city).append(", ").append(state).append(' ').append(zip);
    if (zip4 != null && !zip4.isEmpty()) {
      out.append('-').append(zip4);
    }
    return out.toString();
  }
}
