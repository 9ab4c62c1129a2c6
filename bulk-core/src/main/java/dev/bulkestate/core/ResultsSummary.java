package dev.bulkestate.core;

/**
 * Totals of a job's results. {@code success_rate = successful / total_records} (partial records
 * count as neither successful nor failed; they are billed).
 */
public record ResultsSummary(
    Integer totalRecords, Integer successful, Integer failed, Double successRate,
    Long totalCreditsUsed, Integer partial) {}
