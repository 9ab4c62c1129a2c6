package dev.bulkestate.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.webhook.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookVerifierTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String OTHER_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
      "another-secret-of-32-bytes-long!".getBytes(StandardCharsets.US_ASCII));
  static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long TIMESTAMP = 1614265330L;
  static final String BODY_TEXT = "{\"test\": 2432232314}";
  static final byte[] BODY = BODY_TEXT.getBytes(StandardCharsets.UTF_8);
  static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static WebhookVerifier verifierAt(long nowSeconds, String... secrets) {
    WebhookVerifier.Builder builder = WebhookVerifier.builder()
        .clock(Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC));
    for (String secret : secrets) {
      builder.secret(secret);
    }
    return builder.build();
  }

  private static WebhookVerifier verifier() {
    return verifierAt(TIMESTAMP, SECRET);
  }

  private static Map<String, String> headers(String id, String timestamp, String signature) {
    Map<String, String> headers = new HashMap<>();
    if (id != null) {
      headers.put("webhook-id", id);
    }
    if (timestamp != null) {
      headers.put("webhook-timestamp", timestamp);
    }
    if (signature != null) {
      headers.put("webhook-signature", signature);
    }
    return headers;
  }

  private static Map<String, String> vectorHeaders() {
    return headers(ID, Long.toString(TIMESTAMP), SIGNATURE);
  }

  private static Reason reasonOf(WebhookVerifier verifier, byte[] body, Map<String, String> headers) {
    try {
      verifier.verify(body, headers);
    } catch (WebhookVerificationException e) {
      return e.reason();
    }
    throw new AssertionError("expected the webhook to be rejected");
  }

  /** The base64 signature with one character changed, still valid base64 of the same length. */
  private static String flipOneChar(String signature, int index) {
    char[] chars = signature.toCharArray();
    chars[index] = chars[index] == 'A' ? 'B' : 'A';
    return new String(chars);
  }

  @Test
  void conformanceVectorVerifies() throws Exception {
    verifier().verify(BODY, vectorHeaders());
  }

  @Test
  void signerProducesTheVectorAndItsHeaders() {
    Map<String, String> headers = new WebhookSigner(WebhookSecret.parse(SECRET)).headers(ID, TIMESTAMP, BODY);
    assertThat(headers).containsExactly(
        Map.entry("webhook-id", ID),
        Map.entry("webhook-timestamp", "1614265330"),
        Map.entry("webhook-signature", SIGNATURE));
  }

  @Test
  void oneByteChangedInTheBodyIsRejected() {
    for (int i = 0; i < BODY.length; i++) {
      byte[] changed = BODY.clone();
      changed[i] ^= 0x01;
      assertThat(reasonOf(verifier(), changed, vectorHeaders())).as("byte %d", i)
          .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }
  }

  @Test
  void oneByteChangedInTheSignatureIsRejected() {
    String encoded = SIGNATURE.substring(3);
    byte[] raw = Base64.getDecoder().decode(encoded);
    for (int i = 0; i < raw.length; i++) {
      byte[] changed = raw.clone();
      changed[i] ^= 0x01;
      String signature = "v1," + Base64.getEncoder().encodeToString(changed);
      assertThat(reasonOf(verifier(), BODY, headers(ID, "1614265330", signature))).as("byte %d", i)
          .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }
    assertThat(reasonOf(verifier(), BODY, headers(ID, "1614265330", flipOneChar(SIGNATURE, 3))))
        .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void oneByteChangedInTheIdIsRejected() {
    String changedId = "msg_p5jXN8AQM9LWM0D4loKWxJeK";
    assertThat(reasonOf(verifier(), BODY, headers(changedId, "1614265330", SIGNATURE)))
        .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void oneByteChangedInTheTimestampIsRejected() {
    // 1614265331 is within tolerance, so only the signature can reject it.
    assertThat(reasonOf(verifier(), BODY, headers(ID, "1614265331", SIGNATURE)))
        .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void aV2SignatureAloneIsNotAccepted() {
    String v2 = "v2," + SIGNATURE.substring(3);
    assertThat(reasonOf(verifier(), BODY, headers(ID, "1614265330", v2)))
        .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void oneValidSignatureAmongSeveralIsAccepted() throws Exception {
    String wrong = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
    String header = "v2,abc " + wrong + " v1,not-base64!! " + SIGNATURE + " v1a,xyz";
    verifier().verify(BODY, headers(ID, "1614265330", header));
  }

  @Test
  void severalSignaturesNoneValidAreRejected() {
    String wrong = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
    String header = wrong + " v2," + SIGNATURE.substring(3);
    assertThat(reasonOf(verifier(), BODY, headers(ID, "1614265330", header)))
        .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void rotationAcceptsEitherSecret() throws Exception {
    // Signed with the old secret, verified by a verifier holding the new one first.
    verifierAt(TIMESTAMP, OTHER_SECRET, SECRET).verify(BODY, vectorHeaders());
    // Signed with the new secret.
    String signedWithNew = new WebhookSigner(WebhookSecret.parse(OTHER_SECRET)).sign(ID, TIMESTAMP, BODY);
    verifierAt(TIMESTAMP, OTHER_SECRET, SECRET).verify(BODY, headers(ID, "1614265330", signedWithNew));
    // The verifier holding only the other secret rejects the vector.
    assertThat(reasonOf(verifierAt(TIMESTAMP, OTHER_SECRET), BODY, vectorHeaders()))
        .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
  void eachMissingHeaderIsReported(String missing) {
    Map<String, String> headers = vectorHeaders();
    headers.remove(missing);
    WebhookVerificationException e = catchRejection(BODY, headers);
    assertThat(e.reason()).isEqualTo(Reason.MISSING_HEADER);
    assertThat(e.getMessage()).contains(missing);
  }

  @ParameterizedTest
  @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
  void aBlankHeaderCountsAsMissing(String blank) {
    Map<String, String> headers = vectorHeaders();
    headers.put(blank, "  ");
    assertThat(catchRejection(BODY, headers).reason()).isEqualTo(Reason.MISSING_HEADER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1614265330.5", "", "0x60374"})
  void nonNumericTimestampIsInvalid(String timestamp) {
    Map<String, String> headers = vectorHeaders();
    headers.put("webhook-timestamp", timestamp.isEmpty() ? "1e9" : timestamp);
    assertThat(catchRejection(BODY, headers).reason()).isEqualTo(Reason.INVALID_TIMESTAMP);
  }

  @Test
  void timestampsBeyondToleranceAreRejectedInBothDirections() {
    // The message was signed at TIMESTAMP; the receiver's clock is 301 s later or earlier.
    assertThat(reasonOf(verifierAt(TIMESTAMP + 301, SECRET), BODY, vectorHeaders()))
        .isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    assertThat(reasonOf(verifierAt(TIMESTAMP - 301, SECRET), BODY, vectorHeaders()))
        .isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @Test
  void timestampsWithinToleranceAreAccepted() throws Exception {
    verifierAt(TIMESTAMP + 299, SECRET).verify(BODY, vectorHeaders());
    verifierAt(TIMESTAMP - 299, SECRET).verify(BODY, vectorHeaders());
    verifierAt(TIMESTAMP + 300, SECRET).verify(BODY, vectorHeaders());
    verifierAt(TIMESTAMP - 300, SECRET).verify(BODY, vectorHeaders());
  }

  @Test
  void toleranceIsConfigurable() throws Exception {
    WebhookVerifier strict = WebhookVerifier.builder().secret(SECRET).tolerance(Duration.ofSeconds(10))
        .clock(Clock.fixed(Instant.ofEpochSecond(TIMESTAMP + 11), ZoneOffset.UTC)).build();
    assertThat(reasonOf(strict, BODY, vectorHeaders())).isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    WebhookVerifier lenient = WebhookVerifier.builder().secret(SECRET).tolerance(Duration.ofHours(1))
        .clock(Clock.fixed(Instant.ofEpochSecond(TIMESTAMP + 3000), ZoneOffset.UTC)).build();
    lenient.verify(BODY, vectorHeaders());
  }

  @Test
  void extremeTimestampsDoNotOverflowTheToleranceCheck() {
    // now - timestamp == Long.MIN_VALUE, whose Math.abs is negative: must still be out of tolerance.
    String wraps = Long.toString(TIMESTAMP - Long.MIN_VALUE);
    for (String extreme : new String[] {"-9223372036854775808", "9223372036854775807", wraps}) {
      assertThat(reasonOf(verifier(), BODY, headers(ID, extreme, SIGNATURE))).as(extreme)
          .isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }
  }

  @Test
  void nonAsciiUtf8BodyVerifiesByItsBytes() throws Exception {
    byte[] body = "{\"owner\":\"José Núñez – 北京\",\"emoji\":\"🏠\"}".getBytes(StandardCharsets.UTF_8);
    String signature = new WebhookSigner(WebhookSecret.parse(SECRET)).sign(ID, TIMESTAMP, body);
    verifier().verify(body, headers(ID, "1614265330", signature));
    // The same text in another encoding is other bytes, so it does not verify.
    byte[] latin1 = "{\"owner\":\"José Núñez\"}".getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf8 = "{\"owner\":\"José Núñez\"}".getBytes(StandardCharsets.UTF_8);
    String utf8Signature = new WebhookSigner(WebhookSecret.parse(SECRET)).sign(ID, TIMESTAMP, utf8);
    assertThat(reasonOf(verifier(), latin1, headers(ID, "1614265330", utf8Signature)))
        .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void emptyBodyVerifiesButIsNotAnEvent() throws Exception {
    byte[] empty = new byte[0];
    String signature = new WebhookSigner(WebhookSecret.parse(SECRET)).sign(ID, TIMESTAMP, empty);
    Map<String, String> headers = headers(ID, "1614265330", signature);
    verifier().verify(empty, headers);
    assertThat(reasonOf(verifier(), BODY, headers)).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    WebhookVerificationException e = org.junit.jupiter.api.Assertions.assertThrows(
        WebhookVerificationException.class, () -> verifier().verifyAndParse(empty, headers));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_PAYLOAD);
  }

  @Test
  void headerNamesAreCaseInsensitive() throws Exception {
    verifier().verify(BODY, Map.of("WEBHOOK-ID", ID, "Webhook-Timestamp", "1614265330",
        "WebHook-Signature", SIGNATURE));
  }

  @Test
  void theReasonsAreDistinct() {
    Map<String, String> missing = vectorHeaders();
    missing.remove("webhook-id");
    Map<String, String> badTimestamp = headers(ID, "soon", SIGNATURE);
    Map<String, String> badSignature = headers(ID, "1614265330", "v1,AAAA");
    assertThat(new Reason[] {
        reasonOf(verifier(), BODY, missing),
        reasonOf(verifier(), BODY, badTimestamp),
        reasonOf(verifierAt(TIMESTAMP + 301, SECRET), BODY, vectorHeaders()),
        reasonOf(verifier(), BODY, badSignature)})
        .doesNotHaveDuplicates()
        .containsExactly(Reason.MISSING_HEADER, Reason.INVALID_TIMESTAMP,
            Reason.TIMESTAMP_OUT_OF_TOLERANCE, Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void secretsAreValidatedAndNeverShown() {
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_***not base64***"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("***not");
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WebhookSecret.parse(SECRET).toString()).doesNotContain("MfKQ9r8");
    assertThat(WebhookSecret.parse(SECRET).reveal()).isEqualTo(SECRET);
    WebhookSecret generated = WebhookSecret.generate();
    assertThat(WebhookSecret.parse(generated.reveal())).isEqualTo(generated);
    assertThatThrownBy(() -> WebhookVerifier.builder().build()).isInstanceOf(IllegalStateException.class);
  }

  // verifyAndParse: each typed event, and Unknown for an event this version does not know.

  private static WebhookEvent signedAndParsed(String json) throws WebhookVerificationException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String signature = new WebhookSigner(WebhookSecret.parse(SECRET)).sign(ID, TIMESTAMP, body);
    return verifier().verifyAndParse(body, headers(ID, "1614265330", signature));
  }

  @Test
  void parsesProgressUpdate() throws Exception {
    WebhookEvent event = signedAndParsed("""
        {"event":"progress_update","job_id":"job_1","timestamp":"2024-01-15T10:35:00Z","sequence":3,
         "data":{"progress":{"processed":500,"total":1000,"percent_complete":50},
                 "estimated_completion":"2024-01-15T10:45:00Z"}}""");
    assertThat(event).isInstanceOf(WebhookEvent.ProgressUpdate.class);
    WebhookEvent.ProgressUpdate update = (WebhookEvent.ProgressUpdate) event;
    assertThat(update.jobId()).isEqualTo("job_1");
    assertThat(update.sequence()).isEqualTo(3L);
    assertThat(update.timestamp()).isEqualTo(Instant.parse("2024-01-15T10:35:00Z"));
    assertThat(update.data().progress()).isEqualTo(new WebhookEvent.Counts(500, 1000, 50));
    assertThat(update.data().estimatedCompletion()).isEqualTo(Instant.parse("2024-01-15T10:45:00Z"));
  }

  @Test
  void parsesJobCompleted() throws Exception {
    WebhookEvent event = signedAndParsed("""
        {"event":"job_completed","job_id":"job_1","timestamp":"2024-01-15T10:42:00Z",
         "data":{"status":"completed","summary":{"total_records":10,"successful":8,"failed":2,
         "credits_used":8},"results_url":"https://h/v1/bulk/jobs/job_1/results"}}""");
    WebhookEvent.JobCompleted completed = (WebhookEvent.JobCompleted) event;
    assertThat(completed.event()).isEqualTo("job_completed");
    assertThat(completed.sequence()).isNull();
    assertThat(completed.data().status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(completed.data().summary())
        .isEqualTo(new WebhookEvent.JobCompleted.Summary(10, 8, 2, 8L, null));
    assertThat(completed.data().resultsUrl()).isEqualTo("https://h/v1/bulk/jobs/job_1/results");
  }

  @Test
  void parsesJobFailed() throws Exception {
    WebhookEvent event = signedAndParsed("""
        {"event":"job_failed","job_id":"job_1","timestamp":"2024-01-15T10:35:00Z",
         "data":{"error":{"code":"PROCESSING_ERROR","message":"boom"},
         "processed_records":245,"credits_used":245}}""");
    WebhookEvent.JobFailed failed = (WebhookEvent.JobFailed) event;
    assertThat(failed.data().error().code()).isEqualTo(ErrorCode.PROCESSING_ERROR);
    assertThat(failed.data().error().message()).isEqualTo("boom");
    assertThat(failed.data().processedRecords()).isEqualTo(245);
    assertThat(failed.data().creditsUsed()).isEqualTo(245L);
  }

  @Test
  void parsesBatchCompleted() throws Exception {
    WebhookEvent event = signedAndParsed("""
        {"event":"batch_completed","job_id":"job_1","timestamp":"2024-01-15T10:35:00Z","sequence":7,
         "data":{"batch":2,"records":100,"successful":90,"partial":4,"failed":6,
         "progress":{"processed":200,"total":1000,"percent_complete":20}}}""");
    WebhookEvent.BatchCompleted batch = (WebhookEvent.BatchCompleted) event;
    assertThat(batch.data()).isEqualTo(new WebhookEvent.BatchCompleted.Data(2, 100, 90, 4, 6,
        new WebhookEvent.Counts(200, 1000, 20)));
  }

  @Test
  void parsesRecordProcessed() throws Exception {
    WebhookEvent event = signedAndParsed("""
        {"event":"record_processed","job_id":"job_1","timestamp":"2024-01-15T10:35:00Z","sequence":8,
         "data":{"id":"lead3","status":"failed","error":{"code":"INSUFFICIENT_DATA",
         "message":"Not enough information to perform skip trace"}}}""");
    WebhookEvent.RecordProcessed processed = (WebhookEvent.RecordProcessed) event;
    assertThat(processed.data().id()).isEqualTo("lead3");
    assertThat(processed.data().status()).isEqualTo(RecordStatus.FAILED);
    assertThat(processed.data().error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
  }

  @Test
  void parsesAnUnknownEventAsUnknown() throws Exception {
    WebhookEvent event = signedAndParsed("""
        {"event":"job_archived","job_id":"job_1","timestamp":"2024-01-15T10:35:00Z","sequence":9,
         "data":{"archive_url":"https://h/a.zip"}}""");
    assertThat(event).isInstanceOf(WebhookEvent.Unknown.class);
    WebhookEvent.Unknown unknown = (WebhookEvent.Unknown) event;
    assertThat(unknown.event()).isEqualTo("job_archived");
    assertThat(unknown.jobId()).isEqualTo("job_1");
    assertThat(unknown.sequence()).isEqualTo(9L);
    assertThat(unknown.data().get("archive_url").asText()).isEqualTo("https://h/a.zip");
  }

  @Test
  void aSignedBodyThatIsNotAnEventIsAnInvalidPayload() throws Exception {
    WebhookVerificationException e = org.junit.jupiter.api.Assertions.assertThrows(
        WebhookVerificationException.class, () -> signedAndParsed("[1,2,3]"));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_PAYLOAD);
  }

  @Test
  void anUnsignedEventIsNeverParsed() {
    byte[] body = "{\"event\":\"job_completed\",\"job_id\":\"job_1\"}".getBytes(StandardCharsets.UTF_8);
    WebhookVerificationException e = org.junit.jupiter.api.Assertions.assertThrows(
        WebhookVerificationException.class, () -> verifier().verifyAndParse(body, vectorHeaders()));
    assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  private static WebhookVerificationException catchRejection(byte[] body, Map<String, String> headers) {
    return org.junit.jupiter.api.Assertions.assertThrows(
        WebhookVerificationException.class, () -> verifier().verify(body, headers));
  }
}
