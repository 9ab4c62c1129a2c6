package dev.bulkestate.core;

import java.time.LocalDate;
import java.util.List;

/**
 * The caller's credit balance and how it was spent ({@code GET /account/usage}).
 *
 * @param availableCredits the balance not reserved by running jobs
 * @param reservedCredits credits reserved by running jobs
 * @param usedCredits credits charged, in all
 * @param usage charged credits per day (UTC) and job type, oldest first
 */
public record CreditUsage(Long availableCredits, Long reservedCredits, Long usedCredits,
    List<Entry> usage) {

  public CreditUsage {
    usage = usage == null ? List.of() : List.copyOf(usage);
  }

  /** Credits charged on one day for one job type. */
  public record Entry(LocalDate date, JobType jobType, Long credits, Integer records) {}
}
