package dev.bulkestate.core.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/** A clock that only moves when the fake sleeper sleeps, and records every wait. */
final class FakeTime extends Clock implements Sleeper {
  static final Instant START = Instant.parse("2024-01-15T10:30:00Z");

  private volatile Instant now = START;
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  final List<Boolean> wokenEarly = new CopyOnWriteArrayList<>();
  /** Runs at the start of each sleep with its 0-based number (e.g. to deliver a webhook). */
  IntConsumer duringSleep = n -> { };

  @Override
  public boolean sleep(Duration duration, Wakeup wakeup) {
    int n = waits.size();
    waits.add(duration);
    duringSleep.accept(n);
    boolean woken = wakeup.isWoken();
    wokenEarly.add(woken);
    if (!woken) {
      now = now.plus(duration);
    }
    return woken;
  }

  Duration elapsed() {
    return Duration.between(START, now);
  }

  static List<Duration> seconds(double... values) {
    return java.util.Arrays.stream(values).mapToObj(v -> Duration.ofMillis(Math.round(v * 1000))).toList();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Instant instant() {
    return now;
  }
}
