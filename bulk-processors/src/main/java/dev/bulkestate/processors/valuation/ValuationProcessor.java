package dev.bulkestate.processors.valuation;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.data.Valuation;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.ValuationOptions;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Valuations: finds the property (see {@link PropertyResolver}) and values it with the
 * {@link ComparableSalesModel}: estimate, range, confidence score, the comparables used (when
 * {@code include_comparables}), and a monthly rent (when {@code include_rental_estimate}).
 *
 * <p>A record is {@code partial}, with a warning, when fewer than
 * {@value ComparableSalesModel#THIN_COMPARABLES} sales support the estimate, or when a rent was
 * asked for land; it fails with {@code INSUFFICIENT_DATA} when no comparable sale exists, and with
 * the resolver's errors when the property is not found. Thread-safe.
 *
 * <p>The rental estimate is {@code value x ratio}, with a monthly rent-to-value ratio of 0.85% at
 * $100,000 or less falling log-linearly to 0.45% at $1,000,000 or more (cheaper homes rent for
 * more of their value), over the same relative range as the value. The dataset holds no leases,
 * so the rent is derived from the value, not from rental comparables.
 */
public final class ValuationProcessor implements RecordProcessor<ValuationsRequest, PropertyRef> {
  /** The {@code method} reported. */
  public static final String METHOD = "comparable_sales";

  private final PropertyResolver resolver;
  private final ComparableSalesModel model;

  public ValuationProcessor(PropertyResolver resolver, ComparableSalesModel model) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public JobType type() {
    return JobType.VALUATIONS;
  }

  @Override
  public RecordResult process(PropertyRef ref, ValuationsRequest request) {
    PropertyResolver.Resolution found = resolver.resolve(ref);
    if (!found.isFound()) {
      return RecordResult.failed(ref.id(), found.error());
    }
    Property p = found.property();
    Optional<ComparableSalesModel.Estimate> estimate = model.estimate(p);
    if (estimate.isEmpty()) {
      return RecordResult.failed(ref.id(), ApiError.field(ErrorCode.INSUFFICIENT_DATA,
          "No comparable sales to value the property", "property",
          "No " + p.propertyType() + " sold within " + (int) ComparableSalesModel.MAX_RADIUS_MILES
              + " miles in the last " + ComparableSalesModel.LONG_LOOKBACK_MONTHS / 12 + " years"));
    }
    ComparableSalesModel.Estimate e = estimate.get();
    ValuationOptions options = request.optionsOrDefault();
    List<String> warnings = new ArrayList<>(found.warnings());
    if (e.thin()) {
      warnings.add("Only " + e.comparables().size() + " comparable sale"
          + (e.comparables().size() == 1 ? "" : "s") + " found; the estimate is less reliable");
    }
    List<Valuation.ComparableSale> comparables = null;
    if (options.comparablesOrDefault()) {
      int n = Math.min(options.maxComparablesOrDefault(), e.comparables().size());
      comparables = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ComparableSalesModel.UsedSale c = e.comparables().get(i);
        Property cp = c.property();
        comparables.add(new Valuation.ComparableSale(cp.propertyId(), cp.address(),
            round(c.distanceMiles(), 100), cp.livingSqft(), cp.bedrooms(), cp.bathrooms(),
            cp.yearBuilt(), c.sale().price(), c.sale().date(),
            ComparableSalesModel.roundTo(c.adjustedValue(), 100), round(c.similarity(), 1000)));
      }
    }
    Valuation.RentalEstimate rent = null;
    if (options.rentalEstimateOrDefault()) {
      if (p.isLand()) {
        warnings.add("No rental estimate for land");
      } else {
        rent = rent(e);
      }
    }
    Valuation valuation = new Valuation(p.propertyId(), p.address(), e.value(), e.low(), e.high(),
        options.confidenceScoreOrDefault() ? e.confidence() : null, comparables, rent, METHOD,
        model.dataset().asOf());
    return warnings.isEmpty()
        ? RecordResult.success(ref.id(), valuation)
        : RecordResult.partial(ref.id(), valuation, warnings);
  }

  @Override
  public String cacheKey(PropertyRef ref, ValuationsRequest request) {
    String key = resolver.key(ref);
    if (key == null) {
      return null;
    }
    ValuationOptions o = request.optionsOrDefault();
    return "valuations|" + key + "|" + o.confidenceScoreOrDefault() + ","
        + o.comparablesOrDefault() + "," + o.rentalEstimateOrDefault() + ","
        + o.maxComparablesOrDefault();
  }

  /** The monthly rent-to-value ratio at a value, as the class comment says. */
  static double rentRatio(long value) {
    double lo = Math.log(100_000);
    double hi = Math.log(1_000_000);
    double t = (Math.log(Math.max(1, value)) - lo) / (hi - lo);
    t = Math.max(0, Math.min(1, t));
    return 0.0085 + t * (0.0045 - 0.0085);
  }

  private static Valuation.RentalEstimate rent(ComparableSalesModel.Estimate e) {
    double ratio = rentRatio(e.value());
    long monthly = ComparableSalesModel.roundTo(e.value() * ratio, 5);
    double h = (e.high() - e.value()) / (double) e.value();
    return new Valuation.RentalEstimate(monthly, ComparableSalesModel.roundTo(monthly * (1 - h), 5),
        ComparableSalesModel.roundTo(monthly * (1 + h), 5));
  }

  private static double round(double v, int scale) {
    return Math.round(v * scale) / (double) scale;
  }
}
