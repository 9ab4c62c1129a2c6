package dev.bulkestate.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A kind of bulk job, named as on the wire ({@code "property-details"}).
 *
 * <p>Values this library does not know (read from a newer server) are kept as they are;
 * {@link #isKnown()} tells them apart.
 */
public record JobType(@JsonValue String value) {

  public static final JobType PROPERTY_SEARCH = new JobType("property-search");
  public static final JobType PROPERTY_DETAILS = new JobType("property-details");
  public static final JobType SKIP_TRACE = new JobType("skip-trace");
  public static final JobType ADDRESS_VERIFICATION = new JobType("address-verification");
  public static final JobType VALUATIONS = new JobType("valuations");

  /** The five job types of the API, in the spec's order. */
  public static final List<JobType> KNOWN =
      List.of(PROPERTY_SEARCH, PROPERTY_DETAILS, SKIP_TRACE, ADDRESS_VERIFICATION, VALUATIONS);

  public JobType {
    Objects.requireNonNull(value, "value");
  }

  @JsonCreator
  public static JobType of(String value) {
    for (JobType known : KNOWN) {
      if (known.value.equals(value)) {
        return known;
      }
    }
    return new JobType(value);
  }

  /** The known type whose wire name is {@code value}, if any. */
  public static Optional<JobType> parse(String value) {
    JobType type = of(value);
    return type.isKnown() ? Optional.of(type) : Optional.empty();
  }

  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  /** The JSON array of the request that holds this type's records. */
  public String recordsField() {
    return switch (value) {
      case "property-search" -> "searches";
      case "skip-trace" -> "records";
      case "address-verification" -> "addresses";
      default -> "properties";
    };
  }

  /**
   * The default maximum number of records in one job of this type (DESIGN.md section 3): 1,000 for
   * property details (the spec's table), 10,000 for the others.
   */
  public int defaultMaxRecords() {
    return this.equals(PROPERTY_DETAILS) ? 1_000 : 10_000;
  }

  /** Maximum records of a synchronous skip trace. */
  public static final int SYNC_SKIP_TRACE_MAX_RECORDS = 100;

  @Override
  public String toString() {
    return value;
  }
}
