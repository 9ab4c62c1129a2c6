package dev.bulkestate.processors.data;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.processors.address.AddressIssue;
import dev.bulkestate.processors.address.AddressKind;
import dev.bulkestate.processors.address.AddressStandardizer;
import dev.bulkestate.processors.address.ParsedAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the property a record means, written once for property details, valuations and skip
 * trace. Thread-safe.
 *
 * <p>A {@link PropertyRef} is resolved by the first identifier it has, in this order:
 * {@code property_id}, then {@code apn} with {@code county} and {@code state}, then
 * {@code address}. An address is standardized (USPS Publication 28) and looked up by its primary
 * line and ZIP code; without a ZIP, in the ZIP codes of its city and state. When several units
 * share the primary line the unit decides; without a unit the match is ambiguous.
 */
public final class PropertyResolver {
  /** How many candidate ids an {@code AMBIGUOUS_MATCH} lists at most. */
  static final int MAX_CANDIDATES = 10;

  private final PropertyDataset dataset;
  private final AddressStandardizer standardizer;

  public PropertyResolver(PropertyDataset dataset, AddressStandardizer standardizer) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.standardizer = Objects.requireNonNull(standardizer, "standardizer");
  }

  /** The dataset looked in. */
  public PropertyDataset dataset() {
    return dataset;
  }

  /**
   * The outcome of a look-up: a property (with warnings about what was overlooked to find it) or
   * the error to fail the record with.
   */
  public record Resolution(Property property, ApiError error, List<String> warnings) {
    public Resolution {
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    static Resolution found(Property property) {
      return new Resolution(property, null, List.of());
    }

    static Resolution failed(ApiError error) {
      return new Resolution(null, error, List.of());
    }

    public boolean isFound() {
      return property != null;
    }
  }

  /** Resolves a property reference as the class comment says. */
  public Resolution resolve(PropertyRef ref) {
    // A reference without a usable identifier fails as the request model says (e.g. an APN
    // without its county), before any look-up.
    Optional<ApiError> problem = ref.problem();
    if (problem.isPresent()) {
      return Resolution.failed(problem.get());
    }
    if (present(ref.propertyId())) {
      String id = ref.propertyId().trim();
      return dataset.byId(id).or(() -> dataset.byId(id.toUpperCase(Locale.ROOT)))
          .map(Resolution::found)
          .orElseGet(() -> Resolution.failed(notFound("property_id",
              "No property with property_id " + id)));
    }
    if (present(ref.apn())) {
      return dataset.byApn(ref.apn(), ref.county(), ref.state())
          .map(Resolution::found)
          .orElseGet(() -> Resolution.failed(notFound("apn", "No parcel " + ref.apn().trim()
              + " in " + ref.county() + " county, " + ref.state())));
    }
    if (present(ref.address())) {
      return resolveAddress(standardizer.parse(ref.address()), "address");
    }
    throw new IllegalStateException("PropertyRef.problem() accepted a reference without identifier");
  }

  /**
   * The normalized identity of a reference, for result caching: equal for references that
   * {@link #resolve} necessarily treats alike ({@code "123 Main Street, Austin TX 78701"} and
   * {@code "123 MAIN ST AUSTIN TX 78701"}); null for a reference that identifies nothing.
   */
  public String key(PropertyRef ref) {
    if (ref.problem().isPresent()) {
      return null;
    }
    if (present(ref.propertyId())) {
      return "id:" + ref.propertyId().trim();
    }
    if (present(ref.apn())) {
      return "apn:" + Keys.apn(ref.apn(), ref.county(), ref.state());
    }
    if (present(ref.address())) {
      return "address:" + addressKey(standardizer.parse(ref.address()));
    }
    return null;
  }

  /** A parsed address's normalized identity (delivery line and last line). */
  public static String addressKey(ParsedAddress a) {
    return a.deliveryLine() + "|" + a.zip5() + "|" + AddressStandardizer.cityKey(a.city()) + "|"
        + a.state();
  }

  /**
   * Resolves a standardized address.
   *
   * @param field the input field the address came from, named in errors
   */
  public Resolution resolveAddress(ParsedAddress a, String field) {
    ApiError invalid = invalid(a, field);
    if (invalid != null) {
      return Resolution.failed(invalid);
    }
    String primary = a.primaryLine();
    List<Property> at;
    if (a.zip5() != null) {
      at = dataset.atAddress(primary, a.zip5());
    } else {
      at = new ArrayList<>(2);
      for (String zip : dataset.zipsInCity(a.city(), a.state())) {
        at.addAll(dataset.atAddress(primary, zip));
      }
    }
    if (at.isEmpty()) {
      return Resolution.failed(notFound(field, "No property at " + a.deliveryLine() + ", "
          + a.lastLine()));
    }
    String unit = Keys.unitNumber(a.unit());
    if (unit != null) {
      for (Property p : at) {
        if (unit.equals(Keys.unitNumber(p.unit()))) {
          return Resolution.found(p);
        }
      }
      if (at.size() == 1 && at.get(0).unit() == null) {
        return new Resolution(at.get(0), null, List.of("Unit " + a.unit()
            + " is not on record; matched " + primary + " without it"));
      }
      return Resolution.failed(notFound(field, "No unit " + a.unit() + " at " + primary
          + "; units on record: " + units(at)));
    }
    if (at.size() == 1) {
      return Resolution.found(at.get(0));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("field", field);
    details.put("issue", at.size() + " properties at " + primary + "; give the unit");
    details.put("matches", at.size());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < Math.min(MAX_CANDIDATES, at.size()); i++) {
      ids.add(at.get(i).propertyId());
    }
    details.put("property_ids", ids);
    return Resolution.failed(new ApiError(ErrorCode.AMBIGUOUS_MATCH,
        "The address matches " + at.size() + " properties", details));
  }

  /** An INVALID_ADDRESS error when the address cannot identify a property, else null. */
  public static ApiError invalid(ParsedAddress a, String field) {
    for (AddressIssue issue : List.of(AddressIssue.MISSING_STREET, AddressIssue.MISSING_NUMBER,
        AddressIssue.MISSING_STREET_NAME)) {
      if (a.has(issue)) {
        return ApiError.field(ErrorCode.INVALID_ADDRESS, "Address format is invalid", field,
            issue.message());
      }
    }
    if (a.primaryLine() == null) {
      return ApiError.field(ErrorCode.INVALID_ADDRESS, "Address format is invalid", field,
          AddressIssue.MISSING_STREET.message());
    }
    if (a.kind() == AddressKind.PO_BOX) {
      return ApiError.field(ErrorCode.INVALID_ADDRESS, "Address format is invalid", field,
          "A " + a.primaryLine() + " address is a mailing address, not a property");
    }
    if (a.zip5() == null && (a.city() == null || a.state() == null)) {
      return ApiError.field(ErrorCode.INVALID_ADDRESS, "Address format is invalid", field,
          "Missing ZIP code (or city and state)");
    }
    return null;
  }

  private static String units(List<Property> at) {
    StringBuilder out = new StringBuilder();
    for (Property p : at) {
      if (p.unit() != null) {
        if (out.length() > 0) {
          out.append(", ");
        }
        out.append(p.unit());
      }
    }
    return out.length() == 0 ? "none" : out.toString();
  }

  private static ApiError notFound(String field, String issue) {
    return ApiError.field(ErrorCode.PROPERTY_NOT_FOUND, "Property not found in database", field, issue);
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
