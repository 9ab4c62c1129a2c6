package dev.bulkestate.core.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** List copies for request values. */
final class Lists {
  private Lists() {}

  /**
   * An unmodifiable copy that keeps null elements (unlike {@code List.copyOf}), so a request read
   * from JSON with {@code [.., null]} reaches {@link RequestValidator}, which names the element,
   * instead of failing inside the JSON reader.
   */
  static <T> List<T> copy(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
