package dev.bulkestate.client;

import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookSigner;
import dev.bulkestate.core.webhook.WebhookVerificationException;
import dev.bulkestate.core.webhook.WebhookVerifier;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives webhook deliveries independently of any HTTP server: verifies the signature over the
 * raw body bytes (bulk-core's {@link WebhookVerifier}), parses the typed {@link WebhookEvent},
 * drops redeliveries of a {@code webhook-id} already handled ({@link WebhookDeduplicator}) and
 * hands each new event to the listener. {@link Delivery#httpStatus()} is the answer to give the
 * sender. Thread-safe when the listener is.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *     .verifier(WebhookVerifier.of(WebhookSecret.parse(secret)))
 *     .listener(client.webhookRouter().andThen(myListener))
 *     .build();
 * }</pre>
 */
public final class WebhookReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

  private final WebhookVerifier verifier;
  private final Consumer<? super WebhookEvent> listener;
  private final WebhookDeduplicator deduplicator;

  private WebhookReceiver(Builder builder) {
    this.verifier = builder.verifier;
    this.listener = builder.listener;
    this.deduplicator = builder.deduplicator;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A receiver with the default deduplicator. */
  public static WebhookReceiver of(WebhookVerifier verifier, Consumer<? super WebhookEvent> listener) {
    return builder().verifier(verifier).listener(listener).build();
  }

  /** What happened to one delivery. */
  public enum Outcome {
    /** Verified, new, and handed to the listener, which returned normally. */
    DELIVERED,
    /** Verified, but its {@code webhook-id} was handled before; the listener was not called. */
    DUPLICATE,
    /** Not verified (see {@link Delivery#reason()}); the listener was not called. */
    REJECTED,
    /** Verified and new, but the listener threw; the id is forgotten so a redelivery is retried. */
    LISTENER_FAILED
  }

  /**
   * The outcome of one delivery.
   *
   * @param outcome what happened
   * @param webhookId the {@code webhook-id} header, or null when absent
   * @param event the verified event, or null when rejected
   * @param reason why it was rejected, or null
   */
  public record Delivery(Outcome outcome, String webhookId, WebhookEvent event,
      WebhookVerificationException.Reason reason) {

    /**
     * The status to answer the sender with: 204 for a delivered or duplicate event (a duplicate
     * is acknowledged so the sender stops), 401 for a signature that does not match or a stale
     * timestamp, 400 for a malformed delivery, 500 when the listener failed (the sender retries).
     */
    public int httpStatus() {
      return switch (outcome) {
        case DELIVERED, DUPLICATE -> 204;
        case LISTENER_FAILED -> 500;
        case REJECTED -> switch (reason) {
          case NO_MATCHING_SIGNATURE, TIMESTAMP_OUT_OF_TOLERANCE -> 401;
          case MISSING_HEADER, INVALID_TIMESTAMP, INVALID_PAYLOAD -> 400;
        };
      };
    }
  }

  /** Receives a delivery whose headers are looked up case-insensitively in {@code headers}. */
  public Delivery receive(byte[] body, Map<String, String> headers) {
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    return receive(body, byName::get);
  }

  /**
   * Receives one delivery: the raw body bytes exactly as sent, and its headers (name to value,
   * null when absent). Never throws for a bad delivery; the {@link Delivery} says what happened.
   */
  public Delivery receive(byte[] body, Function<String, String> headers) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(headers, "headers");
    String webhookId = headers.apply(WebhookSigner.HEADER_ID);
    WebhookEvent event;
    try {
      event = verifier.verifyAndParse(body, headers);
    } catch (WebhookVerificationException e) {
      LOG.debug("Webhook {} rejected: {} ({})", webhookId, e.reason(), e.getMessage());
      return new Delivery(Outcome.REJECTED, webhookId, null, e.reason());
    }
    String id = webhookId.trim();
    if (!deduplicator.claim(id)) {
      LOG.debug("Webhook {} ({} of job {}) is a redelivery; dropped", id, event.event(), event.jobId());
      return new Delivery(Outcome.DUPLICATE, id, event, null);
    }
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      deduplicator.release(id);
      LOG.warn("Webhook listener failed on {} ({} of job {})", id, event.event(), event.jobId(), e);
      return new Delivery(Outcome.LISTENER_FAILED, id, event, null);
    }
    LOG.debug("Webhook {} ({} of job {}) delivered", id, event.event(), event.jobId());
    return new Delivery(Outcome.DELIVERED, id, event, null);
  }

  /** Builds a {@link WebhookReceiver}; the verifier and the listener are required. */
  public static final class Builder {
    private WebhookVerifier verifier;
    private Consumer<? super WebhookEvent> listener;
    private WebhookDeduplicator deduplicator;

    private Builder() {}

    public Builder verifier(WebhookVerifier verifier) {
      this.verifier = verifier;
      return this;
    }

    /** Gets each verified, new event; compose several with {@link Consumer#andThen}. */
    public Builder listener(Consumer<? super WebhookEvent> listener) {
      this.listener = listener;
      return this;
    }

    /** Default: a new {@link WebhookDeduplicator} of {@value WebhookDeduplicator#DEFAULT_CAPACITY} ids. */
    public Builder deduplicator(WebhookDeduplicator deduplicator) {
      this.deduplicator = deduplicator;
      return this;
    }

    public WebhookReceiver build() {
      Objects.requireNonNull(verifier, "verifier");
      Objects.requireNonNull(listener, "listener");
      if (deduplicator == null) {
        deduplicator = new WebhookDeduplicator();
      }
      return new WebhookReceiver(this);
    }
  }
}
