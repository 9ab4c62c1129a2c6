package dev.bulkestate.core;

/** 400: the request is invalid; {@link #field()} names the offending field when known. */
public class ValidationException extends BulkApiException {
  public ValidationException(int status, ApiError error, String requestId) {
    super(status, error, requestId);
  }

  /** The offending field ({@code details.field}), e.g. {@code properties[3].id}, or null. */
  public String field() {
    return error().field();
  }
}
