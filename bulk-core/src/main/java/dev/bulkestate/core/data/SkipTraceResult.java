package dev.bulkestate.core.data;

import java.time.LocalDate;
import java.util.List;

/**
 * The result of one skip trace record.
 *
 * @param matchType how the persons were found: {@code owner_of_record}, {@code name_address},
 *     {@code name_zip} or {@code phone}
 * @param persons the persons found, best match first
 * @param compliance the compliance mode the trace ran under
 */
public record SkipTraceResult(String matchType, List<Person> persons, Compliance compliance) {

  public static final String OWNER_OF_RECORD = "owner_of_record";
  public static final String NAME_ADDRESS = "name_address";
  public static final String NAME_ZIP = "name_zip";
  public static final String PHONE = "phone";

  public SkipTraceResult {
    persons = persons == null ? List.of() : List.copyOf(persons);
  }

  /**
   * A person found.
   *
   * @param personId the dataset's id
   * @param firstName first name
   * @param middleName middle name or initial, or null
   * @param lastName last name
   * @param age age in years at the dataset's date, or null when unknown
   * @param currentAddress the address the person lives at, or null
   * @param phones phone numbers, most likely to reach first
   * @param emails email addresses
   * @param relatives relatives (only when the request asked)
   * @param propertyHistory properties owned now or before (only when the request asked)
   */
  public record Person(
      String personId, String firstName, String middleName, String lastName, Integer age,
      Address currentAddress, List<Phone> phones, List<Email> emails, List<Relative> relatives,
      List<PropertyRecord> propertyHistory) {
    public Person {
      phones = phones == null ? List.of() : List.copyOf(phones);
      emails = emails == null ? List.of() : List.copyOf(emails);
      relatives = relatives == null ? null : List.copyOf(relatives);
      propertyHistory = propertyHistory == null ? null : List.copyOf(propertyHistory);
    }
  }

  /**
   * A phone number.
   *
   * @param number ten digits formatted {@code 214-555-0123}
   * @param type {@code mobile}, {@code landline} or {@code voip}
   * @param dnc true when the number is on the Do Not Call registry
   * @param lastSeen the last date the number was seen in use for this person, or null
   */
  public record Phone(String number, String type, boolean dnc, LocalDate lastSeen) {
    public static final String MOBILE = "mobile";
    public static final String LANDLINE = "landline";
    public static final String VOIP = "voip";
  }

  /**
   * An email address.
   *
   * @param address the address
   * @param type {@code personal} or {@code work}
   */
  public record Email(String address, String type) {}

  /**
   * A relative.
   *
   * @param personId the relative's id in the dataset
   * @param name the full name
   * @param relationship {@code spouse}, {@code parent}, {@code child} or {@code sibling}
   * @param age age in years, or null
   */
  public record Relative(String personId, String name, String relationship, Integer age) {}

  /**
   * A property the person owns or owned.
   *
   * @param propertyId the property
   * @param address its address
   * @param role {@code owner}
   * @param from when the ownership began
   * @param to when it ended, or null while it lasts
   */
  public record PropertyRecord(
      String propertyId, Address address, String role, LocalDate from, LocalDate to) {}

  /**
   * The compliance mode of the trace.
   *
   * @param mode {@code standard} or {@code fcra}
   * @param permissiblePurpose the FCRA permissible purpose given, or null
   */
  public record Compliance(String mode, String permissiblePurpose) {}
}
