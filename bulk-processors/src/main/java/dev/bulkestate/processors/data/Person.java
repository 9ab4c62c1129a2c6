package dev.bulkestate.processors.data;

import dev.bulkestate.core.data.Address;
import dev.bulkestate.core.data.SkipTraceResult;
import java.util.List;
import java.util.Objects;

/**
 * A person of a {@link PropertyDataset}, as skip trace finds them.
 *
 * @param personId the dataset's unique id
 * @param firstName first name, upper case
 * @param middleName middle name or initial, or null
 * @param lastName last name, upper case
 * @param birthYear year of birth, or null when unknown
 * @param residencePropertyId the property the person lives at, when it is in the dataset
 * @param currentAddress where the person lives, or null
 * @param phones phone numbers ({@code 214-555-0123}), most likely to reach first
 * @param emails email addresses
 * @param relatives links to relatives in the dataset
 * @param propertyHistory properties owned now or before, newest first
 */
public record Person(
    String personId, String firstName, String middleName, String lastName, Integer birthYear,
    String residencePropertyId, Address currentAddress, List<SkipTraceResult.Phone> phones,
    List<SkipTraceResult.Email> emails, List<RelativeLink> relatives,
    List<OwnershipSpan> propertyHistory) {

  public Person {
    Objects.requireNonNull(personId, "personId");
    Objects.requireNonNull(lastName, "lastName");
    phones = phones == null ? List.of() : List.copyOf(phones);
    emails = emails == null ? List.of() : List.copyOf(emails);
    relatives = relatives == null ? List.of() : List.copyOf(relatives);
    propertyHistory = propertyHistory == null ? List.of() : List.copyOf(propertyHistory);
  }

  /** {@code FIRST [MIDDLE] LAST}. */
  public String fullName() {
    StringBuilder out = new StringBuilder();
    if (firstName != null) {
      out.append(firstName).append(' ');
    }
    if (middleName != null) {
      out.append(middleName).append(' ');
    }
    return out.append(lastName).toString();
  }

  /**
   * A link to a relative.
   *
   * @param personId the relative's id
   * @param relationship {@code spouse}, {@code parent}, {@code child} or {@code sibling}
   */
  public record RelativeLink(String personId, String relationship) {}

  /**
   * A period of ownership.
   *
   * @param propertyId the property
   * @param from when it began
   * @param to when it ended, or null while it lasts
   */
  public record OwnershipSpan(String propertyId, java.time.LocalDate from, java.time.LocalDate to) {}
}
