package dev.bulkestate.core;

/** 5xx: a fault on the server side; safe to retry. */
public class ServerException extends BulkApiException {
  public ServerException(int status, ApiError error, String requestId) {
    super(status, error, requestId);
  }
}
