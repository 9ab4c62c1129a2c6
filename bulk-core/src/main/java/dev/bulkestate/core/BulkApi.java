package dev.bulkestate.core;

import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.SkipTraceRequest;

/**
 * The Bulk Processing API as one Java interface.
 *
 * <p>{@code BulkClient} implements it over HTTP and {@code InMemoryBulkEngine} in-process, so code
 * written against it runs unchanged against either. Every method throws a
 * {@link BulkApiException} subclass for an error answer of the API.
 */
public interface BulkApi {

  /**
   * Submits a job ({@code POST /bulk/{type}}); answers once it is queued.
   *
   * @throws ValidationException a job-level problem (no records, duplicate ids, bad webhook...)
   * @throws PayloadTooLargeException more records than the type allows ({@code BATCH_TOO_LARGE})
   * @throws QuotaExceededException the estimate is above the available credits
   * @throws ConflictException the idempotency key was used with another body
   * @throws RateLimitException too many records are waiting; retry later
   */
  JobAccepted submit(JobRequest<?> request, RequestOptions options);

  /** Submits a job with no per-call options. */
  default JobAccepted submit(JobRequest<?> request) {
    return submit(request, RequestOptions.none());
  }

  /** Reads a job's status ({@code GET /bulk/jobs/{id}}). @throws NotFoundException */
  Job getJob(String jobId);

  /** Reads one page of a job's results, in input order. @throws NotFoundException */
  ResultsPage getResults(String jobId, ResultsQuery query);

  /** Reads one page of a job's results as CSV (header row, then one row per record). */
  String getResultsCsv(String jobId, ResultsQuery query);

  /** Runs a skip trace of at most 100 records and answers with every result. */
  SyncSkipTraceResponse skipTraceSync(SkipTraceRequest request, RequestOptions options);

  /** Runs a skip trace of at most 100 records with no per-call options. */
  default SyncSkipTraceResponse skipTraceSync(SkipTraceRequest request) {
    return skipTraceSync(request, RequestOptions.none());
  }

  /**
   * Cancels a queued or processing job; results already made stay readable and unused credits are
   * released. @throws ConflictException ({@code JOB_NOT_CANCELLABLE}) when the job has finished
   */
  Job cancel(String jobId);

  /** Lists the caller's jobs, newest first. */
  JobList listJobs(JobListQuery query);

  /** What a job would cost and how many of its records are valid; nothing is charged. */
  CreditEstimate estimate(JobRequest<?> request);

  /**
   * Submits the failed records of a finished job as a new job linked to it.
   *
   * @throws ConflictException ({@code JOB_NOT_FINISHED}) while the job still runs
   * @throws ValidationException when the job has no failed records
   */
  JobAccepted retryFailed(String jobId, RequestOptions options);

  /** The caller's credit balance and usage by day and job type. */
  CreditUsage usage();
}
