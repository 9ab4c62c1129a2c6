package dev.bulkestate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.JobType;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InMemoryCreditLedgerTest {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);

  @Test
  void reserveChargeReleaseArithmetic() {
    InMemoryCreditLedger ledger = new InMemoryCreditLedger(0);
    ledger.setBalance("k", 100);
    assertThat(ledger.reserve("k", "j1", 30)).isTrue();
    assertThat(ledger.available("k")).isEqualTo(70);
    assertThat(ledger.charge("k", "j1", JobType.VALUATIONS, 0, 1, DAY1)).isEqualTo(1);
    assertThat(ledger.charge("k", "j1", JobType.VALUATIONS, 1, 1, DAY1)).isEqualTo(1);
    // The same record again is not charged.
    assertThat(ledger.charge("k", "j1", JobType.VALUATIONS, 1, 1, DAY1)).isZero();
    CreditUsage mid = ledger.usage("k");
    assertThat(mid.availableCredits()).isEqualTo(70);
    assertThat(mid.reservedCredits()).isEqualTo(28);
    assertThat(mid.usedCredits()).isEqualTo(2);
    assertThat(ledger.release("k", "j1")).isEqualTo(28);
    assertThat(ledger.release("k", "j1")).isZero();
    assertThat(ledger.available("k")).isEqualTo(98);
    assertThat(ledger.chargedFor("j1")).isEqualTo(2);
    assertThat(ledger.usage("k").reservedCredits()).isZero();
  }

  @Test
  void reservationIsAllOrNothing() {
    InMemoryCreditLedger ledger = new InMemoryCreditLedger(10);
    assertThat(ledger.reserve("k", "j1", 11)).isFalse();
    assertThat(ledger.available("k")).isEqualTo(10);
    assertThat(ledger.reserve("k", "j1", 10)).isTrue();
    assertThat(ledger.available("k")).isZero();
    assertThatThrownBy(() -> ledger.reserve("k", "j1", 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void chargesBeyondTheReservationComeFromTheBalance() {
    InMemoryCreditLedger ledger = new InMemoryCreditLedger(10);
    ledger.reserve("k", "j", 1);
    ledger.charge("k", "j", JobType.SKIP_TRACE, 0, 1, DAY1);
    ledger.charge("k", "j", JobType.SKIP_TRACE, 1, 1, DAY1);
    assertThat(ledger.available("k")).isEqualTo(8);
    assertThat(ledger.usage("k").reservedCredits()).isZero();
  }

  @Test
  void usageIsByDayAndTypeOldestFirst() {
    InMemoryCreditLedger ledger = new InMemoryCreditLedger(100);
    ledger.reserve("k", "a", 5);
    ledger.charge("k", "a", JobType.VALUATIONS, 0, 2, DAY2);
    ledger.charge("k", "a", JobType.VALUATIONS, 1, 2, DAY2);
    ledger.reserve("k", "b", 5);
    ledger.charge("k", "b", JobType.ADDRESS_VERIFICATION, 0, 1, DAY1);
    assertThat(ledger.usage("k").usage()).containsExactly(
        new CreditUsage.Entry(DAY1, JobType.ADDRESS_VERIFICATION, 1L, 1),
        new CreditUsage.Entry(DAY2, JobType.VALUATIONS, 4L, 2));
    assertThat(ledger.usage("other").usage()).isEmpty();
  }
}
