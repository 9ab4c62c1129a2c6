package dev.bulkestate.core;

import java.time.Duration;
import java.util.Objects;

/**
 * An error answer of the API, thrown the same way by the HTTP client and by an in-process engine.
 *
 * <p>Unchecked, with the HTTP status, the {@link ApiError} (code, message, details) and, when it
 * came over HTTP, the request id. Catch a subclass for the cases a caller usually handles:
 * {@link AuthenticationException}, {@link QuotaExceededException}, {@link ValidationException},
 * {@link NotFoundException}, {@link ConflictException}, {@link RateLimitException},
 * {@link ServerException}. {@link #of} picks the right one.
 */
public class BulkApiException extends RuntimeException {
  private final int httpStatus;
  private final ApiError error;
  private final String requestId;

  public BulkApiException(int httpStatus, ApiError error, String requestId) {
    super(describe(httpStatus, error), null, false, true);
    this.httpStatus = httpStatus;
    this.error = Objects.requireNonNull(error, "error");
    this.requestId = requestId;
  }

  private static String describe(int status, ApiError error) {
    return status + " " + error.code() + (error.message() == null ? "" : ": " + error.message());
  }

  /** The exception type that fits {@code status} and the error's code. */
  public static BulkApiException of(int status, ApiError error, String requestId, Duration retryAfter) {
    return switch (status) {
      case 400, 422 -> new ValidationException(status, error, requestId);
      case 401, 403 -> new AuthenticationException(status, error, requestId);
      case 402 -> new QuotaExceededException(error, requestId);
      case 404 -> new NotFoundException(error, requestId);
      case 409 -> new ConflictException(error, requestId);
      case 413 -> new PayloadTooLargeException(error, requestId);
      case 429 -> new RateLimitException(error, requestId, retryAfter);
      default -> status >= 500
          ? new ServerException(status, error, requestId)
          : new BulkApiException(status, error, requestId);
    };
  }

  /** The engine-side shortcut: the status that goes with a known {@link ErrorCode}. */
  public static BulkApiException of(ApiError error) {
    return of(statusOf(error.code()), error, null, null);
  }

  /** The HTTP status the API answers with for a job-level error code (DESIGN.md section 3). */
  public static int statusOf(String code) {
    return switch (code) {
      case ErrorCode.VALIDATION_ERROR, ErrorCode.INVALID_JSON -> 400;
      case ErrorCode.UNAUTHORIZED -> 401;
      case ErrorCode.QUOTA_EXCEEDED -> 402;
      case ErrorCode.JOB_NOT_FOUND, ErrorCode.NOT_FOUND -> 404;
      case ErrorCode.METHOD_NOT_ALLOWED -> 405;
      case ErrorCode.IDEMPOTENCY_CONFLICT, ErrorCode.JOB_NOT_CANCELLABLE, ErrorCode.JOB_NOT_FINISHED -> 409;
      case ErrorCode.BATCH_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE -> 413;
      case ErrorCode.RATE_LIMITED -> 429;
      default -> 500;
    };
  }

  public int httpStatus() {
    return httpStatus;
  }

  public ApiError error() {
    return error;
  }

  /** The error code, e.g. {@link ErrorCode#QUOTA_EXCEEDED}. */
  public String code() {
    return error.code();
  }

  /** The server's request id ({@code X-Request-Id}), or null. */
  public String requestId() {
    return requestId;
  }
}
