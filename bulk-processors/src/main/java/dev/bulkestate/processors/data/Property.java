package dev.bulkestate.processors.data;

import dev.bulkestate.core.data.Address;
import dev.bulkestate.core.data.PropertyDetails;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One property of a {@link PropertyDataset}: its parcel, address, building, owners and records.
 * The address is held in USPS Publication 28 form ({@code 123 N MAIN ST}, unit {@code APT 4}),
 * the form the address standardizer produces, so that a normalized input finds it.
 *
 * @param propertyId the dataset's unique id
 * @param apn the assessor's parcel number, unique within its county and state
 * @param county the county (as the ZIP table names it, e.g. {@code Travis})
 * @param state the two-letter state code
 * @param zip5 the 5-digit ZIP code
 * @param zip4 the ZIP+4 add-on, or null
 * @param primaryLine number, directionals, street name and suffix: {@code 123 N MAIN ST}
 * @param unit the secondary unit, designator and number ({@code APT 4}), or null
 * @param city the city, upper case
 * @param latitude degrees north
 * @param longitude degrees east
 * @param propertyType one of {@code SearchCriteria.PROPERTY_TYPES}
 * @param bedrooms bedrooms
 * @param bathrooms bathrooms
 * @param livingSqft living area in square feet (0 for land)
 * @param lotSqft lot size in square feet
 * @param yearBuilt year built, or null for land
 * @param stories stories
 * @param units dwelling units
 * @param owners owners of record
 * @param ownerOccupied true when an owner lives there
 * @param mailingAddress where the owners receive mail
 * @param ownedSince the date the current owners acquired it, or null
 * @param tax the latest assessment, or null
 * @param sales recorded sales, newest first
 * @param mortgages recorded open mortgages, newest first
 */
public record Property(
    String propertyId, String apn, String county, String state, String zip5, String zip4,
    String primaryLine, String unit, String city, double latitude, double longitude,
    String propertyType, int bedrooms, double bathrooms, int livingSqft, int lotSqft,
    Integer yearBuilt, int stories, int units, List<Owner> owners, boolean ownerOccupied,
    Address mailingAddress, LocalDate ownedSince, PropertyDetails.Tax tax,
    List<PropertyDetails.Sale> sales, List<MortgageRecord> mortgages) {

  public Property {
    Objects.requireNonNull(propertyId, "propertyId");
    Objects.requireNonNull(zip5, "zip5");
    Objects.requireNonNull(primaryLine, "primaryLine");
    owners = owners == null ? List.of() : List.copyOf(owners);
    sales = sales == null ? List.of() : List.copyOf(sales);
    mortgages = mortgages == null ? List.of() : List.copyOf(mortgages);
  }

  /** The situs address as result data carries it. */
  public Address address() {
    String line1 = unit == null ? primaryLine : primaryLine + " " + unit;
    return new Address(line1, null, city, state, zip5, zip4);
  }

  /** The newest recorded sale, or null. */
  public PropertyDetails.Sale lastSale() {
    return sales.isEmpty() ? null : sales.get(0);
  }

  /** True for a parcel without a dwelling. */
  public boolean isLand() {
    return "land".equals(propertyType);
  }

  /** True when no owner lives at the property. */
  public boolean absenteeOwner() {
    return !ownerOccupied;
  }
}
