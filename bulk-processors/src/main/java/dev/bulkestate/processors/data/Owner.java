package dev.bulkestate.processors.data;

import dev.bulkestate.core.data.PropertyDetails;

/**
 * An owner of record.
 *
 * @param name the name as recorded
 * @param type {@link PropertyDetails.Owner#PERSON} or {@link PropertyDetails.Owner#COMPANY}
 * @param personId the person's id in the dataset, or null (companies, unknown persons)
 */
public record Owner(String name, String type, String personId) {
  public boolean isPerson() {
    return PropertyDetails.Owner.PERSON.equals(type);
  }
}
