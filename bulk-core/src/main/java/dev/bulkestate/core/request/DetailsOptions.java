package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import java.util.List;
import java.util.Optional;

/**
 * Options of a property details job.
 *
 * @param include the sections to return (see {@link #SECTIONS}); null or empty means all
 * @param format {@code json} (default) or {@code csv}
 * @param deliveryMethod {@code polling} (default) or {@code webhook}
 */
public record DetailsOptions(List<String> include, String format, String deliveryMethod) {

  /** Every section a property details result can hold. */
  public static final List<String> SECTIONS = List.of(
      "ownership", "tax", "sales", "valuation", "demographics", "building", "location", "mortgages");

  static final DetailsOptions DEFAULT = new DetailsOptions(null, null, null);

  public DetailsOptions {
    include = Lists.copy(include);
  }

  /** True when the section was asked for (or no section list was given). */
  public boolean includes(String section) {
    return include == null || include.isEmpty() || include.contains(section);
  }

  Optional<ApiError> problem() {
    if (include != null) {
      for (int i = 0; i < include.size(); i++) {
        String section = include.get(i);
        if (section == null || !SECTIONS.contains(section)) {
          return Optional.of(RequestValidator.problem("options.include[" + i + "]",
              "Unknown section '" + include.get(i) + "'; known: " + SECTIONS));
        }
      }
    }
    if (format != null && !List.of("json", "csv").contains(format)) {
      return Optional.of(RequestValidator.problem("options.format", "format must be json or csv"));
    }
    if (deliveryMethod != null && !List.of("polling", "webhook").contains(deliveryMethod)) {
      return Optional.of(RequestValidator.problem("options.delivery_method",
          "delivery_method must be polling or webhook"));
    }
    return Optional.empty();
  }
}
