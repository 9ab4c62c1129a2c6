package dev.bulkestate.core.data;

import java.time.LocalDate;

/**
 * One property in a search result: enough to decide whether to ask for its details.
 *
 * @param propertyId the dataset's id
 * @param address the situs address
 * @param county the county
 * @param propertyType see {@link PropertyDetails#propertyType()}
 * @param bedrooms bedrooms
 * @param bathrooms bathrooms
 * @param livingSqft living area in square feet
 * @param yearBuilt the year built, or null
 * @param estimatedValue the automated value estimate, or null when none could be made
 * @param estimatedEquity the estimate minus the open mortgage balances, or null
 * @param ownerOccupied true when an owner lives there
 * @param absenteeOwner true when no owner lives there
 * @param lastSaleDate the date of the last recorded sale, or null
 * @param lastSalePrice its price, or null
 * @param latitude degrees north
 * @param longitude degrees east
 */
public record PropertySummary(
    String propertyId, Address address, String county, String propertyType, int bedrooms,
    double bathrooms, int livingSqft, Integer yearBuilt, Long estimatedValue, Long estimatedEquity,
    boolean ownerOccupied, boolean absenteeOwner, LocalDate lastSaleDate, Long lastSalePrice,
    double latitude, double longitude) {}
