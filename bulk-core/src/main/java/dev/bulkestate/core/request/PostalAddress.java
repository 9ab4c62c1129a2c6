package dev.bulkestate.core.request;

/** An address in components, as given in a request. */
public record PostalAddress(String street, String city, String state, String zip) {
  public static PostalAddress of(String street, String city, String state) {
    return new PostalAddress(street, city, state, null);
  }
}
