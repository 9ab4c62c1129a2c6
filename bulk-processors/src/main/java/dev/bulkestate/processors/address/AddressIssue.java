package dev.bulkestate.processors.address;

/**
 * Something the parser found missing or had to repair in an address, with the field it concerns
 * (the {@code details.field} of an INVALID_ADDRESS error) and a sentence ({@code details.issue}).
 */
public enum AddressIssue {
  MISSING_STREET("street", "Missing street"),
  MISSING_NUMBER("street", "Missing street number"),
  MISSING_STREET_NAME("street", "Missing street name"),
  MISSING_BOX_NUMBER("street", "Missing box number"),
  MISSING_UNIT_NUMBER("unit", "Missing unit number"),
  MISSING_CITY("city", "Missing city"),
  MISSING_STATE("state", "Missing state"),
  UNKNOWN_STATE("state", "Unrecognized state"),
  MISSING_ZIP("zip", "Missing ZIP code"),
  INVALID_ZIP("zip", "Invalid ZIP code format"),
  /** A four-digit ZIP code (a spreadsheet dropped its leading zero): "2134" became "02134". */
  ZIP_LEADING_ZERO_RESTORED("zip", "ZIP code had four digits; a leading zero was restored");

  private final String field;
  private final String message;

  AddressIssue(String field, String message) {
    this.field = field;
    this.message = message;
  }

  /** The input field concerned: street, unit, city, state or zip. */
  public String field() {
    return field;
  }

  /** A short sentence for people. */
  public String message() {
    return message;
  }
}
