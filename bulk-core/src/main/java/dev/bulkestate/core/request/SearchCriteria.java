package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What a property search matches. A location is required: a {@code zip}, a {@code state}
 * (optionally narrowed by {@code city} or {@code county}). Every other field narrows the match;
 * ranges are inclusive and either end may be open.
 */
public record SearchCriteria(
    String zip, String city, String state, String county,
    String propertyType,
    Integer bedsMin, Integer bedsMax,
    Double bathsMin, Double bathsMax,
    Integer sqftMin, Integer sqftMax,
    Integer yearBuiltMin, Integer yearBuiltMax,
    Long valueMin, Long valueMax,
    Long equityMin, Long equityMax,
    Boolean ownerOccupied, Boolean absenteeOwner,
    LocalDate lastSaleFrom, LocalDate lastSaleTo) {

  /** Property types the generator and the search know. */
  public static final java.util.List<String> PROPERTY_TYPES = java.util.List.of(
      "single_family", "condo", "townhouse", "multi_family", "mobile_home", "land");

  /** Criteria with only a ZIP code. */
  public static SearchCriteria zip(String zip) {
    return builder().zip(zip).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  Optional<ApiError> problem() {
    boolean located = Texts.present(zip) || Texts.present(state);
    if (!located) {
      return Optional.of(ApiError.field(ErrorCode.INSUFFICIENT_DATA,
          "A search needs a location", "criteria.zip", "Give a zip or a state (with city or county)"));
    }
    if (propertyType != null && !PROPERTY_TYPES.contains(propertyType)) {
      return range("criteria.property_type", "Unknown property_type; known: " + PROPERTY_TYPES);
    }
    if (inverted(bedsMin, bedsMax)) {
      return range("criteria.beds_min", "beds_min is above beds_max");
    }
    if (inverted(bathsMin, bathsMax)) {
      return range("criteria.baths_min", "baths_min is above baths_max");
    }
    if (inverted(sqftMin, sqftMax)) {
      return range("criteria.sqft_min", "sqft_min is above sqft_max");
    }
    if (inverted(yearBuiltMin, yearBuiltMax)) {
      return range("criteria.year_built_min", "year_built_min is above year_built_max");
    }
    if (inverted(valueMin, valueMax)) {
      return range("criteria.value_min", "value_min is above value_max");
    }
    if (inverted(equityMin, equityMax)) {
      return range("criteria.equity_min", "equity_min is above equity_max");
    }
    if (inverted(lastSaleFrom, lastSaleTo)) {
      return range("criteria.last_sale_from", "last_sale_from is after last_sale_to");
    }
    return Optional.empty();
  }

  private static <T extends Comparable<T>> boolean inverted(T min, T max) {
    return min != null && max != null && min.compareTo(max) > 0;
  }

  private static Optional<ApiError> range(String field, String issue) {
    return Optional.of(ApiError.field(ErrorCode.VALIDATION_ERROR, issue, field, issue));
  }

  /** Builds {@link SearchCriteria}; unset fields do not narrow the search. */
  public static final class Builder {
    private String zip, city, state, county, propertyType;
    private Integer bedsMin, bedsMax, sqftMin, sqftMax, yearBuiltMin, yearBuiltMax;
    private Double bathsMin, bathsMax;
    private Long valueMin, valueMax, equityMin, equityMax;
    private Boolean ownerOccupied, absenteeOwner;
    private LocalDate lastSaleFrom, lastSaleTo;

    public Builder zip(String v) { zip = v; return this; }
    public Builder city(String v) { city = v; return this; }
    public Builder state(String v) { state = v; return this; }
    public Builder county(String v) { county = v; return this; }
    public Builder propertyType(String v) { propertyType = v; return this; }
    public Builder beds(Integer min, Integer max) { bedsMin = min; bedsMax = max; return this; }
    public Builder baths(Double min, Double max) { bathsMin = min; bathsMax = max; return this; }
    public Builder sqft(Integer min, Integer max) { sqftMin = min; sqftMax = max; return this; }
    public Builder yearBuilt(Integer min, Integer max) { yearBuiltMin = min; yearBuiltMax = max; return this; }
    public Builder value(Long min, Long max) { valueMin = min; valueMax = max; return this; }
    public Builder equity(Long min, Long max) { equityMin = min; equityMax = max; return this; }
    public Builder ownerOccupied(Boolean v) { ownerOccupied = v; return this; }
    public Builder absenteeOwner(Boolean v) { absenteeOwner = v; return this; }
    public Builder lastSale(LocalDate from, LocalDate to) { lastSaleFrom = from; lastSaleTo = to; return this; }

    public SearchCriteria build() {
      return new SearchCriteria(zip, city, state, county, propertyType, bedsMin, bedsMax,
          bathsMin, bathsMax, sqftMin, sqftMax, yearBuiltMin, yearBuiltMax, valueMin, valueMax,
          equityMin, equityMax, ownerOccupied, absenteeOwner, lastSaleFrom, lastSaleTo);
    }
  }
}
