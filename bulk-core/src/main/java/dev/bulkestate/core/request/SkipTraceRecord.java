package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import java.util.Optional;

/**
 * A person to find, by one of: a {@code property_address} (its owner of record), a {@code name}
 * with an {@code address}, or a {@code phone} (reverse look-up).
 */
public record SkipTraceRecord(
    String id, String propertyAddress, PersonName name, PostalAddress address, String phone)
    implements InputRecord {

  public static SkipTraceRecord byPropertyAddress(String id, String propertyAddress) {
    return new SkipTraceRecord(id, propertyAddress, null, null, null);
  }

  public static SkipTraceRecord byNameAndAddress(String id, PersonName name, PostalAddress address) {
    return new SkipTraceRecord(id, null, name, address, null);
  }

  public static SkipTraceRecord byPhone(String id, String phone) {
    return new SkipTraceRecord(id, null, null, null, phone);
  }

  @Override
  public Optional<ApiError> problem() {
    if (Texts.present(propertyAddress) || Texts.present(phone)) {
      return Optional.empty();
    }
    if (name != null || address != null) {
      if (name == null || !Texts.present(name.last())) {
        return insufficient("name.last", "A name needs at least a last name");
      }
      if (address == null || !Texts.present(address.street())) {
        return insufficient("address.street", "A name needs an address with a street");
      }
      if (!Texts.present(address.zip())
          && !(Texts.present(address.city()) && Texts.present(address.state()))) {
        return insufficient("address.zip", "An address needs a zip, or a city and state");
      }
      return Optional.empty();
    }
    return insufficient("property_address",
        "One of property_address, name+address or phone is required");
  }

  private static Optional<ApiError> insufficient(String field, String issue) {
    return Optional.of(ApiError.field(ErrorCode.INSUFFICIENT_DATA,
        "Not enough information to perform skip trace", field, issue));
  }
}
