package dev.bulkestate.engine;

import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.JobType;
import java.time.LocalDate;

/**
 * Credit balances, reservations and charges per API key (DESIGN.md section 4). A job reserves its
 * estimate when accepted, is charged per success or partial record, and gives the unused
 * reservation back when it ends. A charge is keyed by (job, record), so no record is charged twice.
 * Implementations are thread-safe; a database-backed one keeps the same contract in transactions.
 */
public interface CreditLedger {

  /** Sets the credits {@code apiKey} may still reserve (not counting running reservations). */
  void setBalance(String apiKey, long credits);

  /** The credits {@code apiKey} may still reserve. */
  long available(String apiKey);

  /**
   * Moves {@code credits} from the key's balance to a reservation for {@code jobId}, all or nothing.
   *
   * @return true when reserved; false when the balance is short (nothing changes)
   */
  boolean reserve(String apiKey, String jobId, long credits);

  /**
   * Charges record {@code recordIndex} of {@code jobId}, taking the credits from the job's
   * reservation (from the balance once it is used up).
   *
   * @return the credits charged: {@code credits}, or 0 when this record was charged before
   */
  long charge(String apiKey, String jobId, JobType type, int recordIndex, long credits, LocalDate day);

  /** Gives what is left of the job's reservation back to the balance; returns that amount. */
  long release(String apiKey, String jobId);

  /** Credits charged for {@code jobId} so far. */
  long chargedFor(String jobId);

  /** The key's balance, reservations and charges by day and job type. */
  CreditUsage usage(String apiKey);

  /** The job left retention: its per-record charge marks may be dropped (balances stay). */
  default void forget(String jobId) {}
}
