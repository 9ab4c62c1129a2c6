package dev.bulkestate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Shared helpers: requests, a settable clock and ticker, bounded waits. */
final class TestSupport {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private TestSupport() {}

  /** {@code n} valid addresses with ids {@code prefix1..prefixN}. */
  static AddressVerificationRequest addresses(String prefix, int n) {
    return addresses(prefix, n, null);
  }

  static AddressVerificationRequest addresses(String prefix, int n, Webhook webhook) {
    List<AddressInput> list = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      list.add(AddressInput.of(prefix + i, i + " Main St", "Austin", "TX", "78701"));
    }
    return new AddressVerificationRequest("job " + prefix, list, null, webhook);
  }

  /** Waits (bounded, on the job's latch) until the job has ended. */
  static Job awaitFinished(InMemoryBulkEngine engine, String apiKey, String jobId) {
    try {
      Job job = engine.awaitJob(apiKey, jobId, Duration.ofSeconds(20));
      assertThat(job.isFinished()).as("job %s finished within 20 s", jobId).isTrue();
      return job;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static Job awaitFinished(InMemoryBulkEngine engine, String jobId) {
    return awaitFinished(engine, engine.defaultApiKey(), jobId);
  }

  /** Polls {@code condition} until true, at most 20 s. */
  static void await(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  /** A Caffeine ticker tests move by hand. */
  static final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public long read() {
      return nanos.get();
    }
  }
}
