package dev.bulkestate.processors.address;

import java.util.List;

/**
 * An address split into its USPS components, each standardized (upper case, Publication 28
 * abbreviations). Components the input did not have are null.
 *
 * <p>For {@link AddressKind#STREET} addresses the components are the usual ones. For the other
 * kinds {@code streetName} holds the route part and {@code number} the box number:
 * PO boxes have {@code streetName} "PO BOX" ({@code "PO BOX 123"}); rural routes "RR 2"
 * ({@code "RR 2 BOX 152"}); highway contract routes "HC 68" ({@code "HC 68 BOX 23A"}); military
 * boxes "PSC 123" ({@code "PSC 123 BOX 4567"}).
 *
 * @param number the house (or box) number, e.g. "123", "123A", "123 1/2", "42-17"
 * @param predirectional N, S, E, W, NE, NW, SE or SW before the name
 * @param streetName the name, e.g. "MAIN", "GLEN PARK", "AVENUE OF THE AMERICAS"
 * @param suffix the standard suffix abbreviation, e.g. "ST", "AVE"
 * @param postdirectional a directional after the suffix
 * @param unitDesignator the standard secondary unit designator, e.g. "APT", "STE", or "#"
 * @param unitNumber the unit number, e.g. "4", "4B"; null for designators that take none (REAR)
 * @param city the city, upper case, as given
 * @param state the two-letter state code
 * @param zip5 the five-digit ZIP code
 * @param zip4 the ZIP+4 add-on when given
 * @param kind the sort of primary line
 * @param issues what the parser found missing or repaired, in the order found
 */
public record ParsedAddress(
    String number, String predirectional, String streetName, String suffix, String postdirectional,
    String unitDesignator, String unitNumber, String city, String state, String zip5, String zip4,
    AddressKind kind, List<AddressIssue> issues) {

  public ParsedAddress {
    kind = kind == null ? AddressKind.STREET : kind;
    issues = issues == null ? List.of() : List.copyOf(issues);
  }

  /**
   * The primary line: "123 N MAIN ST NW", "PO BOX 123", "RR 2 BOX 152"; null without a street
   * name (a number alone is no address).
   */
  public String primaryLine() {
    if (streetName == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(32);
    switch (kind) {
      case PO_BOX:
        b.append(streetName);
        append(b, number);
        break;
      case RURAL_ROUTE:
      case HIGHWAY_CONTRACT:
      case MILITARY:
        b.append(streetName);
        if (number != null) {
          b.append(" BOX ").append(number);
        }
        break;
      default:
        append(b, number);
        append(b, predirectional);
        append(b, streetName);
        append(b, suffix);
        append(b, postdirectional);
    }
    return b.toString();
  }

  /** The unit as one string ("APT 4", "# 4B", "REAR"), or null without one. */
  public String unit() {
    if (unitDesignator == null) {
      return null;
    }
    return unitNumber == null ? unitDesignator : unitDesignator + " " + unitNumber;
  }

  /** The delivery line: the primary line and the unit ("123 N MAIN ST APT 4"); null without a street. */
  public String deliveryLine() {
    String primary = primaryLine();
    String unit = unit();
    if (primary == null || unit == null) {
      return primary;
    }
    return primary + " " + unit;
  }

  /** The last line: "AUSTIN TX 78701-1234", leaving out what is missing; null when all is. */
  public String lastLine() {
    StringBuilder b = new StringBuilder(32);
    append(b, city);
    append(b, state);
    append(b, zip5 == null ? null : zip4 == null ? zip5 : zip5 + "-" + zip4);
    return b.length() == 0 ? null : b.toString();
  }

  /** The lookup key: {@code primaryLine() + "|" + zip5} when both are known, else null (unit excluded). */
  public String key() {
    String primary = primaryLine();
    return primary == null || zip5 == null ? null : primary + "|" + zip5;
  }

  /** True when the parser recorded this issue. */
  public boolean has(AddressIssue issue) {
    return issues.contains(issue);
  }

  /** This address with other city, state and ZIP (issues kept). */
  public ParsedAddress withLastLine(String newCity, String newState, String newZip5, String newZip4) {
    return new ParsedAddress(number, predirectional, streetName, suffix, postdirectional,
        unitDesignator, unitNumber, newCity, newState, newZip5, newZip4, kind, issues);
  }

  /** This address with another unit (issues kept). */
  public ParsedAddress withUnit(String designator, String unitNo) {
    return new ParsedAddress(number, predirectional, streetName, suffix, postdirectional,
        designator, unitNo, city, state, zip5, zip4, kind, issues);
  }

  private static void append(StringBuilder b, String part) {
    if (part != null && !part.isEmpty()) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(part);
    }
  }
}
