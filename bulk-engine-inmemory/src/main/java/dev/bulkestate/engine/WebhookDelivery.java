package dev.bulkestate.engine;

import java.time.Instant;

/**
 * One webhook event's delivery, as the embedding app reads it from the delivery log.
 *
 * @param webhookId the {@code webhook-id} header, the same on every attempt
 * @param event the event name
 * @param sequence the event's sequence number within its job
 * @param state where the delivery stands
 * @param attempts attempts made so far
 * @param lastStatusCode the HTTP status of the last attempt, or null when none answered
 * @param lastError what went wrong on the last attempt, or null
 * @param lastAttemptAt when the last attempt was made, or null
 */
public record WebhookDelivery(String webhookId, String event, long sequence, State state,
    int attempts, Integer lastStatusCode, String lastError, Instant lastAttemptAt) {

  /** Where a delivery stands. */
  public enum State {
    /** Not delivered yet; an attempt is due or scheduled. */
    PENDING,
    /** A 2xx answer came. */
    DELIVERED,
    /** Every attempt of the schedule failed. */
    FAILED,
    /** The receiver answered 410 Gone (to this or an earlier delivery); no more attempts. */
    GONE,
    /** Dropped from a full queue (progress events only) or at shutdown. */
    DROPPED,
    /**
     * Replaced, unsent or not yet delivered, by a newer event of the same kind and job while its
     * receiver was unreachable; only {@code progress_update} and {@code batch_completed} are.
     */
    SUPERSEDED
  }
}
