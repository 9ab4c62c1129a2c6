package dev.bulkestate.core.jobs;

import java.time.Duration;

/**
 * What can end one {@link Sleeper#sleep} early: a {@link JobHandle} is woken when a webhook says
 * its job has ended ({@link JobHandle#signal}) or when an asynchronous wait is cancelled.
 */
public interface Wakeup {

  /** True once this wake-up has fired. */
  boolean isWoken();

  /**
   * Blocks until this wake-up fires or {@code max} has passed, whichever comes first.
   *
   * @return true when it fired
   */
  boolean await(Duration max) throws InterruptedException;

  /** A wake-up that never fires, for waits nothing can end early (e.g. retry backoff). */
  static Wakeup never() {
    return NeverWakeup.INSTANCE;
  }
}
