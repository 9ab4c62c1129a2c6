package dev.bulkestate.core.webhook;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.request.Webhook;
import java.time.Instant;

/**
 * A webhook body: {@code {event, job_id, timestamp, sequence, data}}, typed by its {@code event}.
 * An event this version does not know is read as {@link Unknown}, not rejected.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY,
    property = "event", visible = true, defaultImpl = WebhookEvent.Unknown.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = WebhookEvent.ProgressUpdate.class, name = Webhook.PROGRESS_UPDATE),
    @JsonSubTypes.Type(value = WebhookEvent.JobCompleted.class, name = Webhook.JOB_COMPLETED),
    @JsonSubTypes.Type(value = WebhookEvent.JobFailed.class, name = Webhook.JOB_FAILED),
    @JsonSubTypes.Type(value = WebhookEvent.BatchCompleted.class, name = Webhook.BATCH_COMPLETED),
    @JsonSubTypes.Type(value = WebhookEvent.RecordProcessed.class, name = Webhook.RECORD_PROCESSED)
})
public sealed interface WebhookEvent {

  /** The event name, e.g. {@code job_completed}. */
  String event();

  String jobId();

  Instant timestamp();

  /** Increases by one per event of the same job; null from senders that do not number events. */
  Long sequence();

  /** Counts carried by progress events: {@code {processed, total, percent_complete}}. */
  record Counts(Integer processed, Integer total, Integer percentComplete) {}

  /** {@code progress_update}: how far the job has come (throttled by the sender). */
  record ProgressUpdate(String event, String jobId, Instant timestamp, Long sequence, Data data)
      implements WebhookEvent {
    public record Data(Counts progress, Instant estimatedCompletion) {}
  }

  /** {@code job_completed}: totals and where to read the results. */
  record JobCompleted(String event, String jobId, Instant timestamp, Long sequence, Data data)
      implements WebhookEvent {
    public record Data(JobStatus status, Summary summary, String resultsUrl) {}

    public record Summary(Integer totalRecords, Integer successful, Integer failed, Long creditsUsed,
        Integer partial) {}
  }

  /** {@code job_failed}: why, and what was done before. */
  record JobFailed(String event, String jobId, Instant timestamp, Long sequence, Data data)
      implements WebhookEvent {
    public record Data(ApiError error, Integer processedRecords, Long creditsUsed) {}
  }

  /** {@code batch_completed}: one chunk of records is done. */
  record BatchCompleted(String event, String jobId, Instant timestamp, Long sequence, Data data)
      implements WebhookEvent {
    /**
     * @param batch the chunk's number, from 1
     * @param records records in the chunk
     * @param successful successful records in the chunk
     * @param partial partial records in the chunk
     * @param failed failed records in the chunk
     * @param progress the job's progress after the chunk
     */
    public record Data(Integer batch, Integer records, Integer successful, Integer partial,
        Integer failed, Counts progress) {}
  }

  /** {@code record_processed} (opt-in): one record's result. */
  record RecordProcessed(String event, String jobId, Instant timestamp, Long sequence,
      RecordResult data) implements WebhookEvent {}

  /** An event this version does not know; its data is kept as JSON. */
  record Unknown(String event, String jobId, Instant timestamp, Long sequence, JsonNode data)
      implements WebhookEvent {}
}
