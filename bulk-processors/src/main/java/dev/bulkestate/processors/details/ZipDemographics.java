package dev.bulkestate.processors.details;

import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyDataset;
import dev.bulkestate.processors.valuation.ComparableSalesModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code demographics} section, per ZIP code, computed once per ZIP and remembered.
 * Thread-safe.
 *
 * <p>{@code property_count}, {@code owner_occupied_rate}, {@code median_year_built} and
 * {@code median_home_value} (the median estimate of the valuation model over the ZIP's homes)
 * come from the dataset. The dataset has no census figures, so {@code population},
 * {@code median_household_income} and {@code median_age} are synthetic: drawn from a random
 * source seeded by the ZIP code (the same ZIP always gives the same figures), with income tied to
 * the median home value by a price-to-income ratio between 3.2 and 4.8.
 */
public final class ZipDemographics {
  private final PropertyDataset dataset;
  private final ComparableSalesModel model;
  private final Map<String, PropertyDetails.Demographics> memo = new ConcurrentHashMap<>();

  public ZipDemographics(ComparableSalesModel model) {
    this.model = model;
    this.dataset = model.dataset();
  }

  /** The figures of a ZIP code (zeros for a ZIP without properties). */
  public PropertyDetails.Demographics of(String zip5) {
    return memo.computeIfAbsent(zip5, this::compute);
  }

  private PropertyDetails.Demographics compute(String zip5) {
    List<Property> in = dataset.inZip(zip5);
    int occupied = 0;
    int[] years = new int[in.size()];
    int yearCount = 0;
    long[] values = new long[in.size()];
    int valueCount = 0;
    for (Property p : in) {
      if (p.ownerOccupied()) {
        occupied++;
      }
      if (p.yearBuilt() != null) {
        years[yearCount++] = p.yearBuilt();
      }
      if (!p.isLand()) {
        var estimate = model.estimate(p);
        if (estimate.isPresent()) {
          values[valueCount++] = estimate.get().value();
        }
      }
    }
    int medianYear = yearCount == 0 ? 0 : median(Arrays.copyOf(years, yearCount));
    long medianValue = valueCount == 0 ? 0 : median(Arrays.copyOf(values, valueCount));
    double rate = in.isEmpty() ? 0 : Math.round(1000.0 * occupied / in.size()) / 1000.0;
    SplittableRandom rnd = new SplittableRandom(zip5.hashCode() * 0x9E3779B97F4A7C15L);
    int population = 4_000 + rnd.nextInt(46_000);
    long income = Math.round(medianValue / (3.2 + 1.6 * rnd.nextDouble()) / 100.0) * 100;
    double age = Math.round((29 + 16 * rnd.nextDouble()) * 10) / 10.0;
    return new PropertyDetails.Demographics(zip5, in.size(), rate, medianYear, medianValue,
        population, income, age);
  }

  private static int median(int[] a) {
    Arrays.sort(a);
    return a[a.length / 2];
  }

  private static long median(long[] a) {
    Arrays.sort(a);
    return a[a.length / 2];
  }
}
