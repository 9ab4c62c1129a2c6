package dev.bulkestate.core.webhook;

import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.webhook.WebhookVerificationException.Reason;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Verifies webhooks per Standard Webhooks v1 from the raw body bytes and the headers, then parses
 * them into a typed {@link WebhookEvent}. Accepts several secrets (rotation) and several
 * signatures in one header; rejects timestamps further than the tolerance (default 5 minutes) in
 * either direction. Thread-safe.
 */
public final class WebhookVerifier {
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final List<WebhookSecret> secrets;
  private final Duration tolerance;
  private final Clock clock;

  private WebhookVerifier(Builder builder) {
    this.secrets = List.copyOf(builder.secrets);
    this.tolerance = builder.tolerance;
    this.clock = builder.clock;
  }

  /** A verifier of one secret with the default tolerance and the system clock. */
  public static WebhookVerifier of(WebhookSecret secret) {
    return builder().secret(secret).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Verifies with headers looked up case-insensitively in {@code headers}. */
  public void verify(byte[] body, Map<String, String> headers) throws WebhookVerificationException {
    verify(body, caseInsensitive(headers));
  }

  /**
   * Verifies {@code body} with headers read through {@code header} (name to value, null if absent).
   *
   * @throws WebhookVerificationException with the reason the webhook is not to be trusted
   */
  public void verify(byte[] body, Function<String, String> header)
      throws WebhookVerificationException {
    Objects.requireNonNull(body, "body");
    String id = required(header, WebhookSigner.HEADER_ID);
    String timestampText = required(header, WebhookSigner.HEADER_TIMESTAMP);
    String signatures = required(header, WebhookSigner.HEADER_SIGNATURE);
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampText.trim());
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException(Reason.INVALID_TIMESTAMP,
          "webhook-timestamp is not a number of seconds");
    }
    long now = clock.instant().getEpochSecond();
    long age = saturatedDifference(now, timestamp);
    if (age > tolerance.toSeconds() || age < -tolerance.toSeconds()) {
      throw new WebhookVerificationException(Reason.TIMESTAMP_OUT_OF_TOLERANCE,
          "webhook-timestamp is " + age + " s from now; tolerance is "
              + tolerance.toSeconds() + " s");
    }
    List<byte[]> offered = v1Signatures(signatures);
    for (WebhookSecret secret : secrets) {
      byte[] expected = WebhookSigner.hmac(secret, id.trim(), timestamp, body);
      for (byte[] candidate : offered) {
        if (MessageDigest.isEqual(expected, candidate)) {
          return;
        }
      }
    }
    throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE,
        "No v1 signature matches the body");
  }

  /** Verifies, then parses the body into its typed event. */
  public WebhookEvent verifyAndParse(byte[] body, Map<String, String> headers)
      throws WebhookVerificationException {
    return verifyAndParse(body, caseInsensitive(headers));
  }

  /** Verifies, then parses the body into its typed event. */
  public WebhookEvent verifyAndParse(byte[] body, Function<String, String> header)
      throws WebhookVerificationException {
    verify(body, header);
    try {
      return BulkJson.mapper().readValue(body, WebhookEvent.class);
    } catch (IOException e) {
      throw new WebhookVerificationException(Reason.INVALID_PAYLOAD,
          "The signed body is not a webhook event", e);
    }
  }

  /** {@code a - b}, clamped to the long range (an extreme timestamp must not wrap around). */
  private static long saturatedDifference(long a, long b) {
    try {
      return Math.subtractExact(a, b);
    } catch (ArithmeticException e) {
      return a > b ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }

  private static Function<String, String> caseInsensitive(Map<String, String> headers) {
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    return byName::get;
  }

  private static String required(Function<String, String> header, String name)
      throws WebhookVerificationException {
    String value = header.apply(name);
    if (value == null || value.isBlank()) {
      throw new WebhookVerificationException(Reason.MISSING_HEADER, "Missing header " + name);
    }
    return value;
  }

  /** The decoded {@code v1} signatures of a space-separated header; other versions are skipped. */
  private static List<byte[]> v1Signatures(String header) {
    List<byte[]> result = new ArrayList<>();
    for (String part : header.trim().split("\\s+")) {
      int comma = part.indexOf(',');
      if (comma > 0 && part.substring(0, comma).equals(WebhookSigner.VERSION)) {
        String encoded = part.substring(comma + 1);
        try {
          byte[] decoded = Base64.getDecoder().decode(encoded);
          // Only the canonical encoding counts: the decoder also takes a missing '=' or non-zero
          // unused bits, which would let altered signature text pass as the same signature.
          if (Base64.getEncoder().encodeToString(decoded).equals(encoded)) {
            result.add(decoded);
          }
        } catch (IllegalArgumentException ignored) {
          // Not base64: cannot match, so it is simply not a candidate.
        }
      }
    }
    return result;
  }

  /** Builds a {@link WebhookVerifier}. */
  public static final class Builder {
    private final List<WebhookSecret> secrets = new ArrayList<>();
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();

    /** Adds a secret; give the old and the new one while rotating. */
    public Builder secret(WebhookSecret secret) {
      secrets.add(Objects.requireNonNull(secret, "secret"));
      return this;
    }

    public Builder secret(String whsec) {
      return secret(WebhookSecret.parse(whsec));
    }

    public Builder tolerance(Duration tolerance) {
      if (tolerance.isNegative()) {
        throw new IllegalArgumentException("tolerance must not be negative");
      }
      this.tolerance = tolerance;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public WebhookVerifier build() {
      if (secrets.isEmpty()) {
        throw new IllegalStateException("A verifier needs at least one secret");
      }
      return new WebhookVerifier(this);
    }
  }
}
