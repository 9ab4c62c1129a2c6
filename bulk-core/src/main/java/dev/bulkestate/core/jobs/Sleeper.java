package dev.bulkestate.core.jobs;

import java.time.Duration;

/**
 * How a {@link JobHandle} waits between polls. Injectable so tests record the exact waits (and
 * advance a fake clock) instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code duration}, or less when {@code wakeup} fires meanwhile.
   *
   * @return true when the wait ended early because {@code wakeup} fired
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean sleep(Duration duration, Wakeup wakeup) throws InterruptedException;

  /** The real sleeper: blocks the calling thread, and returns as soon as the wake-up fires. */
  static Sleeper system() {
    return (duration, wakeup) -> wakeup.await(duration);
  }
}
