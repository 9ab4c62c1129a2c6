package dev.bulkestate.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one record: {@code success}, {@code partial} (with warnings) or {@code failed}
 * (with an error). Unknown values are kept.
 */
public record RecordStatus(@JsonValue String value) {

  public static final RecordStatus SUCCESS = new RecordStatus("success");
  public static final RecordStatus PARTIAL = new RecordStatus("partial");
  public static final RecordStatus FAILED = new RecordStatus("failed");

  public static final List<RecordStatus> KNOWN = List.of(SUCCESS, PARTIAL, FAILED);

  public RecordStatus {
    Objects.requireNonNull(value, "value");
  }

  @JsonCreator
  public static RecordStatus of(String value) {
    for (RecordStatus known : KNOWN) {
      if (known.value.equals(value)) {
        return known;
      }
    }
    return new RecordStatus(value);
  }

  /** Success and partial records are billed; failed ones are free. */
  public boolean isBillable() {
    return equals(SUCCESS) || equals(PARTIAL);
  }

  @Override
  public String toString() {
    return value;
  }
}
