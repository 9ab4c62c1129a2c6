package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import java.util.Optional;

/**
 * A property to look up, by exactly one of: a one-line {@code address}, a {@code property_id}, or
 * an {@code apn} with its {@code county} and {@code state}. Used by property details and valuations.
 */
public record PropertyRef(
    String id, String address, String propertyId, String apn, String county, String state)
    implements InputRecord {

  public static PropertyRef byAddress(String id, String address) {
    return new PropertyRef(id, address, null, null, null, null);
  }

  public static PropertyRef byPropertyId(String id, String propertyId) {
    return new PropertyRef(id, null, propertyId, null, null, null);
  }

  public static PropertyRef byApn(String id, String apn, String county, String state) {
    return new PropertyRef(id, null, null, apn, county, state);
  }

  @Override
  public Optional<ApiError> problem() {
    if (Texts.present(propertyId) || Texts.present(address)) {
      return Optional.empty();
    }
    if (Texts.present(apn)) {
      if (!Texts.present(county)) {
        return Optional.of(ApiError.field(ErrorCode.INSUFFICIENT_DATA,
            "An APN needs its county and state", "county", "Missing county for apn"));
      }
      if (!Texts.present(state)) {
        return Optional.of(ApiError.field(ErrorCode.INSUFFICIENT_DATA,
            "An APN needs its county and state", "state", "Missing state for apn"));
      }
      return Optional.empty();
    }
    return Optional.of(ApiError.field(ErrorCode.INSUFFICIENT_DATA,
        "Not enough information to identify a property", "address",
        "One of address, property_id or apn+county+state is required"));
  }
}
