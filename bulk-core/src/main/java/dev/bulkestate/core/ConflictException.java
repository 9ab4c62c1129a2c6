package dev.bulkestate.core;

/** 409: idempotency key reused with another body, or a job in the wrong state. */
public class ConflictException extends BulkApiException {
  public ConflictException(ApiError error, String requestId) {
    super(409, error, requestId);
  }
}
