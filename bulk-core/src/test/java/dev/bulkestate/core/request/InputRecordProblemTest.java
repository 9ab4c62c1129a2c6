package dev.bulkestate.core.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each record type says why it cannot be processed, naming the field, or nothing when it can. */
class InputRecordProblemTest {

  private static void assertProblem(InputRecord record, String code, String field) {
    Optional<ApiError> problem = record.problem();
    assertThat(problem).as("problem of %s", record).isPresent();
    assertThat(problem.get().code()).isEqualTo(code);
    assertThat(problem.get().field()).isEqualTo(field);
    assertThat(problem.get().details()).containsKey("issue");
    assertThat(problem.get().message()).isNotBlank();
  }

  @Test
  void propertyRef() {
    assertThat(PropertyRef.byAddress("a", "1 Main St, Austin, TX").problem()).isEmpty();
    assertThat(PropertyRef.byPropertyId("a", "PROP1").problem()).isEmpty();
    assertThat(PropertyRef.byApn("a", "456-789-012", "Travis", "TX").problem()).isEmpty();
    assertProblem(new PropertyRef("a", null, null, null, null, null), ErrorCode.INSUFFICIENT_DATA, "address");
    assertProblem(new PropertyRef("a", " ", "", null, null, null), ErrorCode.INSUFFICIENT_DATA, "address");
    assertProblem(PropertyRef.byApn("a", "456", null, "TX"), ErrorCode.INSUFFICIENT_DATA, "county");
    assertProblem(PropertyRef.byApn("a", "456", "Travis", " "), ErrorCode.INSUFFICIENT_DATA, "state");
  }

  @Test
  void skipTraceRecord() {
    assertThat(SkipTraceRecord.byPropertyAddress("l", "123 Oak St, Dallas, TX 75201").problem()).isEmpty();
    assertThat(SkipTraceRecord.byPhone("l", "214-555-0123").problem()).isEmpty();
    assertThat(SkipTraceRecord.byNameAndAddress("l", PersonName.of("John", "Smith"),
        PostalAddress.of("456 Pine Ave", "Houston", "TX")).problem()).isEmpty();
    assertThat(SkipTraceRecord.byNameAndAddress("l", PersonName.of(null, "Smith"),
        new PostalAddress("456 Pine Ave", null, null, "77002")).problem()).isEmpty();
    assertProblem(new SkipTraceRecord("l", null, null, null, null),
        ErrorCode.INSUFFICIENT_DATA, "property_address");
    assertProblem(SkipTraceRecord.byNameAndAddress("l", PersonName.of("John", null),
        PostalAddress.of("456 Pine Ave", "Houston", "TX")), ErrorCode.INSUFFICIENT_DATA, "name.last");
    assertProblem(SkipTraceRecord.byNameAndAddress("l", null,
        PostalAddress.of("456 Pine Ave", "Houston", "TX")), ErrorCode.INSUFFICIENT_DATA, "name.last");
    assertProblem(SkipTraceRecord.byNameAndAddress("l", PersonName.of("John", "Smith"), null),
        ErrorCode.INSUFFICIENT_DATA, "address.street");
    assertProblem(SkipTraceRecord.byNameAndAddress("l", PersonName.of("John", "Smith"),
        PostalAddress.of("456 Pine Ave", "Houston", null)), ErrorCode.INSUFFICIENT_DATA, "address.zip");
  }

  @Test
  void addressInput() {
    assertThat(AddressInput.of("a", "123 Main Street", "Austin", "TX", "78701").problem()).isEmpty();
    assertThat(AddressInput.full("a", "456 Oak Ave, Dallas, TX 75201").problem()).isEmpty();
    assertProblem(AddressInput.of("a", null, "Austin", "TX", "78701"), ErrorCode.INVALID_ADDRESS, "street");
    assertProblem(AddressInput.full("a", "  "), ErrorCode.INVALID_ADDRESS, "street");
  }

  @Test
  void searchQuery() {
    assertThat(new SearchQuery("s", SearchCriteria.zip("78701"), null).problem()).isEmpty();
    assertThat(new SearchQuery("s", SearchCriteria.builder().state("TX").city("Austin")
        .beds(2, 4).value(100_000L, 500_000L).build(), 1000).problem()).isEmpty();
    assertProblem(new SearchQuery("s", null, null), ErrorCode.INSUFFICIENT_DATA, "criteria");
    assertProblem(new SearchQuery("s", SearchCriteria.builder().city("Austin").build(), null),
        ErrorCode.INSUFFICIENT_DATA, "criteria.zip");
    assertProblem(new SearchQuery("s", SearchCriteria.zip("78701"), 0), ErrorCode.VALIDATION_ERROR, "max_results");
    assertProblem(new SearchQuery("s", SearchCriteria.zip("78701"), 1001), ErrorCode.VALIDATION_ERROR, "max_results");
    assertProblem(new SearchQuery("s", SearchCriteria.builder().zip("78701").propertyType("castle").build(), null),
        ErrorCode.VALIDATION_ERROR, "criteria.property_type");
    assertProblem(new SearchQuery("s", SearchCriteria.builder().zip("78701").beds(4, 2).build(), null),
        ErrorCode.VALIDATION_ERROR, "criteria.beds_min");
    assertProblem(new SearchQuery("s", SearchCriteria.builder().zip("78701").baths(3.0, 1.5).build(), null),
        ErrorCode.VALIDATION_ERROR, "criteria.baths_min");
    assertProblem(new SearchQuery("s", SearchCriteria.builder().zip("78701").sqft(3000, 1000).build(), null),
        ErrorCode.VALIDATION_ERROR, "criteria.sqft_min");
    assertProblem(new SearchQuery("s", SearchCriteria.builder().zip("78701").yearBuilt(2000, 1990).build(), null),
        ErrorCode.VALIDATION_ERROR, "criteria.year_built_min");
    assertProblem(new SearchQuery("s", SearchCriteria.builder().zip("78701").value(5L, 4L).build(), null),
        ErrorCode.VALIDATION_ERROR, "criteria.value_min");
    assertProblem(new SearchQuery("s", SearchCriteria.builder().zip("78701").equity(5L, 4L).build(), null),
        ErrorCode.VALIDATION_ERROR, "criteria.equity_min");
    assertProblem(new SearchQuery("s", SearchCriteria.builder().zip("78701")
            .lastSale(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 1)).build(), null),
        ErrorCode.VALIDATION_ERROR, "criteria.last_sale_from");
    assertThat(new SearchQuery("s", SearchCriteria.zip("78701"), null).maxResultsOrDefault()).isEqualTo(25);
  }
}
