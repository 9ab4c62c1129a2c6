package dev.bulkestate.examples;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.jobs.AutoPagingResults;
import dev.bulkestate.core.jobs.JobHandle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retrying only the failed records of a finished job. Reads the failed records alone
 * ({@code results?status=failed}); when some failed for a reason a retry can cure (a processing
 * error or a timeout, not "property not found"), asks the API to resubmit the failed records as a
 * new job linked to the first ({@code POST /bulk/jobs/{id}/retry}), and merges its results over
 * the first job's. Failed records cost no credits, so a retry charges only what now succeeds.
 * Retrying is idempotent per key: the same {@code Idempotency-Key} gives the same retry job back.
 */
public final class RetryFailedRecords {

  /** Error codes worth a retry: the record itself was fine. */
  public static final Set<String> RETRYABLE = Set.of(ErrorCode.PROCESSING_ERROR, ErrorCode.RECORD_TIMEOUT);

  /** Every record's final result, in input order, and the retry job (null when none was needed). */
  public record Outcome(Map<String, RecordResult> results, String retryJobId, int retried) {}

  private RetryFailedRecords() {}

  /** Waits for {@code jobId}, retries its failed records once if worthwhile, and merges. */
  public static Outcome finish(BulkApi api, String jobId) {
    JobHandle.of(api, jobId).await(Duration.ofMinutes(10));
    Map<String, RecordResult> results = new LinkedHashMap<>();
    AutoPagingResults.of(api, jobId).forEach(r -> results.put(r.id(), r));

    List<RecordResult> failed = AutoPagingResults.of(api, jobId,
        ResultsQuery.first().withStatus(RecordStatus.FAILED)).stream().toList();
    boolean worthRetrying = failed.stream().anyMatch(r -> RETRYABLE.contains(r.error().code()));
    if (!worthRetrying) {
      return new Outcome(results, null, 0);
    }
    JobAccepted retry = api.retryFailed(jobId, RequestOptions.idempotencyKey("retry-" + jobId));
    Job done = JobHandle.of(api, retry).await(Duration.ofMinutes(10));
    AutoPagingResults.of(api, retry.jobId()).forEach(r -> results.put(r.id(), r));
    return new Outcome(results, done.jobId(), failed.size());
  }
}
