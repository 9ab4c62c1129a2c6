package dev.bulkestate.core.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.json.BulkJson;
import org.junit.jupiter.api.Test;

class OptionsTest {

  private static String json(Object value) throws Exception {
    return BulkJson.mapper().writeValueAsString(value);
  }

  @Test
  void verificationOptionsSendOnlyWhatWasChanged() throws Exception {
    VerificationOptions options = VerificationOptions.defaults().withSuggestions(3).withGeocode(false);
    assertThat(json(options)).isEqualTo(
        "{\"geocode\":false,\"return_suggestions\":true,\"max_suggestions\":3}");
    assertThat(options.standardizeOrDefault()).isTrue();
    assertThat(options.geocodeOrDefault()).isFalse();
    assertThat(options.suggestionsOrDefault()).isTrue();
    assertThat(options.maxSuggestionsOrDefault()).isEqualTo(3);
    assertThat(VerificationOptions.defaults().withSuggestions(11).problem())
        .hasValueSatisfying(e -> assertThat(e.field()).isEqualTo("options.max_suggestions"));
  }

  @Test
  void valuationOptionsSendOnlyWhatWasChanged() throws Exception {
    ValuationOptions options = ValuationOptions.defaults().withComparables(7).withRentalEstimate(true);
    assertThat(json(options)).isEqualTo(
        "{\"include_comparables\":true,\"include_rental_estimate\":true,\"max_comparables\":7}");
    assertThat(options.confidenceScoreOrDefault()).isTrue();
    assertThat(options.maxComparablesOrDefault()).isEqualTo(7);
  }

  @Test
  void fcraOptionsCarryTheirPurposeAndPassValidation() throws Exception {
    SkipTraceOptions options = SkipTraceOptions.fcra("tenant_screening").withRelatives(true);
    assertThat(json(options)).isEqualTo("{\"include_relatives\":true,"
        + "\"compliance_mode\":\"fcra\",\"permissible_purpose\":\"tenant_screening\"}");
    assertThat(options.fcraMode()).isTrue();
    assertThat(options.problem()).isEmpty();
    assertThat(SkipTraceOptions.fcra(null).problem())
        .hasValueSatisfying(e -> assertThat(e.field()).isEqualTo("options.permissible_purpose"));
    assertThat(SkipTraceOptions.standard().withPropertyHistory(true).propertyHistoryOrDefault()).isTrue();
  }
}
