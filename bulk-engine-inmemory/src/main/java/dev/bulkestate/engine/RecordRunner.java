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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs records through a processor: transient errors retried per the {@link RetryPolicy}, any
 * other exception turned into a {@code PROCESSING_ERROR} result, and a per-record timeout
 * ({@code RECORD_TIMEOUT}). A {@link FatalProcessingException} is passed on: it ends the job.
 *
 * <p>A range of records runs on the thread that asks for it, with no hand-off. With a timeout,
 * one watchdog thread per runner watches every range in flight: each record sets its range's
 * deadline (one {@code nanoTime} and one uncontended lock per record), and the watchdog sleeps
 * until the earliest deadline. A record past it is abandoned under the range's lock, so exactly
 * one of "its result is stored" and "it timed out" happens: the watchdog takes the range away
 * from its thread, interrupts that thread and has a {@link Successor} start a new one, which
 * stores {@code RECORD_TIMEOUT} for the record and carries on with the rest of the range in
 * order. The abandoned thread, if it ever comes back, finds the range is no longer its own,
 * drops what it produced and learns from {@link #runRange} that it was abandoned (an engine
 * worker then retires: its successor has taken its place). Whichever thread ends the range
 * reports it once to the range's {@link End}.
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

  /** How a range ended, told once, on the thread that ended it. */
  interface End {
    /**
     * @param failure null when every record was stored or the sink refused one; else what
     *     stopped the range: a {@link FatalProcessingException}, an {@link InterruptedException}
     *     (the thread was interrupted, not by the watchdog), or an unexpected runtime exception
     */
    void ended(Exception failure);
  }

  /** Starts a thread for the rest of a range whose thread was abandoned. */
  interface Successor {
    /**
     * Starts a thread that calls {@code rest}; it returns false when that thread was abandoned
     * in turn. Called by the watchdog: must not block.
     */
    void start(Thread abandoned, BooleanSupplier rest);
  }

  /** A record's result and whether it came from the result cache. */
  record Outcome(RecordResult result, boolean cached) {}

  private final Duration timeout;
  private final long timeoutNanos;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final Watchdog watchdog;
  // Runs the ranges of runAndWait when there is a timeout: the caller must be free to time out.
  private final ExecutorService helpers;

  RecordRunner(Duration timeout, RetryPolicy retryPolicy, Sleeper sleeper) {
    this.timeout = timeout;
    this.timeoutNanos = timeout == null ? 0 : timeout.toNanos();
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    if (timeout == null) {
      this.watchdog = null;
      this.helpers = null;
    } else {
      this.watchdog = new Watchdog();
      AtomicInteger n = new AtomicInteger();
      this.helpers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
          new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "bulk-record-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      watchdog.thread.start();
    }
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
   * Runs records {@code [from, to)} on the calling thread: each result goes to {@code sink} in
   * order, until the sink refuses one; then {@code end} is told how the range ended. With a
   * timeout, a record past it makes {@code successor} start a thread for the rest of the range
   * (which then tells {@code end}).
   *
   * @return false when the calling thread was abandoned (a record of it timed out): the range is
   *     no longer its business; true otherwise (it has told {@code end})
   */
  boolean runRange(int from, int to, Work work, Sink sink, IntFunction<String> idOf, End end,
      Successor successor) {
    Run run = new Run(to, work, sink, idOf, end, successor);
    if (watchdog != null) {
      watchdog.runs.add(run);
    }
    return run.carry(from, null);
  }

  /**
   * Runs records {@code [from, to)} and returns once they are done, for a caller that waits for
   * the answer (a sync call): with a timeout they run on a helper thread, so the caller is back
   * when a record times out even if the processor never returns.
   *
   * @throws FatalProcessingException from the processor; the records after it are not run
   * @throws InterruptedException when the calling thread is interrupted; the range stops
   */
  void runAndWait(int from, int to, Work work, Sink sink, IntFunction<String> idOf)
      throws InterruptedException {
    Exception[] failure = new Exception[1];
    CountDownLatch done = new CountDownLatch(1);
    End end = e -> {
      failure[0] = e;
      done.countDown();
    };
    if (helpers == null) {
      runRange(from, to, work, sink, idOf, end, null);
    } else {
      Run run = new Run(to, work, sink, idOf, end, (abandoned, rest) -> helpers.execute(rest::getAsBoolean));
      watchdog.runs.add(run);
      helpers.execute(() -> run.carry(from, null));
      try {
        done.await();
      } catch (InterruptedException e) {
        run.stop();
        throw e;
      }
    }
    Exception e = failure[0];
    if (e instanceof InterruptedException interrupted) {
      throw interrupted;
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (e != null) {
      throw new IllegalStateException(e);
    }
  }

  private RecordResult timedOut(Run run, int index) {
    return RecordResult.failed(run.idOf.apply(index), ApiError.of(ErrorCode.RECORD_TIMEOUT,
        "The record took longer than " + timeout.toMillis() + " ms"));
  }

  /**
   * One range, carried by one thread at a time. Its lock decides between the carrier storing a
   * result and the watchdog abandoning the record, so a record is never both stored and timed
   * out, and a result from an abandoned thread is never stored.
   */
  private final class Run {
    private final int to;
    private final Work work;
    private final Sink sink;
    private final IntFunction<String> idOf;
    private final End end;
    private final Successor successor;
    // The thread carrying the range; null while a successor starts, and once it has ended.
    private Thread owner;
    private int current;
    private boolean ended;
    // When the current record times out; read by the watchdog without the lock.
    private volatile long deadlineNanos;

    Run(int to, Work work, Sink sink, IntFunction<String> idOf, End end, Successor successor) {
      this.to = to;
      this.work = work;
      this.sink = sink;
      this.idOf = idOf;
      this.end = end;
      this.successor = successor;
    }

    /**
     * Carries the range on the calling thread from record {@code next}, whose outcome is
     * {@code known} when it timed out; false when this thread was abandoned.
     */
    boolean carry(int next, Outcome known) {
      Thread me = Thread.currentThread();
      int index = next;
      Outcome outcome = known;
      Exception failure = null;
      synchronized (this) {
        if (ended) {
          return true;
        }
        owner = me;
        // A successor's first step (storing the timed-out record) is timed too, so the watchdog
        // never sees an old deadline with the new owner.
        begin(index);
      }
      while (true) {
        if (outcome == null && index < to) {
          try {
            outcome = work.process(index);
          } catch (Exception e) {
            failure = e;
          }
        }
        synchronized (this) {
          if (owner != me) {
            return false;
          }
          if (failure == null && outcome != null) {
            try {
              index = sink.accept(index, outcome) ? index + 1 : to;
            } catch (RuntimeException e) {
              failure = e;
            }
          }
          if (failure != null || index >= to) {
            // Ended under the lock: from here the watchdog leaves the range alone.
            ended = true;
            owner = null;
            break;
          }
          begin(index);
        }
        outcome = null;
      }
      if (watchdog != null) {
        watchdog.runs.remove(this);
      }
      end.ended(failure);
      return true;
    }

    // Under the lock: record `index` starts now.
    private void begin(int index) {
      current = index;
      if (watchdog != null) {
        deadlineNanos = System.nanoTime() + timeoutNanos;
      }
    }

    /** By the watchdog: abandons the current record if it is late, and starts a successor. */
    void abandonIfLate(long now) {
      Thread abandoned;
      int index;
      synchronized (this) {
        // No owner: the range ended, or a successor is starting (it sets the next deadline).
        if (ended || owner == null || deadlineNanos - now > 0) {
          return;
        }
        abandoned = owner;
        index = current;
        owner = null;
        abandoned.interrupt();
      }
      try {
        Outcome timedOut = new Outcome(timedOut(this, index), false);
        successor.start(abandoned, () -> carry(index, timedOut));
      } catch (RuntimeException e) {
        LOG.error("Could not start a thread for the rest of a range after record {} timed out",
            index, e);
      }
    }

    /** Stops the range: the carrier is interrupted and abandoned, nothing more is stored. */
    void stop() {
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
        if (owner != null) {
          owner.interrupt();
          owner = null;
        }
      }
      watchdog.runs.remove(this);
    }
  }

  /**
   * Sleeps until the earliest deadline of the ranges in flight, then abandons the late records.
   * A deadline only moves later, and a range added after a scan ends no earlier than the scan's
   * time plus the timeout, so sleeping until the earliest deadline seen (or a whole timeout)
   * never misses one.
   */
  private final class Watchdog implements Runnable {
    private final Set<Run> runs = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    Watchdog() {
      thread = new Thread(this, "bulk-record-watchdog");
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      while (!closed) {
        long now = System.nanoTime();
        long wake = now + timeoutNanos;
        for (Run run : runs) {
          long deadline = run.deadlineNanos;
          if (deadline - now > 0) {
            if (deadline - wake < 0) {
              wake = deadline;
            }
          } else {
            // Not late after all (a new record began), or abandoned: either way its next
            // deadline is at least now + timeout.
            run.abandonIfLate(now);
          }
        }
        LockSupport.parkNanos(this, wake - System.nanoTime());
      }
    }

    void close() {
      closed = true;
      LockSupport.unpark(thread);
    }
  }

  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.close();
      helpers.shutdownNow();
    }
  }
}
