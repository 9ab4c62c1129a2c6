package dev.bulkestate.cli;

import dev.bulkestate.core.BulkApiException;

/** One line for people about a failure, without stack traces. */
final class Errors {
  private Errors() {}

  static String describe(Throwable e) {
    if (e instanceof BulkApiException api) {
      String field = api.error().field();
      return api.httpStatus() + " " + api.code() + ": " + api.error().message()
          + (field == null ? "" : " (field " + field + ")");
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
