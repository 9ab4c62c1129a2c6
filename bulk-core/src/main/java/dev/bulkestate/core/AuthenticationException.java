package dev.bulkestate.core;

/** 401 or 403: no API key, or a key the server does not accept. */
public class AuthenticationException extends BulkApiException {
  public AuthenticationException(int status, ApiError error, String requestId) {
    super(status, error, requestId);
  }
}
