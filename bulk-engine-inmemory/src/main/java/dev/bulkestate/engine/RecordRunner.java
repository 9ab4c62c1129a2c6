package dev.bulkestate.engine;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.spi.FatalProcessingException;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.core.spi.TransientProcessingException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs records through a processor: transient errors retried per the {@link RetryPolicy}, any
 * other exception turned into a {@code PROCESSING_ERROR} result, and a per-record timeout
 * ({@code RECORD_TIMEOUT}). A {@link FatalProcessingException} is passed on: it ends the job.
 *
 * <p>With a timeout, a range of records runs on a separate thread (one hand-off per chunk, not
 * per record) while the calling worker watches the current record's deadline; a record past it
 * gets {@code RECORD_TIMEOUT}, its thread is interrupted and abandoned, and the rest of the range
 * goes on in a new thread. A result the abandoned thread produces later is discarded.
 */
final class RecordRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecordRunner.class);

  /** Produces the result of record {@code index} (may throw {@link FatalProcessingException}). */
  interface Work {
    Outcome process(int index) throws InterruptedException;
  }

  /** Takes a result; false when the job no longer takes results (it has ended). */
  interface Sink {
    boolean accept(int index, Outcome outcome);
  }

  /** A record's result and whether it came from the result cache. */
  record Outcome(RecordResult result, boolean cached) {}

  private final Duration timeout;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final ExecutorService timed;

  RecordRunner(Duration timeout, RetryPolicy retryPolicy, Sleeper sleeper) {
    this.timeout = timeout;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    AtomicInteger n = new AtomicInteger();
    this.timed = timeout == null ? null : new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30,
        TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "bulk-record-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** One record through the processor, with retries of transient errors. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  RecordResult process(RecordProcessor processor, InputRecord record, JobRequest<?> request)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        RecordResult result = processor.process(record, request);
        if (result == null) {
          return processingError(record, "The processor returned no result");
        }
        return record.id().equals(result.id()) ? result : result.withId(record.id());
      } catch (TransientProcessingException e) {
        if (attempt >= retryPolicy.maxAttempts()) {
          return processingError(record,
              "Processing failed after " + attempt + " attempts: " + e.getMessage());
        }
        sleeper.sleep(retryPolicy.backoffBefore(attempt + 1));
      } catch (FatalProcessingException e) {
        throw e;
      } catch (RuntimeException | StackOverflowError | AssertionError e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("Interrupted while processing");
        }
        // A bug in the processor fails this record only; the job goes on.
        LOG.warn("Processor {} failed on record {}: {}", processor.type(), record.id(), e.toString());
        LOG.debug("Processor failure", e);
        return processingError(record, "Processing failed: " + e.getClass().getSimpleName());
      }
    }
  }

  private static RecordResult processingError(InputRecord record, String message) {
    return RecordResult.failed(record.id(), ApiError.of(ErrorCode.PROCESSING_ERROR, message));
  }

  /**
   * Runs records {@code [from, to)}: each result goes to {@code sink} in order, until the sink
   * refuses one. Returns when the range is done or stopped.
   *
   * @throws FatalProcessingException from the processor; the records after it are not run
   * @throws InterruptedException when the calling thread is interrupted
   */
  void runRange(int from, int to, Work work, Sink sink, java.util.function.IntFunction<String> idOf)
      throws InterruptedException {
    if (timed == null) {
      for (int i = from; i < to; i++) {
        if (!sink.accept(i, work.process(i))) {
          return;
        }
      }
      return;
    }
    int next = from;
    while (next < to) {
      Range range = new Range(next, to, work, sink);
      Future<?> future = timed.submit(range);
      Integer timedOut = watch(range, future);
      if (timedOut == null) {
        return;
      }
      RecordResult timeoutResult = RecordResult.failed(idOf.apply(timedOut), ApiError.of(
          ErrorCode.RECORD_TIMEOUT, "The record took longer than " + timeout.toMillis() + " ms"));
      if (!sink.accept(timedOut, new Outcome(timeoutResult, false))) {
        return;
      }
      next = timedOut + 1;
    }
  }

  // Waits for the range; returns the index of a record that timed out (range abandoned), or null.
  private Integer watch(Range range, Future<?> future) throws InterruptedException {
    long timeoutNanos = timeout.toNanos();
    while (true) {
      long waitNanos;
      synchronized (range) {
        waitNanos = range.startedNanos + timeoutNanos - System.nanoTime();
        if (waitNanos <= 0 && !range.finished) {
          range.abandoned = true;
          future.cancel(true);
          return range.current;
        }
      }
      try {
        future.get(Math.max(waitNanos, 1), TimeUnit.NANOSECONDS);
        return null;
      } catch (TimeoutException e) {
        // Look again: a later record may have started meanwhile.
      } catch (InterruptedException e) {
        synchronized (range) {
          range.abandoned = true;
        }
        future.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(cause);
      }
    }
  }

  /** Records of one chunk on one thread; every step checks it was not abandoned. */
  private static final class Range implements Runnable {
    private final int to;
    private final Work work;
    private final Sink sink;
    private int current;
    private long startedNanos;
    private boolean abandoned;
    private boolean finished;

    Range(int from, int to, Work work, Sink sink) {
      this.current = from;
      this.startedNanos = System.nanoTime();
      this.to = to;
      this.work = work;
      this.sink = sink;
    }

    @Override
    public void run() {
      try {
        for (int i = current; i < to; i++) {
          synchronized (this) {
            if (abandoned) {
              return;
            }
            current = i;
            startedNanos = System.nanoTime();
          }
          Outcome outcome = work.process(i);
          synchronized (this) {
            // Deciding here, under the lock, means a timed-out record is never also stored.
            if (abandoned || !sink.accept(i, outcome)) {
              return;
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        synchronized (this) {
          finished = true;
        }
      }
    }
  }

  @Override
  public void close() {
    if (timed != null) {
      timed.shutdownNow();
    }
  }
}
