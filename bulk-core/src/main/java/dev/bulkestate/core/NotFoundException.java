package dev.bulkestate.core;

/** 404: no such job for this key (or it expired), or no such path. */
public class NotFoundException extends BulkApiException {
  public NotFoundException(ApiError error, String requestId) {
    super(404, error, requestId);
  }
}
