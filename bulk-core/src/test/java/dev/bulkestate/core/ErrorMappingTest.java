package dev.bulkestate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every error code maps to the HTTP status and exception type DESIGN.md section 3 gives it. */
class ErrorMappingTest {

  /** Job-level codes and their HTTP status (DESIGN.md section 3, plus the 404/405 of routing). */
  private static final Map<String, Integer> JOB_LEVEL = new LinkedHashMap<>();

  static {
    JOB_LEVEL.put(ErrorCode.VALIDATION_ERROR, 400);
    JOB_LEVEL.put(ErrorCode.INVALID_JSON, 400);
    JOB_LEVEL.put(ErrorCode.UNAUTHORIZED, 401);
    JOB_LEVEL.put(ErrorCode.QUOTA_EXCEEDED, 402);
    JOB_LEVEL.put(ErrorCode.JOB_NOT_FOUND, 404);
    JOB_LEVEL.put(ErrorCode.NOT_FOUND, 404);
    JOB_LEVEL.put(ErrorCode.METHOD_NOT_ALLOWED, 405);
    JOB_LEVEL.put(ErrorCode.IDEMPOTENCY_CONFLICT, 409);
    JOB_LEVEL.put(ErrorCode.JOB_NOT_CANCELLABLE, 409);
    JOB_LEVEL.put(ErrorCode.JOB_NOT_FINISHED, 409);
    JOB_LEVEL.put(ErrorCode.BATCH_TOO_LARGE, 413);
    JOB_LEVEL.put(ErrorCode.PAYLOAD_TOO_LARGE, 413);
    JOB_LEVEL.put(ErrorCode.RATE_LIMITED, 429);
    JOB_LEVEL.put(ErrorCode.INTERNAL_ERROR, 500);
  }

  /** Codes that only appear on one record's result (or on job_failed), never as an HTTP answer. */
  private static final Set<String> RECORD_LEVEL = Set.of(
      ErrorCode.INVALID_ADDRESS, ErrorCode.INSUFFICIENT_DATA, ErrorCode.PROPERTY_NOT_FOUND,
      ErrorCode.AMBIGUOUS_MATCH, ErrorCode.PROCESSING_ERROR, ErrorCode.RECORD_TIMEOUT,
      ErrorCode.JOB_CANCELLED, ErrorCode.JOB_FAILED);

  @Test
  void everyDeclaredCodeIsCovered() throws Exception {
    Set<String> declared = Arrays.stream(ErrorCode.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .map(ErrorMappingTest::valueOf)
        .collect(Collectors.toSet());
    Set<String> covered = new java.util.HashSet<>(JOB_LEVEL.keySet());
    covered.addAll(RECORD_LEVEL);
    assertThat(declared).isEqualTo(covered);
    for (Field field : ErrorCode.class.getFields()) {
      assertThat(valueOf(field)).as("constant name equals its value").isEqualTo(field.getName());
    }
  }

  private static String valueOf(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void jobLevelCodesMapToTheirStatus() {
    JOB_LEVEL.forEach((code, status) ->
        assertThat(BulkApiException.statusOf(code)).as(code).isEqualTo(status));
  }

  @Test
  void ofPicksTheExceptionTypeAndStatus() {
    Map<String, Class<? extends BulkApiException>> expected = new LinkedHashMap<>();
    expected.put(ErrorCode.VALIDATION_ERROR, ValidationException.class);
    expected.put(ErrorCode.INVALID_JSON, ValidationException.class);
    expected.put(ErrorCode.UNAUTHORIZED, AuthenticationException.class);
    expected.put(ErrorCode.QUOTA_EXCEEDED, QuotaExceededException.class);
    expected.put(ErrorCode.JOB_NOT_FOUND, NotFoundException.class);
    expected.put(ErrorCode.NOT_FOUND, NotFoundException.class);
    expected.put(ErrorCode.METHOD_NOT_ALLOWED, BulkApiException.class);
    expected.put(ErrorCode.IDEMPOTENCY_CONFLICT, ConflictException.class);
    expected.put(ErrorCode.JOB_NOT_CANCELLABLE, ConflictException.class);
    expected.put(ErrorCode.JOB_NOT_FINISHED, ConflictException.class);
    expected.put(ErrorCode.BATCH_TOO_LARGE, PayloadTooLargeException.class);
    expected.put(ErrorCode.PAYLOAD_TOO_LARGE, PayloadTooLargeException.class);
    expected.put(ErrorCode.RATE_LIMITED, RateLimitException.class);
    expected.put(ErrorCode.INTERNAL_ERROR, ServerException.class);
    assertThat(expected.keySet()).isEqualTo(JOB_LEVEL.keySet());
    expected.forEach((code, type) -> {
      BulkApiException e = BulkApiException.of(ApiError.of(code, "m"));
      assertThat(e).as(code).isExactlyInstanceOf(type);
      assertThat(e.httpStatus()).as(code).isEqualTo(JOB_LEVEL.get(code));
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.getMessage()).isEqualTo(JOB_LEVEL.get(code) + " " + code + ": m");
    });
  }

  @Test
  void unknownCodesAreServerErrorsAndUnknownStatusesKeepTheirStatus() {
    assertThat(BulkApiException.statusOf("SOMETHING_NEW")).isEqualTo(500);
    assertThat(BulkApiException.of(418, ApiError.of("TEAPOT", null), "req_1", null))
        .isExactlyInstanceOf(BulkApiException.class)
        .satisfies(e -> {
          assertThat(e.httpStatus()).isEqualTo(418);
          assertThat(e.requestId()).isEqualTo("req_1");
          assertThat(e.getMessage()).isEqualTo("418 TEAPOT");
        });
    assertThat(BulkApiException.of(503, ApiError.of("X", "down"), null, null))
        .isExactlyInstanceOf(ServerException.class);
    assertThat(BulkApiException.of(403, ApiError.of("FORBIDDEN", "no"), null, null))
        .isExactlyInstanceOf(AuthenticationException.class);
  }

  @Test
  void rateLimitCarriesRetryAfterAndQuotaItsCredits() {
    RateLimitException limited = (RateLimitException) BulkApiException.of(429,
        ApiError.of(ErrorCode.RATE_LIMITED, "slow down"), null, Duration.ofSeconds(7));
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(((RateLimitException) BulkApiException.of(ApiError.of(ErrorCode.RATE_LIMITED, "x")))
        .retryAfter()).isEmpty();

    QuotaExceededException quota = (QuotaExceededException) BulkApiException.of(new ApiError(
        ErrorCode.QUOTA_EXCEEDED, "Insufficient credits to process job",
        Map.of("required_credits", 1000, "available_credits", 750)));
    assertThat(quota.requiredCredits()).isEqualTo(1000L);
    assertThat(quota.availableCredits()).isEqualTo(750L);
    assertThat(((QuotaExceededException) BulkApiException.of(ApiError.of(ErrorCode.QUOTA_EXCEEDED, "x")))
        .requiredCredits()).isEqualTo(-1L);
  }
}
