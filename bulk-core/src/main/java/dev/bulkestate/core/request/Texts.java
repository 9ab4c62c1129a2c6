package dev.bulkestate.core.request;

/** Small string checks shared by the request types. */
final class Texts {
  private Texts() {}

  static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
