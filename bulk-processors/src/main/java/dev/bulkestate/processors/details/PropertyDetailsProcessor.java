package dev.bulkestate.processors.details;

import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.core.request.DetailsOptions;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.processors.data.MortgageRecord;
import dev.bulkestate.processors.data.Owner;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyResolver;
import dev.bulkestate.processors.valuation.ComparableSalesModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Property details: finds the property by {@code property_id}, {@code apn} + {@code county} +
 * {@code state}, or {@code address} (see {@link PropertyResolver}) and returns the sections of
 * {@link DetailsOptions#SECTIONS} that {@code options.include} asks for (all when it names none).
 *
 * <p>Fails a record with {@code PROPERTY_NOT_FOUND}, {@code AMBIGUOUS_MATCH} (an address without
 * a unit at a building of several units), {@code INVALID_ADDRESS} or {@code INSUFFICIENT_DATA}.
 * A record is {@code partial} when a unit had to be overlooked to find the property, or when the
 * valuation section was asked but no comparable sale supports an estimate. Thread-safe.
 */
public final class PropertyDetailsProcessor
    implements RecordProcessor<PropertyDetailsRequest, PropertyRef> {
  private final PropertyResolver resolver;
  private final ComparableSalesModel model;
  private final ZipDemographics demographics;
  private final LocalDate asOf;

  public PropertyDetailsProcessor(PropertyResolver resolver, ComparableSalesModel model,
      ZipDemographics demographics) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.model = Objects.requireNonNull(model, "model");
    this.demographics = Objects.requireNonNull(demographics, "demographics");
    this.asOf = resolver.dataset().asOf();
  }

  @Override
  public JobType type() {
    return JobType.PROPERTY_DETAILS;
  }

  @Override
  public RecordResult process(PropertyRef ref, PropertyDetailsRequest request) {
    PropertyResolver.Resolution found = resolver.resolve(ref);
    if (!found.isFound()) {
      return RecordResult.failed(ref.id(), found.error());
    }
    Property p = found.property();
    DetailsOptions options = request.optionsOrDefault();
    List<String> warnings = new ArrayList<>(found.warnings());

    PropertyDetails.ValuationSummary valuation = null;
    if (options.includes("valuation")) {
      Optional<ComparableSalesModel.Estimate> estimate = model.estimate(p);
      if (estimate.isPresent()) {
        ComparableSalesModel.Estimate e = estimate.get();
        valuation = new PropertyDetails.ValuationSummary(e.value(), e.low(), e.high(),
            e.confidence(), e.value() - model.openBalance(p), asOf);
      } else {
        warnings.add("No valuation: no comparable sales nearby");
      }
    }
    PropertyDetails details = new PropertyDetails(p.propertyId(), p.apn(), p.county(), p.address(),
        p.propertyType(),
        options.includes("ownership") ? ownership(p) : null,
        options.includes("tax") ? p.tax() : null,
        options.includes("sales") ? p.sales() : null,
        options.includes("mortgages") ? mortgages(p) : null,
        valuation,
        options.includes("demographics") ? demographics.of(p.zip5()) : null,
        options.includes("building") ? building(p) : null,
        options.includes("location") ? new PropertyDetails.Location(p.latitude(), p.longitude(),
            p.county(), p.state(), StateFips.of(p.state())) : null);
    return warnings.isEmpty()
        ? RecordResult.success(ref.id(), details)
        : RecordResult.partial(ref.id(), details, warnings);
  }

  /** The normalized reference and the sections asked, in a stable order. */
  @Override
  public String cacheKey(PropertyRef ref, PropertyDetailsRequest request) {
    String key = resolver.key(ref);
    if (key == null) {
      return null;
    }
    DetailsOptions options = request.optionsOrDefault();
    List<String> include = options.include();
    String sections = include == null || include.isEmpty()
        ? "all" : String.join(",", new TreeSet<>(include));
    return "property-details|" + key + "|" + sections;
  }

  private static PropertyDetails.Ownership ownership(Property p) {
    List<PropertyDetails.Owner> owners = new ArrayList<>(p.owners().size());
    for (Owner owner : p.owners()) {
      owners.add(new PropertyDetails.Owner(owner.name(), owner.type()));
    }
    return new PropertyDetails.Ownership(owners, p.ownerOccupied(), p.absenteeOwner(),
        p.mailingAddress(), p.ownedSince());
  }

  private List<PropertyDetails.Mortgage> mortgages(Property p) {
    List<PropertyDetails.Mortgage> out = new ArrayList<>(p.mortgages().size());
    for (MortgageRecord m : p.mortgages()) {
      out.add(new PropertyDetails.Mortgage(m.lender(), m.amount(), m.date(), m.interestRate(),
          m.termYears(), m.balanceOn(asOf)));
    }
    return out;
  }

  private static PropertyDetails.Building building(Property p) {
    return new PropertyDetails.Building(p.propertyType(), p.bedrooms(), p.bathrooms(),
        p.livingSqft(), p.lotSqft(), p.yearBuilt(), p.stories(), p.units());
  }
}
