package dev.bulkestate.core.spi;

import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;

/**
 * What a job does to each of its records: one input record in, one result out. Engines call it
 * from several threads at once, so implementations are thread-safe.
 *
 * <p>A processor answers a record-level problem (not found, invalid address...) with a
 * {@link RecordResult#failed failed result}. It throws {@link TransientProcessingException} when a
 * retry may succeed, and {@link FatalProcessingException} when the whole job cannot go on. Any
 * other exception fails only that record, with {@code PROCESSING_ERROR}.
 *
 * @param <Q> the request type of the job
 * @param <R> the record type of the job
 */
public interface RecordProcessor<Q extends JobRequest<R>, R extends InputRecord> {

  /** The job type this processor serves. */
  JobType type();

  /**
   * Processes one record. {@code request} gives the job's options; its records are not to be read.
   * The result carries the record's id.
   */
  RecordResult process(R record, Q request);

  /**
   * A key under which this record's result may be reused for an equal record of another job
   * (same normalized input and options), or null when results must not be reused.
   */
  default String cacheKey(R record, Q request) {
    return null;
  }
}
