package dev.bulkestate.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulkestate.core.webhook.WebhookVerificationException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the verifier over generated deliveries: a delivery signed with the secret verifies,
 * and any mutation of its signature header, body, id or timestamp (one character replaced, inserted
 * or removed, truncation, or a header left out) is rejected. Mutations that leave the signed
 * content the same by definition are skipped: characters up to U+0020 around a header value, which
 * HTTP strips and the verifier trims, and a timestamp written differently with the same value.
 * (This property found that a signature without its '=' padding, or with other unused bits, was
 * accepted; only the canonical base64 form is accepted now.)
 */
class WebhookVerifierPropertiesTest {
  static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  static final WebhookSigner SIGNER = new WebhookSigner(SECRET);
  static final long NOW = 1_700_000_000L;
  static final WebhookVerifier VERIFIER = WebhookVerifier.builder().secret(SECRET)
      .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)).build();

  /** A character edit of {@code text}: kind 0 replace, 1 insert, 2 delete, 3 truncate. */
  record Edit(int kind, int position, char character) {
    String apply(String text) {
      int at = text.isEmpty() ? 0 : Math.floorMod(position, text.length());
      return switch (kind) {
        case 0 -> text.isEmpty() ? String.valueOf(character)
            : text.substring(0, at) + character + text.substring(at + 1);
        case 1 -> text.substring(0, at) + character + text.substring(at);
        case 2 -> text.isEmpty() ? "" : text.substring(0, at) + text.substring(at + 1);
        default -> text.substring(0, at);
      };
    }

    byte[] apply(byte[] bytes) {
      int at = bytes.length == 0 ? 0 : Math.floorMod(position, bytes.length);
      byte b = (byte) character;
      return switch (kind) {
        case 0 -> {
          byte[] out = bytes.length == 0 ? new byte[] {b} : bytes.clone();
          if (bytes.length > 0) {
            out[at] = out[at] == b ? (byte) (b ^ 0x01) : b;
          }
          yield out;
        }
        case 1 -> {
          byte[] out = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, out, 0, at);
          out[at] = b;
          System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
          yield out;
        }
        case 2 -> {
          if (bytes.length == 0) {
            yield new byte[] {b};
          }
          byte[] out = new byte[bytes.length - 1];
          System.arraycopy(bytes, 0, out, 0, at);
          System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
          yield out;
        }
        default -> Arrays.copyOf(bytes, at);
      };
    }
  }

  @Provide
  Arbitrary<Edit> edits() {
    Arbitrary<Character> chars = Arbitraries.oneOf(
        Arbitraries.chars().ascii(),
        Arbitraries.of('=', '+', '/', ',', ' ', '\t', '0', 'A', 'a', '\u00e9', '\u0000'));
    return Combinators.combine(Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 10_000), chars).as(Edit::new);
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40)
        .map(s -> "msg_" + s);
  }

  private static Map<String, String> headers(String id, String timestamp, String signature) {
    Map<String, String> headers = new HashMap<>();
    if (id != null) {
      headers.put(WebhookSigner.HEADER_ID, id);
    }
    if (timestamp != null) {
      headers.put(WebhookSigner.HEADER_TIMESTAMP, timestamp);
    }
    if (signature != null) {
      headers.put(WebhookSigner.HEADER_SIGNATURE, signature);
    }
    return headers;
  }

  @Property(tries = 300)
  void anUntouchedDeliveryVerifies(@ForAll("ids") String id, @ForAll @Size(max = 2000) byte[] body,
      @ForAll @LongRange(min = -300, max = 300) long skew) throws WebhookVerificationException {
    long timestamp = NOW + skew;
    VERIFIER.verify(body, headers(id, Long.toString(timestamp), SIGNER.sign(id, timestamp, body)));
  }

  @Property(tries = 2000)
  void anyMutatedSignatureIsRejected(@ForAll("ids") String id, @ForAll @Size(max = 500) byte[] body,
      @ForAll("edits") Edit edit) {
    String signature = SIGNER.sign(id, NOW, body);
    String mutated = edit.apply(signature);
    Assume.that(!mutated.trim().equals(signature));
    assertRejected(body, headers(id, Long.toString(NOW), mutated));
  }

  @Property(tries = 2000)
  void anyMutatedBodyIsRejected(@ForAll("ids") String id, @ForAll @Size(max = 500) byte[] body,
      @ForAll("edits") Edit edit) {
    byte[] mutated = edit.apply(body);
    Assume.that(!Arrays.equals(mutated, body));
    String signature = SIGNER.sign(id, NOW, body);
    Throwable thrown = assertRejected(mutated, headers(id, Long.toString(NOW), signature));
    assertThat(((WebhookVerificationException) thrown).reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Property(tries = 1000)
  void anyMutatedIdIsRejected(@ForAll("ids") String id, @ForAll @Size(max = 200) byte[] body,
      @ForAll("edits") Edit edit) {
    String mutated = edit.apply(id);
    Assume.that(!mutated.trim().equals(id));
    assertRejected(body, headers(mutated, Long.toString(NOW), SIGNER.sign(id, NOW, body)));
  }

  @Property(tries = 1000)
  void anyMutatedTimestampIsRejected(@ForAll @Size(max = 200) byte[] body,
      @ForAll @LongRange(min = -300, max = 300) long skew, @ForAll("edits") Edit edit) {
    long timestamp = NOW + skew;
    String text = Long.toString(timestamp);
    String mutated = edit.apply(text);
    Assume.that(!sameNumber(mutated, timestamp));
    assertRejected(body, headers("msg_1", mutated, SIGNER.sign("msg_1", timestamp, body)));
  }

  @Property(tries = 500)
  void anotherTimestampWithinToleranceIsRejectedForItsSignature(@ForAll @Size(max = 200) byte[] body,
      @ForAll @LongRange(min = -300, max = 300) long skew,
      @ForAll @IntRange(min = -600, max = 600) int delta) {
    Assume.that(delta != 0);
    long signedAt = NOW + skew;
    long claimed = signedAt + delta;
    Throwable thrown = assertRejected(body,
        headers("msg_1", Long.toString(claimed), SIGNER.sign("msg_1", signedAt, body)));
    Reason expected = Math.abs(claimed - NOW) > 300
        ? Reason.TIMESTAMP_OUT_OF_TOLERANCE : Reason.NO_MATCHING_SIGNATURE;
    assertThat(((WebhookVerificationException) thrown).reason()).isEqualTo(expected);
  }

  @Property(tries = 300)
  void anyMissingHeaderIsRejectedAsMissing(@ForAll("ids") String id, @ForAll @Size(max = 200) byte[] body,
      @ForAll @IntRange(min = 0, max = 2) int missing) {
    String signature = SIGNER.sign(id, NOW, body);
    Map<String, String> headers = headers(missing == 0 ? null : id,
        missing == 1 ? null : Long.toString(NOW), missing == 2 ? null : signature);
    Throwable thrown = assertRejected(body, headers);
    assertThat(((WebhookVerificationException) thrown).reason()).isEqualTo(Reason.MISSING_HEADER);
  }

  @Property(tries = 300)
  void aSignatureMadeWithAnotherSecretIsRejected(@ForAll("ids") String id,
      @ForAll @Size(max = 200) byte[] body) {
    WebhookSigner other = new WebhookSigner(WebhookSecret.generate());
    assertRejected(body, headers(id, Long.toString(NOW), other.sign(id, NOW, body)));
  }

  private static boolean sameNumber(String text, long value) {
    try {
      return Long.parseLong(text.trim()) == value;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Throwable assertRejected(byte[] body, Map<String, String> headers) {
    WebhookVerificationException thrown =
        catchThrowableOfType(WebhookVerificationException.class, () -> VERIFIER.verify(body, headers));
    assertThat(thrown).as("a mutated delivery must be rejected").isNotNull();
    assertThatThrownBy(() -> VERIFIER.verifyAndParse(body, headers))
        .isInstanceOf(WebhookVerificationException.class);
    return thrown;
  }
}
