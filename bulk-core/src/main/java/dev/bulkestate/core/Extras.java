package dev.bulkestate.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fields read from JSON that this version of the model does not know, kept for the caller. */
final class Extras {
  private Extras() {}

  static Map<String, Object> copy(Map<String, Object> extra) {
    return extra == null || extra.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }
}
