package dev.bulkestate.engine;

import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.JobType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default {@link CreditLedger}: one lock, exact arithmetic. A key it has not seen starts with
 * the configured default balance.
 */
public final class InMemoryCreditLedger implements CreditLedger {
  private final long defaultCredits;
  private final Map<String, Account> accounts = new HashMap<>();
  private final Map<String, Reservation> reservations = new HashMap<>();
  private final Map<String, Long> chargedByJob = new HashMap<>();

  /** A ledger where unknown keys start with {@code defaultCredits}. */
  public InMemoryCreditLedger(long defaultCredits) {
    if (defaultCredits < 0) {
      throw new IllegalArgumentException("defaultCredits must be >= 0");
    }
    this.defaultCredits = defaultCredits;
  }

  private static final class Account {
    long available;
    long reserved;
    long used;
    // (day, type) -> [credits, records], sorted by day then type for the usage report
    final Map<LocalDate, Map<String, long[]>> byDay = new TreeMap<>();

    Account(long available) {
      this.available = available;
    }
  }

  private static final class Reservation {
    final String apiKey;
    long remaining;
    // Charged record indexes; a BitSet keeps 10,000 records in about 1.2 KB.
    final BitSet charged = new BitSet();

    Reservation(String apiKey, long remaining) {
      this.apiKey = apiKey;
      this.remaining = remaining;
    }
  }

  private Account account(String apiKey) {
    return accounts.computeIfAbsent(apiKey, k -> new Account(defaultCredits));
  }

  @Override
  public synchronized void setBalance(String apiKey, long credits) {
    if (credits < 0) {
      throw new IllegalArgumentException("credits must be >= 0");
    }
    account(apiKey).available = credits;
  }

  @Override
  public synchronized long available(String apiKey) {
    return account(apiKey).available;
  }

  @Override
  public synchronized boolean reserve(String apiKey, String jobId, long credits) {
    if (credits < 0) {
      throw new IllegalArgumentException("credits must be >= 0");
    }
    if (reservations.containsKey(jobId)) {
      throw new IllegalStateException("Job " + jobId + " already holds a reservation");
    }
    Account account = account(apiKey);
    if (account.available < credits) {
      return false;
    }
    account.available -= credits;
    account.reserved += credits;
    reservations.put(jobId, new Reservation(apiKey, credits));
    return true;
  }

  @Override
  public synchronized long charge(String apiKey, String jobId, JobType type, int recordIndex,
      long credits, LocalDate day) {
    Reservation reservation = reservations.get(jobId);
    if (reservation == null) {
      throw new IllegalStateException("Job " + jobId + " holds no reservation");
    }
    if (reservation.charged.get(recordIndex)) {
      return 0;
    }
    reservation.charged.set(recordIndex);
    Account account = account(apiKey);
    long fromReservation = Math.min(credits, reservation.remaining);
    reservation.remaining -= fromReservation;
    account.reserved -= fromReservation;
    account.available -= credits - fromReservation;
    account.used += credits;
    long[] cell = account.byDay.computeIfAbsent(day, d -> new TreeMap<>())
        .computeIfAbsent(type.value(), t -> new long[2]);
    cell[0] += credits;
    cell[1] += 1;
    chargedByJob.merge(jobId, credits, Long::sum);
    return credits;
  }

  @Override
  public synchronized long release(String apiKey, String jobId) {
    Reservation reservation = reservations.get(jobId);
    if (reservation == null) {
      return 0;
    }
    long released = reservation.remaining;
    reservation.remaining = 0;
    Account account = account(reservation.apiKey);
    account.reserved -= released;
    account.available += released;
    return released;
  }

  @Override
  public synchronized long chargedFor(String jobId) {
    return chargedByJob.getOrDefault(jobId, 0L);
  }

  @Override
  public synchronized CreditUsage usage(String apiKey) {
    Account account = account(apiKey);
    List<CreditUsage.Entry> entries = new ArrayList<>();
    account.byDay.forEach((day, types) -> types.forEach((type, cell) ->
        entries.add(new CreditUsage.Entry(day, JobType.of(type), cell[0], (int) cell[1]))));
    entries.sort(Comparator.comparing(CreditUsage.Entry::date));
    return new CreditUsage(account.available, account.reserved, account.used, entries);
  }

  @Override
  public synchronized void forget(String jobId) {
    Reservation reservation = reservations.get(jobId);
    if (reservation != null && reservation.remaining == 0) {
      reservations.remove(jobId);
      chargedByJob.remove(jobId);
    }
  }
}
