package dev.bulkestate.core.request;

/** A person's name as given in a request. */
public record PersonName(String first, String middle, String last) {
  public static PersonName of(String first, String last) {
    return new PersonName(first, null, last);
  }
}
