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
 * Runs a processor on one record: per-record timeout ({@code RECORD_TIMEOUT}), transient errors
 * retried per the {@link RetryPolicy}, any other exception turned into a {@code PROCESSING_ERROR}
 * result. A {@link FatalProcessingException} is passed on: it ends the job.
 */
final class RecordRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecordRunner.class);

  private final Duration timeout;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  // Runs a record when a timeout applies, so a hung processor holds its own thread, not a worker.
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

  @SuppressWarnings({"unchecked", "rawtypes"})
  RecordResult run(RecordProcessor processor, InputRecord record, JobRequest<?> request)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        RecordResult result = call(processor, record, request);
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
      } catch (TimeoutException e) {
        return RecordResult.failed(record.id(), ApiError.of(ErrorCode.RECORD_TIMEOUT,
            "The record took longer than " + timeout.toMillis() + " ms"));
      } catch (FatalProcessingException e) {
        throw e;
      } catch (RuntimeException | StackOverflowError | AssertionError e) {
        // A bug in the processor fails this record only; the job goes on.
        LOG.warn("Processor {} failed on a record", processor.type(), e);
        return processingError(record, "Processing failed: " + e.getClass().getSimpleName());
      }
    }
  }

  private static RecordResult processingError(InputRecord record, String message) {
    return RecordResult.failed(record.id(), ApiError.of(ErrorCode.PROCESSING_ERROR, message));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private RecordResult call(RecordProcessor processor, InputRecord record, JobRequest<?> request)
      throws TimeoutException, InterruptedException {
    if (timed == null) {
      return processor.process(record, request);
    }
    Future<RecordResult> future = timed.submit(() -> processor.process(record, request));
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw e;
    } catch (InterruptedException e) {
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

  @Override
  public void close() {
    if (timed != null) {
      timed.shutdownNow();
    }
  }
}
