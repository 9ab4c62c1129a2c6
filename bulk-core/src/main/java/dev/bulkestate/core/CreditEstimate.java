package dev.bulkestate.core;

/**
 * What a job would cost, charged nothing ({@code POST /bulk/{type}/estimate}).
 *
 * @param jobType the type of job
 * @param totalRecords records in the request
 * @param validRecords records with a usable identifier and a unique id
 * @param invalidRecords records that would fail on their own (no usable identifier)
 * @param duplicateRecords records whose input repeats an earlier record's input
 * @param creditsEstimated the credits that would be reserved (valid records times the price)
 * @param availableCredits the key's balance now
 */
public record CreditEstimate(
    JobType jobType, Integer totalRecords, Integer validRecords, Integer invalidRecords,
    Integer duplicateRecords, Long creditsEstimated, Long availableCredits) {}
