package dev.bulkestate.processors.search;

import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.core.data.PropertySearchResult;
import dev.bulkestate.core.data.PropertySummary;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.SearchCriteria;
import dev.bulkestate.core.request.SearchQuery;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.processors.address.AddressStandardizer;
import dev.bulkestate.processors.data.Keys;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyDataset;
import dev.bulkestate.processors.valuation.ComparableSalesModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Property search: the properties matching a search's criteria, at most {@code max_results} of
 * them, with the total count. Thread-safe.
 *
 * <p>Candidates come from the indexes, never from a scan of the dataset: the ZIP's properties
 * when a {@code zip} is given; else the ZIP codes of the {@code city} (or {@code county}) in the
 * {@code state}; else the ZIP codes of the state. Every criterion then narrows the candidates;
 * ranges are inclusive, a property without the value a range asks about (no year built, no sale,
 * no estimate) does not match it. Value and equity use the valuation model's estimate.
 *
 * <p><b>Order:</b> by ZIP code ascending, then by property id ascending. The order depends only
 * on the data, so the same search always lists the same properties, and a larger
 * {@code max_results} extends a smaller one's list.
 */
public final class PropertySearchProcessor
    implements RecordProcessor<PropertySearchRequest, SearchQuery> {
  private final PropertyDataset dataset;
  private final ComparableSalesModel model;

  public PropertySearchProcessor(PropertyDataset dataset, ComparableSalesModel model) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public JobType type() {
    return JobType.PROPERTY_SEARCH;
  }

  @Override
  public RecordResult process(SearchQuery query, PropertySearchRequest request) {
    var problem = query.problem();
    if (problem.isPresent()) {
      return RecordResult.failed(query.id(), problem.get());
    }
    SearchCriteria c = normalize(query.criteria());
    int max = query.maxResultsOrDefault();
    List<PropertySummary> found = new ArrayList<>(Math.min(max, 64));
    long total = 0;
    for (String zip : candidateZips(c)) {
      for (Property p : dataset.inZip(zip)) {
        if (matches(p, c)) {
          total++;
          if (found.size() < max) {
            found.add(summary(p));
          }
        }
      }
    }
    return RecordResult.success(query.id(), new PropertySearchResult(total, found.size(), found));
  }

  /** The normalized criteria and {@code max_results}. */
  @Override
  public String cacheKey(SearchQuery query, PropertySearchRequest request) {
    if (query.criteria() == null) {
      return null;
    }
    return "property-search|" + normalize(query.criteria()) + "|" + query.maxResultsOrDefault();
  }

  private List<String> candidateZips(SearchCriteria c) {
    if (c.zip() != null) {
      return List.of(c.zip());
    }
    if (c.city() != null) {
      return dataset.zipsInCity(c.city(), c.state());
    }
    if (c.county() != null) {
      return dataset.zipsInCounty(c.county(), c.state());
    }
    return dataset.zipsInState(c.state());
  }

  private boolean matches(Property p, SearchCriteria c) {
    if (c.state() != null && !c.state().equals(p.state())) {
      return false;
    }
    if (c.city() != null && !c.city().equals(AddressStandardizer.cityKey(p.city()))) {
      return false;
    }
    if (c.county() != null && !c.county().equals(Keys.county(p.county()))) {
      return false;
    }
    if (c.propertyType() != null && !c.propertyType().equals(p.propertyType())) {
      return false;
    }
    if (!within(p.bedrooms(), c.bedsMin(), c.bedsMax())
        || !within(p.bathrooms(), c.bathsMin(), c.bathsMax())
        || !within(p.livingSqft(), c.sqftMin(), c.sqftMax())) {
      return false;
    }
    if ((c.yearBuiltMin() != null || c.yearBuiltMax() != null)
        && (p.yearBuilt() == null || !within(p.yearBuilt(), c.yearBuiltMin(), c.yearBuiltMax()))) {
      return false;
    }
    if (c.ownerOccupied() != null && c.ownerOccupied() != p.ownerOccupied()) {
      return false;
    }
    if (c.absenteeOwner() != null && c.absenteeOwner() != p.absenteeOwner()) {
      return false;
    }
    if (c.lastSaleFrom() != null || c.lastSaleTo() != null) {
      PropertyDetails.Sale last = p.lastSale();
      if (last == null || !within(last.date(), c.lastSaleFrom(), c.lastSaleTo())) {
        return false;
      }
    }
    boolean valueRange = c.valueMin() != null || c.valueMax() != null;
    boolean equityRange = c.equityMin() != null || c.equityMax() != null;
    if (valueRange || equityRange) {
      Optional<ComparableSalesModel.Estimate> estimate = model.estimate(p);
      if (estimate.isEmpty()) {
        return false;
      }
      long value = estimate.get().value();
      if (valueRange && !within(value, c.valueMin(), c.valueMax())) {
        return false;
      }
      if (equityRange && !within(value - model.openBalance(p), c.equityMin(), c.equityMax())) {
        return false;
      }
    }
    return true;
  }

  private PropertySummary summary(Property p) {
    Optional<ComparableSalesModel.Estimate> estimate = model.estimate(p);
    Long value = estimate.map(ComparableSalesModel.Estimate::value).orElse(null);
    Long equity = value == null ? null : value - model.openBalance(p);
    PropertyDetails.Sale last = p.lastSale();
    return new PropertySummary(p.propertyId(), p.address(), p.county(), p.propertyType(),
        p.bedrooms(), p.bathrooms(), p.livingSqft(), p.yearBuilt(), value, equity,
        p.ownerOccupied(), p.absenteeOwner(), last == null ? null : last.date(),
        last == null ? null : last.price(), p.latitude(), p.longitude());
  }

  /** The criteria with their place names in the indexes' form (blank means absent). */
  static SearchCriteria normalize(SearchCriteria c) {
    return new SearchCriteria(trim(c.zip()),
        blank(c.city()) ? null : AddressStandardizer.cityKey(c.city()),
        blank(c.state()) ? null : c.state().trim().toUpperCase(Locale.ROOT),
        blank(c.county()) ? null : Keys.county(c.county()),
        c.propertyType(), c.bedsMin(), c.bedsMax(), c.bathsMin(), c.bathsMax(), c.sqftMin(),
        c.sqftMax(), c.yearBuiltMin(), c.yearBuiltMax(), c.valueMin(), c.valueMax(), c.equityMin(),
        c.equityMax(), c.ownerOccupied(), c.absenteeOwner(), c.lastSaleFrom(), c.lastSaleTo());
  }

  private static <T extends Comparable<T>> boolean within(T v, T min, T max) {
    return (min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0);
  }

  private static boolean within(double v, Double min, Double max) {
    return (min == null || v >= min) && (max == null || v <= max);
  }

  private static boolean within(long v, Number min, Number max) {
    return (min == null || v >= min.longValue()) && (max == null || v <= max.longValue());
  }

  private static boolean within(LocalDate v, LocalDate min, LocalDate max) {
    return (min == null || !v.isBefore(min)) && (max == null || !v.isAfter(max));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String trim(String s) {
    return blank(s) ? null : s.trim();
  }
}
