package dev.bulkestate.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies per Standard Webhooks v1: {@code webhook-signature: v1,<base64
 * HMAC-SHA256(key, id + "." + timestamp + "." + body)>}. Thread-safe.
 */
public final class WebhookSigner {
  public static final String HEADER_ID = "webhook-id";
  public static final String HEADER_TIMESTAMP = "webhook-timestamp";
  public static final String HEADER_SIGNATURE = "webhook-signature";
  static final String VERSION = "v1";

  private final WebhookSecret secret;

  public WebhookSigner(WebhookSecret secret) {
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  /** The {@code v1,<base64>} signature of {@code body} sent as message {@code id} at {@code timestampSeconds}. */
  public String sign(String id, long timestampSeconds, byte[] body) {
    return VERSION + "," + Base64.getEncoder().encodeToString(hmac(secret, id, timestampSeconds, body));
  }

  /** The three headers to send with {@code body}. */
  public Map<String, String> headers(String id, long timestampSeconds, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(HEADER_ID, id);
    headers.put(HEADER_TIMESTAMP, Long.toString(timestampSeconds));
    headers.put(HEADER_SIGNATURE, sign(id, timestampSeconds, body));
    return headers;
  }

  static byte[] hmac(WebhookSecret secret, String id, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
      mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
