package dev.bulkestate.core.request;

import java.util.List;
import java.util.Objects;

/**
 * Where and for which events a job posts webhooks: {@code {"url": "...", "events": [...]}}.
 *
 * @param url an http or https URL
 * @param events event names (see {@link WebhookEvent}); empty means
 *     {@code job_completed} and {@code job_failed}
 */
public record Webhook(String url, List<String> events) {

  public static final String PROGRESS_UPDATE = "progress_update";
  public static final String JOB_COMPLETED = "job_completed";
  public static final String JOB_FAILED = "job_failed";
  public static final String BATCH_COMPLETED = "batch_completed";
  public static final String RECORD_PROCESSED = "record_processed";

  /** Every event the API sends, in the order of the spec. */
  public static final List<String> KNOWN_EVENTS =
      List.of(PROGRESS_UPDATE, JOB_COMPLETED, JOB_FAILED, BATCH_COMPLETED, RECORD_PROCESSED);

  /** What a webhook without an {@code events} list receives. */
  public static final List<String> DEFAULT_EVENTS = List.of(JOB_COMPLETED, JOB_FAILED);

  public Webhook {
    events = Lists.copy(events);
  }

  public static Webhook of(String url, String... events) {
    return new Webhook(Objects.requireNonNull(url, "url"), List.of(events));
  }

  /** True when this webhook asked for {@code event}. */
  public boolean wants(String event) {
    List<String> asked = events == null || events.isEmpty() ? DEFAULT_EVENTS : events;
    return asked.contains(event);
  }
}
