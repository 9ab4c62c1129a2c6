package dev.bulkestate.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.PayloadTooLargeException;
import dev.bulkestate.core.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The builders validate in {@code build()} through {@link RequestValidator}. */
class RequestValidationTest {

  private static ValidationException invalid(ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(ValidationException.class);
    ValidationException e = (ValidationException) thrown;
    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    assertThat(e.httpStatus()).isEqualTo(400);
    return e;
  }

  private static PropertyDetailsRequest.Builder sixProperties() {
    PropertyDetailsRequest.Builder builder = PropertyDetailsRequest.builder().jobName("six");
    for (int i = 0; i < 6; i++) {
      builder.add(PropertyRef.byPropertyId("p" + i, "PROP" + i));
    }
    return builder;
  }

  @Test
  void aValidRequestOfEachTypeBuilds() {
    PropertyDetailsRequest details = sixProperties().include("ownership", "tax")
        .webhook("https://example.com/hook", "job_completed").build();
    assertThat(details.records()).hasSize(6);
    assertThat(details.options().include()).containsExactly("ownership", "tax");
    assertThat(details.webhook().wants("job_completed")).isTrue();
    assertThat(details.webhook().wants("job_failed")).isFalse();

    assertThat(PropertySearchRequest.builder()
        .add(new SearchQuery("s1", SearchCriteria.zip("78701"), 10)).build().searches()).hasSize(1);
    assertThat(SkipTraceRequest.builder().add(SkipTraceRecord.byPhone("l1", "214-555-0123"))
        .options(new SkipTraceOptions(true, null, "fcra", "tenant_screening")).build()
        .optionsOrDefault().fcraMode()).isTrue();
    assertThat(AddressVerificationRequest.builder().add(AddressInput.full("a1", "1 Main St, Austin, TX"))
        .options(VerificationOptions.all()).build().addresses()).hasSize(1);
    assertThat(ValuationsRequest.builder().add(PropertyRef.byAddress("v1", "1 Main St, Austin, TX"))
        .options(ValuationOptions.all()).build().optionsOrDefault().comparablesOrDefault()).isTrue();
  }

  @Test
  void anEmptyBatchIsRejectedNamingTheRecordsField() {
    assertThat(invalid(() -> PropertyDetailsRequest.builder().build()).field()).isEqualTo("properties");
    assertThat(invalid(() -> PropertySearchRequest.builder().build()).field()).isEqualTo("searches");
    assertThat(invalid(() -> SkipTraceRequest.builder().build()).field()).isEqualTo("records");
    assertThat(invalid(() -> AddressVerificationRequest.builder().build()).field()).isEqualTo("addresses");
    assertThat(invalid(() -> ValuationsRequest.builder().build()).field()).isEqualTo("properties");
    assertThat(invalid(() -> RequestValidator.validate(
        new PropertyDetailsRequest(null, null, null, null), 10)).field()).isEqualTo("properties");
    assertThat(invalid(() -> RequestValidator.validate(null, 10)).field()).isEqualTo("body");
  }

  @Test
  void aDuplicateIdNamesTheLaterRecord() {
    PropertyDetailsRequest.Builder builder = sixProperties();
    builder.add(PropertyRef.byAddress("p2", "1 Main St, Austin, TX"));
    // properties[6] repeats p2; with an extra record in between the index must point at the repeat.
    ValidationException e = invalid(builder::build);
    assertThat(e.field()).isEqualTo("properties[6].id");
    assertThat(e.getMessage()).contains("p2").contains("properties[2]");

    List<PropertyRef> refs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      refs.add(PropertyRef.byPropertyId("p" + i, "X"));
    }
    refs.add(PropertyRef.byPropertyId("p0", "Y"));
    assertThat(invalid(() -> PropertyDetailsRequest.builder().addAll(refs).build()).field())
        .isEqualTo("properties[5].id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t"})
  void aBlankIdIsRejected(String id) {
    ValidationException e = invalid(() -> SkipTraceRequest.builder()
        .add(SkipTraceRecord.byPhone("ok", "214-555-0123"))
        .add(SkipTraceRecord.byPhone(id, "214-555-0124")).build());
    assertThat(e.field()).isEqualTo("records[1].id");
  }

  @Test
  void aNullIdAndATooLongIdAreRejected() {
    assertThat(invalid(() -> AddressVerificationRequest.builder()
        .add(AddressInput.full(null, "1 Main St")).build()).field()).isEqualTo("addresses[0].id");
    String longId = "x".repeat(RequestValidator.MAX_RECORD_ID_LENGTH + 1);
    assertThat(invalid(() -> AddressVerificationRequest.builder()
        .add(AddressInput.full(longId, "1 Main St")).build()).field()).isEqualTo("addresses[0].id");
    assertThat(AddressVerificationRequest.builder()
        .add(AddressInput.full("x".repeat(RequestValidator.MAX_RECORD_ID_LENGTH), "1 Main St")).build()
        .addresses()).hasSize(1);
  }

  @Test
  void aTooLongJobNameIsRejected() {
    assertThat(invalid(() -> sixProperties().jobName("n".repeat(201)).build()).field())
        .isEqualTo("job_name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/hook", "example.com/hook", "javascript:alert(1)",
      "https://", "http://exa mple.com/", "https://user:pw@example.com/hook", " "})
  void aBadWebhookUrlIsRejected(String url) {
    ValidationException e = invalid(() -> sixProperties().webhook(new Webhook(url, null)).build());
    assertThat(e.field()).isEqualTo("webhook.url");
    assertThat(e.getMessage()).doesNotContain("pw@");
  }

  @Test
  void aMissingOrOverlongWebhookUrlIsRejected() {
    assertThat(invalid(() -> sixProperties().webhook(new Webhook(null, List.of())).build()).field())
        .isEqualTo("webhook.url");
    String longUrl = "https://example.com/" + "a".repeat(RequestValidator.MAX_URL_LENGTH);
    assertThat(invalid(() -> sixProperties().webhook(new Webhook(longUrl, null)).build()).field())
        .isEqualTo("webhook.url");
  }

  @Test
  void httpAndHttpsWebhooksAreAcceptedInAnyCase() {
    assertThat(sixProperties().webhook(new Webhook("HTTP://127.0.0.1:8080/h", null)).build().webhook())
        .isNotNull();
    assertThat(sixProperties().webhook(new Webhook("https://example.com/h?x=1", List.of())).build()
        .webhook().wants("job_failed")).isTrue();
  }

  @Test
  void anUnknownWebhookEventIsRejectedNamingItsIndex() {
    ValidationException e = invalid(() -> sixProperties()
        .webhook("https://example.com/hook", "job_completed", "job_exploded").build());
    assertThat(e.field()).isEqualTo("webhook.events[1]");
    assertThat(e.getMessage()).contains("job_exploded");
  }

  @Test
  void fcraWithoutPermissiblePurposeIsRejected() {
    ValidationException e = invalid(() -> SkipTraceRequest.builder()
        .add(SkipTraceRecord.byPhone("l1", "214-555-0123"))
        .options(new SkipTraceOptions(null, null, "fcra", null)).build());
    assertThat(e.field()).isEqualTo("options.permissible_purpose");
    assertThat(invalid(() -> SkipTraceRequest.builder()
        .add(SkipTraceRecord.byPhone("l1", "214-555-0123"))
        .options(new SkipTraceOptions(null, null, "fcra", "curiosity")).build()).field())
        .isEqualTo("options.permissible_purpose");
    assertThat(invalid(() -> SkipTraceRequest.builder()
        .add(SkipTraceRecord.byPhone("l1", "214-555-0123"))
        .options(new SkipTraceOptions(null, null, "lenient", null)).build()).field())
        .isEqualTo("options.compliance_mode");
  }

  @Test
  void anUnknownIncludeSectionIsRejectedNamingItsIndex() {
    ValidationException e = invalid(() -> sixProperties().include("tax", "horoscope").build());
    assertThat(e.field()).isEqualTo("options.include[1]");
    assertThat(e.getMessage()).contains("horoscope");
    assertThat(invalid(() -> sixProperties().options(new DetailsOptions(null, "xml", null)).build())
        .field()).isEqualTo("options.format");
    assertThat(invalid(() -> sixProperties().options(new DetailsOptions(null, null, "fax")).build())
        .field()).isEqualTo("options.delivery_method");
  }

  @Test
  void outOfRangeOptionsAreRejected() {
    assertThat(invalid(() -> ValuationsRequest.builder().add(PropertyRef.byPropertyId("v", "P"))
        .options(new ValuationOptions(null, true, null, 26)).build()).field())
        .isEqualTo("valuation_options.max_comparables");
    assertThat(invalid(() -> AddressVerificationRequest.builder().add(AddressInput.full("a", "x"))
        .options(new VerificationOptions(null, null, null, true, 0)).build()).field())
        .isEqualTo("options.max_suggestions");
  }

  @Test
  void theValidatorEnforcesAGivenRecordLimit() {
    PropertyDetailsRequest request = sixProperties().build();
    RequestValidator.validate(request, 6);
    assertThatThrownBy(() -> RequestValidator.validate(request, 5))
        .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BATCH_TOO_LARGE);
          assertThat(e.httpStatus()).isEqualTo(413);
          assertThat(e.error().details()).containsEntry("max_records", 5)
              .containsEntry("submitted_records", 6).containsEntry("field", "properties");
        });
  }

  @Test
  void recordsWithoutAUsableIdentifierDoNotFailTheBuild() {
    // They fail on their own at processing time (InputRecord.problem()), not the whole job.
    PropertyDetailsRequest request = PropertyDetailsRequest.builder()
        .add(new PropertyRef("empty", null, null, null, null, null)).build();
    assertThat(request.properties().get(0).problem()).isPresent();
  }

  @Test
  void buildersCopyTheirRecords() {
    PropertyDetailsRequest.Builder builder = sixProperties();
    PropertyDetailsRequest first = builder.build();
    builder.add(PropertyRef.byPropertyId("p6", "P6"));
    assertThat(first.records()).hasSize(6);
    assertThat(builder.build().records()).hasSize(7);
    assertThatThrownBy(() -> first.records().add(PropertyRef.byPropertyId("x", "y")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullElementsReadFromJsonAreNamedByTheValidator() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper mapper = dev.bulkestate.core.json.BulkJson.mapper();
    PropertyDetailsRequest nullRecord = mapper.readValue(
        "{\"properties\":[{\"id\":\"a\",\"property_id\":\"P\"},null]}", PropertyDetailsRequest.class);
    assertThat(invalid(() -> RequestValidator.validate(nullRecord, 10)).field()).isEqualTo("properties[1]");

    PropertyDetailsRequest nullEvent = mapper.readValue("""
        {"properties":[{"id":"a","property_id":"P"}],
         "webhook":{"url":"https://example.com/h","events":["job_completed",null]}}""",
        PropertyDetailsRequest.class);
    assertThat(invalid(() -> RequestValidator.validate(nullEvent, 10)).field())
        .isEqualTo("webhook.events[1]");

    PropertyDetailsRequest nullSection = mapper.readValue("""
        {"properties":[{"id":"a","property_id":"P"}],"options":{"include":[null]}}""",
        PropertyDetailsRequest.class);
    assertThat(invalid(() -> RequestValidator.validate(nullSection, 10)).field())
        .isEqualTo("options.include[0]");
    assertThat(nullSection.options().includes("tax")).isFalse();
  }
}
