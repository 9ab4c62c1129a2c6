package dev.bulkestate.core.webhook;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A webhook signing secret in the Standard Webhooks form {@code whsec_<base64 key>}.
 * {@link #toString()} never shows the key.
 */
public final class WebhookSecret {
  private static final String PREFIX = "whsec_";
  private final byte[] key;

  private WebhookSecret(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("A webhook secret needs at least 16 bytes of key");
    }
    this.key = key;
  }

  /**
   * Reads {@code whsec_<base64>} (the prefix is optional).
   *
   * @throws IllegalArgumentException when the key is not base64 or shorter than 16 bytes
   */
  public static WebhookSecret parse(String secret) {
    Objects.requireNonNull(secret, "secret");
    String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    try {
      return new WebhookSecret(Base64.getDecoder().decode(encoded));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("A webhook secret is whsec_ followed by base64", null);
    }
  }

  /** A new random 32-byte secret. */
  public static WebhookSecret generate() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new WebhookSecret(key);
  }

  byte[] key() {
    return key;
  }

  /** The secret in its {@code whsec_} form, to hand to a receiver. */
  public String reveal() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookSecret that && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "WebhookSecret[whsec_***]";
  }
}
