package dev.bulkestate.core.jobs;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A signal that wakes every wait started before it fired. Each wait gets its own {@link Wakeup}
 * view, so a signal that fired earlier does not end later waits (no busy loop), and several
 * threads may wait at once.
 */
final class WakeSignal {
  private long generation;

  /** Wakes every {@link Wakeup} made before this call. */
  synchronized void fire() {
    generation++;
    notifyAll();
  }

  /** A wake-up that fires at the next {@link #fire()}. */
  synchronized Wakeup next() {
    long seen = generation;
    return new Wakeup() {
      @Override
      public boolean isWoken() {
        synchronized (WakeSignal.this) {
          return generation != seen;
        }
      }

      @Override
      public boolean await(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + toNanos(max);
        synchronized (WakeSignal.this) {
          while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              return false;
            }
            TimeUnit.NANOSECONDS.timedWait(WakeSignal.this, left);
          }
          return true;
        }
      }
    };
  }

  private static long toNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }
}
