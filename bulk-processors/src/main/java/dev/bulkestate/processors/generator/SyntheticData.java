package dev.bulkestate.processors.generator;

import dev.bulkestate.processors.data.InMemoryPropertyDataset;
import java.util.Map;

/**
 * What {@link SyntheticDataGenerator} made: the dataset, and the hidden "true" market value of
 * each property. No processor reads the true values; they exist to measure how close the
 * valuation model gets.
 *
 * @param dataset the properties and people
 * @param trueValues property id to its true market value on {@code dataset.asOf()}, in dollars
 */
public record SyntheticData(InMemoryPropertyDataset dataset, Map<String, Long> trueValues) {

  public SyntheticData {
    trueValues = Map.copyOf(trueValues);
  }

  /**
   * The true market value of a property.
   *
   * @throws IllegalArgumentException for an id the dataset does not hold
   */
  public long trueValue(String propertyId) {
    Long value = trueValues.get(propertyId);
    if (value == null) {
      throw new IllegalArgumentException("unknown property " + propertyId);
    }
    return value;
  }
}
