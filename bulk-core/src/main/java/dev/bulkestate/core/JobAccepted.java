package dev.bulkestate.core;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.time.Instant;
import java.util.Map;

/**
 * The answer to a job submission (HTTP 202).
 *
 * @param jobId the new job's id
 * @param status {@code queued}
 * @param createdAt when the job was accepted
 * @param totalRecords records in the job
 * @param estimatedCompletion when the job should end
 * @param creditsEstimated credits reserved for the job
 * @param webhookConfigured whether the job posts webhooks
 * @param extra fields this version does not know, kept as read
 */
public record JobAccepted(
    String jobId, JobStatus status, Instant createdAt, Integer totalRecords,
    Instant estimatedCompletion, Long creditsEstimated, Boolean webhookConfigured,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public JobAccepted {
    extra = Extras.copy(extra);
  }
}
