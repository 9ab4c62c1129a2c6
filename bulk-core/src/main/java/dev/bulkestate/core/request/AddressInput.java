package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import java.util.Optional;

/**
 * An address to verify: either components ({@code street}, {@code city}, {@code state},
 * {@code zip}) or one {@code full_address} line.
 */
public record AddressInput(
    String id, String street, String city, String state, String zip, String fullAddress)
    implements InputRecord {

  public static AddressInput of(String id, String street, String city, String state, String zip) {
    return new AddressInput(id, street, city, state, zip, null);
  }

  public static AddressInput full(String id, String fullAddress) {
    return new AddressInput(id, null, null, null, null, fullAddress);
  }

  @Override
  public Optional<ApiError> problem() {
    if (Texts.present(fullAddress) || Texts.present(street)) {
      return Optional.empty();
    }
    return Optional.of(ApiError.field(ErrorCode.INVALID_ADDRESS, "Address format is invalid",
        "street", "Missing street (give street, city, state, zip or full_address)"));
  }
}
