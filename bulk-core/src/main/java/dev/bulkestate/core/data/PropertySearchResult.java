package dev.bulkestate.core.data;

import java.util.List;

/**
 * The result of one property search.
 *
 * @param totalMatches how many properties match the criteria
 * @param returned how many are listed here (at most the search's {@code max_results})
 * @param properties the first {@code returned} matches, in the search's documented order
 */
public record PropertySearchResult(long totalMatches, int returned, List<PropertySummary> properties) {
  public PropertySearchResult {
    properties = properties == null ? List.of() : List.copyOf(properties);
  }
}
