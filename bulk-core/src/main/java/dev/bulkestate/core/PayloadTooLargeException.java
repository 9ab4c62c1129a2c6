package dev.bulkestate.core;

/** 413: too many records for the job type, or a body larger than the server accepts. */
public class PayloadTooLargeException extends BulkApiException {
  public PayloadTooLargeException(ApiError error, String requestId) {
    super(413, error, requestId);
  }
}
