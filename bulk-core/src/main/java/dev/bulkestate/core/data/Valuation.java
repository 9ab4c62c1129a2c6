package dev.bulkestate.core.data;

import java.time.LocalDate;
import java.util.List;

/**
 * The result of one valuation record.
 *
 * @param propertyId the property valued
 * @param address its address
 * @param estimatedValue the value estimate in dollars
 * @param low the low end of the likely range
 * @param high the high end of the likely range
 * @param confidenceScore 0..100 (null when the request turned it off); how it is derived is
 *     documented by the model that made the estimate
 * @param comparables the sales the estimate is built on, most similar first (only when asked)
 * @param rentalEstimate a monthly rent estimate (only when asked)
 * @param method the model, e.g. {@code comparable_sales}
 * @param asOf the date the estimate refers to
 */
public record Valuation(
    String propertyId, Address address, long estimatedValue, long low, long high,
    Integer confidenceScore, List<ComparableSale> comparables, RentalEstimate rentalEstimate,
    String method, LocalDate asOf) {

  public Valuation {
    comparables = comparables == null ? null : List.copyOf(comparables);
  }

  /**
   * A sale used as a comparable.
   *
   * @param propertyId the comparable property
   * @param address its address
   * @param distanceMiles its distance from the subject
   * @param livingSqft its living area
   * @param bedrooms its bedrooms
   * @param bathrooms its bathrooms
   * @param yearBuilt its year built, or null
   * @param salePrice the recorded price
   * @param saleDate the recorded date
   * @param adjustedValue what the sale says about the subject after time, size and age adjustments
   * @param similarity 0..1, how much this sale weighs in the estimate relative to a perfect match
   */
  public record ComparableSale(
      String propertyId, Address address, double distanceMiles, int livingSqft, int bedrooms,
      double bathrooms, Integer yearBuilt, long salePrice, LocalDate saleDate, long adjustedValue,
      double similarity) {}

  /**
   * A monthly rent estimate.
   *
   * @param monthlyRent the estimate in dollars per month
   * @param low the low end of the likely range
   * @param high the high end of the likely range
   */
  public record RentalEstimate(long monthlyRent, long low, long high) {}
}
