package dev.bulkestate.core;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;

/**
 * A job as {@code GET /bulk/jobs/{job_id}} reports it.
 *
 * @param jobId the job's id
 * @param jobName the name given at submission, or null
 * @param jobType the type of job
 * @param status queued, processing, completed, failed or cancelled
 * @param progress counts so far
 * @param estimatedCompletion when the job should end, from recent throughput; null once ended
 * @param creditsEstimated credits reserved at submission
 * @param creditsUsed credits charged so far (success and partial records)
 * @param webhookConfigured whether the job posts webhooks
 * @param error why the job failed, when it did
 * @param retryOf the job whose failed records this job retries, or null
 * @param extra fields this version does not know, kept as read
 */
public record Job(
    String jobId, String jobName, JobType jobType, JobStatus status,
    Instant createdAt, Instant startedAt, Instant completedAt,
    Progress progress, Instant estimatedCompletion,
    Long creditsEstimated, Long creditsUsed, Boolean webhookConfigured,
    Instant lastUpdated, ApiError error, String retryOf,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public Job {
    extra = Extras.copy(extra);
  }

  /** True once the job can change no more. */
  @JsonIgnore
  public boolean isFinished() {
    return status != null && status.isTerminal();
  }
}
