package dev.bulkestate.core.data;

import java.time.LocalDate;
import java.util.List;

/**
 * The result of one property details record. Identification ({@code property_id}, {@code apn},
 * {@code address}) is always present; each section is present only when the request's
 * {@code options.include} asked for it (or named no section at all).
 *
 * @param propertyId the dataset's id of the property
 * @param apn the assessor's parcel number
 * @param county the county the parcel is recorded in
 * @param address the situs address
 * @param propertyType one of {@code single_family, condo, townhouse, multi_family, mobile_home, land}
 * @param ownership section {@code ownership}
 * @param tax section {@code tax}
 * @param sales section {@code sales}: recorded sales, newest first
 * @param mortgages section {@code mortgages}: open mortgages, newest first
 * @param valuation section {@code valuation}
 * @param demographics section {@code demographics}
 * @param building section {@code building}
 * @param location section {@code location}
 */
public record PropertyDetails(
    String propertyId, String apn, String county, Address address, String propertyType,
    Ownership ownership, Tax tax, List<Sale> sales, List<Mortgage> mortgages,
    ValuationSummary valuation, Demographics demographics, Building building, Location location) {

  public PropertyDetails {
    sales = sales == null ? null : List.copyOf(sales);
    mortgages = mortgages == null ? null : List.copyOf(mortgages);
  }

  /**
   * Who owns the property.
   *
   * @param owners the owners of record, people and companies
   * @param ownerOccupied true when an owner lives at the property
   * @param absenteeOwner true when no owner lives there (the mailing address is elsewhere)
   * @param mailingAddress where the owners receive mail
   * @param ownedSince the date of the deed that made them owners, or null when unknown
   */
  public record Ownership(
      List<Owner> owners, boolean ownerOccupied, boolean absenteeOwner, Address mailingAddress,
      LocalDate ownedSince) {
    public Ownership {
      owners = owners == null ? List.of() : List.copyOf(owners);
    }
  }

  /**
   * One owner of record.
   *
   * @param name the name as recorded ({@code JOHN A SMITH}, {@code OAK HOLDINGS LLC})
   * @param type {@code person} or {@code company}
   */
  public record Owner(String name, String type) {
    public static final String PERSON = "person";
    public static final String COMPANY = "company";
  }

  /**
   * The latest tax assessment.
   *
   * @param assessedValue the total assessed value
   * @param landValue the land part of it
   * @param improvementValue the building part of it
   * @param annualTax the tax billed for the year
   * @param taxYear the year of the assessment
   */
  public record Tax(
      long assessedValue, long landValue, long improvementValue, long annualTax, int taxYear) {}

  /**
   * A recorded sale.
   *
   * @param date the recording date
   * @param price the sale price in dollars
   * @param buyer the grantee(s)
   * @param seller the grantor(s)
   * @param documentType {@code warranty_deed}, {@code grant_deed}, {@code quitclaim_deed}...
   */
  public record Sale(LocalDate date, long price, String buyer, String seller, String documentType) {}

  /**
   * A mortgage recorded against the property.
   *
   * @param lender the lender
   * @param amount the original principal in dollars
   * @param date the recording date
   * @param interestRate the annual rate in percent ({@code 6.25})
   * @param termYears the term in years
   * @param estimatedBalance the principal left today by the amortization schedule
   */
  public record Mortgage(
      String lender, long amount, LocalDate date, double interestRate, int termYears,
      long estimatedBalance) {}

  /**
   * The automated valuation in brief (the valuations job gives the full one).
   *
   * @param estimatedValue the value estimate in dollars
   * @param low the low end of the likely range
   * @param high the high end of the likely range
   * @param confidenceScore 0..100, see the valuations job
   * @param estimatedEquity the estimate minus the open mortgage balances
   * @param asOf the date the estimate refers to
   */
  public record ValuationSummary(
      long estimatedValue, long low, long high, int confidenceScore, long estimatedEquity,
      LocalDate asOf) {}

  /**
   * Figures about the property's ZIP code. Counts and rates come from the dataset; population,
   * income and age are synthetic estimates derived deterministically from the ZIP and its values.
   *
   * @param zip the ZIP code
   * @param propertyCount properties of the dataset in the ZIP
   * @param ownerOccupiedRate share of those that are owner-occupied, 0..1
   * @param medianYearBuilt median year built in the ZIP
   * @param medianHomeValue median estimated value of the ZIP's homes
   * @param population estimated residents
   * @param medianHouseholdIncome estimated median household income in dollars
   * @param medianAge estimated median age of residents
   */
  public record Demographics(
      String zip, int propertyCount, double ownerOccupiedRate, int medianYearBuilt,
      long medianHomeValue, int population, long medianHouseholdIncome, double medianAge) {}

  /**
   * What is built on the parcel.
   *
   * @param propertyType see {@link PropertyDetails#propertyType()}
   * @param bedrooms bedrooms (0 for land)
   * @param bathrooms bathrooms, halves counted as .5
   * @param livingSqft living area in square feet (0 for land)
   * @param lotSqft lot size in square feet
   * @param yearBuilt the year built, or null for land
   * @param stories stories above ground
   * @param units dwelling units
   */
  public record Building(
      String propertyType, int bedrooms, double bathrooms, int livingSqft, int lotSqft,
      Integer yearBuilt, int stories, int units) {}

  /**
   * Where the parcel is.
   *
   * @param latitude degrees north
   * @param longitude degrees east (negative in the US)
   * @param county the county
   * @param state the two-letter state code
   * @param stateFips the state's two-digit FIPS code, or null when unknown
   */
  public record Location(
      double latitude, double longitude, String county, String state, String stateFips) {}
}
