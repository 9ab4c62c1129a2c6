package dev.bulkestate.core.jobs;

import java.time.Duration;

/** The wake-up of {@link Wakeup#never()}: its await just sleeps. */
enum NeverWakeup implements Wakeup {
  INSTANCE;

  @Override
  public boolean isWoken() {
    return false;
  }

  @Override
  public boolean await(Duration max) throws InterruptedException {
    if (!max.isNegative() && !max.isZero()) {
      Thread.sleep(max.toMillis(), max.toNanosPart() % 1_000_000);
    }
    return false;
  }
}
