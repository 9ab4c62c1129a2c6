package dev.bulkestate.processors.data;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A recorded mortgage.
 *
 * @param lender the lender
 * @param amount original principal in dollars
 * @param date recording date (the first payment is a month later)
 * @param interestRate annual rate in percent
 * @param termYears term in years
 */
public record MortgageRecord(
    String lender, long amount, LocalDate date, double interestRate, int termYears) {

  /**
   * The principal left on {@code asOf} by a fixed-rate, level-payment schedule: with monthly rate
   * {@code r}, {@code n} payments and {@code k} made, the balance is
   * {@code P((1+r)^n - (1+r)^k) / ((1+r)^n - 1)}. Zero once the term is over.
   */
  public long balanceOn(LocalDate asOf) {
    long paid = Math.max(0, ChronoUnit.MONTHS.between(date, asOf));
    int n = termYears * 12;
    if (paid >= n) {
      return 0;
    }
    double r = interestRate / 100.0 / 12.0;
    if (r == 0) {
      return Math.round(amount * (1.0 - (double) paid / n));
    }
    double growthN = Math.pow(1 + r, n);
    double growthK = Math.pow(1 + r, paid);
    return Math.round(amount * (growthN - growthK) / (growthN - 1));
  }
}
