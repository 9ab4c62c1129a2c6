package dev.bulkestate.core.webhook;

/** A webhook that must not be trusted; {@link #reason()} says why. */
public class WebhookVerificationException extends Exception {

  /** Why a webhook was rejected. */
  public enum Reason {
    /** A {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} header is absent. */
    MISSING_HEADER,
    /** {@code webhook-timestamp} is not a number of seconds. */
    INVALID_TIMESTAMP,
    /** The timestamp is further from now than the tolerance (a replay, or a skewed clock). */
    TIMESTAMP_OUT_OF_TOLERANCE,
    /** No {@code v1} signature matches the body with any of the secrets. */
    NO_MATCHING_SIGNATURE,
    /** The signature matched but the body is not a webhook event. */
    INVALID_PAYLOAD
  }

  private final Reason reason;

  public WebhookVerificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public WebhookVerificationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
