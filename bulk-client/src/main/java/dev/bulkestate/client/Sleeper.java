package dev.bulkestate.client;

import java.time.Duration;

/**
 * Waits between retries. The default sleeps the calling thread; tests inject one that records the
 * waits (and advances a fake clock) so retry schedules are asserted exactly, without sleeping.
 */
@FunctionalInterface
public interface Sleeper {

  /** The sleeper that blocks the calling thread. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /** Waits {@code duration}; throws if the thread is interrupted meanwhile. */
  void sleep(Duration duration) throws InterruptedException;
}
