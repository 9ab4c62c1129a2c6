package dev.bulkestate.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.Envelope;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.Pagination;
import dev.bulkestate.core.Progress;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsSummary;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.DetailsOptions;
import dev.bulkestate.core.request.PersonName;
import dev.bulkestate.core.request.PostalAddress;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.SearchCriteria;
import dev.bulkestate.core.request.SearchQuery;
import dev.bulkestate.core.request.SkipTraceOptions;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.request.ValuationOptions;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.request.VerificationOptions;
import dev.bulkestate.core.request.Webhook;
import dev.bulkestate.core.webhook.WebhookEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the model holds, the JSON mapping writes it and reads back an equal value. */
class JsonRoundTripPropertiesTest {
  private static final ObjectMapper MAPPER = BulkJson.mapper();

  private static <T> void assertRoundTrip(T value, JavaType type) throws Exception {
    String json = MAPPER.writeValueAsString(value);
    Object back = MAPPER.readValue(json, type);
    assertThat(back).as(json).isEqualTo(value);
  }

  private static <T> void assertRoundTrip(T value) throws Exception {
    assertRoundTrip(value, MAPPER.getTypeFactory().constructType(value.getClass()));
  }

  // ---- value generators

  static Arbitrary<String> text() {
    return Arbitraries.strings().ofMaxLength(12);
  }

  static Arbitrary<String> maybeText() {
    return text().injectNull(0.3);
  }

  static Arbitrary<Integer> count() {
    return Arbitraries.integers().between(0, 1_000_000).injectNull(0.2);
  }

  static Arbitrary<Long> credits() {
    return Arbitraries.longs().between(0, Long.MAX_VALUE / 2).injectNull(0.2);
  }

  static Arbitrary<Instant> instant() {
    return Combinators.combine(Arbitraries.longs().between(0, 4_000_000_000L),
        Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond).injectNull(0.2);
  }

  static Arbitrary<Map<String, Object>> extras() {
    Arbitrary<Object> value = Arbitraries.oneOf(text().map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false).map(b -> (Object) b));
    return Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
        .map(k -> "x_" + k), value).ofMaxSize(3);
  }

  static Arbitrary<JobStatus> jobStatus() {
    return Arbitraries.oneOf(Arbitraries.of(JobStatus.KNOWN), text().map(JobStatus::of)).injectNull(0.1);
  }

  static Arbitrary<RecordStatus> recordStatus() {
    return Arbitraries.oneOf(Arbitraries.of(RecordStatus.KNOWN), text().map(RecordStatus::of));
  }

  static Arbitrary<JobType> jobType() {
    return Arbitraries.oneOf(Arbitraries.of(JobType.KNOWN), text().map(JobType::of)).injectNull(0.1);
  }

  static Arbitrary<ApiError> apiError() {
    Arbitrary<Map<String, Object>> details = Arbitraries.maps(text(),
        Arbitraries.oneOf(text().map(s -> (Object) s), Arbitraries.integers().map(i -> (Object) i)))
        .ofMaxSize(3);
    return Combinators.combine(text(), maybeText(), details).as(ApiError::new);
  }

  static Arbitrary<Progress> progress() {
    return Combinators.combine(count(), count(), count(), count(), count(), count())
        .as(Progress::new).injectNull(0.2);
  }

  @Provide
  Arbitrary<Job> jobs() {
    return Builders.withBuilder(() -> new Object[16])
        .use(text()).in((a, v) -> set(a, 0, v))
        .use(maybeText()).in((a, v) -> set(a, 1, v))
        .use(jobType()).in((a, v) -> set(a, 2, v))
        .use(jobStatus()).in((a, v) -> set(a, 3, v))
        .use(instant()).in((a, v) -> set(a, 4, v))
        .use(instant()).in((a, v) -> set(a, 5, v))
        .use(instant()).in((a, v) -> set(a, 6, v))
        .use(progress()).in((a, v) -> set(a, 7, v))
        .use(instant()).in((a, v) -> set(a, 8, v))
        .use(credits()).in((a, v) -> set(a, 9, v))
        .use(credits()).in((a, v) -> set(a, 10, v))
        .use(Arbitraries.of(true, false).injectNull(0.3)).in((a, v) -> set(a, 11, v))
        .use(instant()).in((a, v) -> set(a, 12, v))
        .use(apiError().injectNull(0.7)).in((a, v) -> set(a, 13, v))
        .use(maybeText()).in((a, v) -> set(a, 14, v))
        .use(extras()).in((a, v) -> set(a, 15, v))
        .build(a -> new Job((String) a[0], (String) a[1], (JobType) a[2], (JobStatus) a[3],
            (Instant) a[4], (Instant) a[5], (Instant) a[6], (Progress) a[7], (Instant) a[8],
            (Long) a[9], (Long) a[10], (Boolean) a[11], (Instant) a[12], (ApiError) a[13],
            (String) a[14], cast(a[15])));
  }

  private static Object[] set(Object[] array, int index, Object value) {
    array[index] = value;
    return array;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object map) {
    return (Map<String, Object>) map;
  }

  @Provide
  Arbitrary<RecordResult> recordResults() {
    Arbitrary<Object> data = Arbitraries.maps(text(), Arbitraries.oneOf(text().map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i))).ofMaxSize(3).map(m -> (Object) m).injectNull(0.3);
    return Combinators.combine(text(), recordStatus(), data,
            text().list().ofMaxSize(3).injectNull(0.5), apiError().injectNull(0.5),
            Arbitraries.of(true, false).injectNull(0.6), extras())
        .as(RecordResult::new);
  }

  @Provide
  Arbitrary<ResultsPage> resultsPages() {
    Arbitrary<Pagination> pagination = Combinators.combine(count(), count(), count(),
        Arbitraries.of(true, false).injectNull(0.1)).as(Pagination::new).injectNull(0.1);
    Arbitrary<ResultsSummary> summary = Combinators.combine(count(), count(), count(),
            Arbitraries.doubles().between(0, 1).injectNull(0.2), credits(), count())
        .as(ResultsSummary::new).injectNull(0.3);
    return Combinators.combine(text(), jobStatus(), recordResults().list().ofMaxSize(4), pagination,
        summary, extras()).as(ResultsPage::new);
  }

  @Provide
  Arbitrary<JobAccepted> acceptances() {
    return Combinators.combine(text(), jobStatus(), instant(), count(), instant(), credits(),
        Arbitraries.of(true, false).injectNull(0.3), extras()).as(JobAccepted::new);
  }

  static Arbitrary<Webhook> webhook() {
    return Combinators.combine(text(), Arbitraries.of(Webhook.KNOWN_EVENTS).list().ofMaxSize(5)
        .injectNull(0.3)).as(Webhook::new).injectNull(0.4);
  }

  static Arbitrary<PropertyRef> propertyRef() {
    return Combinators.combine(text(), maybeText(), maybeText(), maybeText(), maybeText(), maybeText())
        .as(PropertyRef::new);
  }

  @Provide
  Arbitrary<Object> requests() {
    Arbitrary<DetailsOptions> detailsOptions = Combinators.combine(
        Arbitraries.of(DetailsOptions.SECTIONS).list().ofMaxSize(4).injectNull(0.3),
        Arbitraries.of("json", "csv").injectNull(0.5), Arbitraries.of("polling", "webhook").injectNull(0.5))
        .as(DetailsOptions::new).injectNull(0.3);
    Arbitrary<PropertyDetailsRequest> details = Combinators.combine(maybeText(),
        propertyRef().list().ofMaxSize(4), detailsOptions, webhook()).as(PropertyDetailsRequest::new);

    Arbitrary<ValuationOptions> valuationOptions = Combinators.combine(
        Arbitraries.of(true, false).injectNull(0.3), Arbitraries.of(true, false).injectNull(0.3),
        Arbitraries.of(true, false).injectNull(0.3), Arbitraries.integers().between(1, 25).injectNull(0.5))
        .as(ValuationOptions::new).injectNull(0.3);
    Arbitrary<ValuationsRequest> valuations = Combinators.combine(maybeText(),
        propertyRef().list().ofMaxSize(4), valuationOptions, webhook()).as(ValuationsRequest::new);

    Arbitrary<PersonName> name = Combinators.combine(maybeText(), maybeText(), maybeText())
        .as(PersonName::new).injectNull(0.5);
    Arbitrary<PostalAddress> address = Combinators.combine(maybeText(), maybeText(), maybeText(),
        maybeText()).as(PostalAddress::new).injectNull(0.5);
    Arbitrary<SkipTraceRecord> skipRecord = Combinators.combine(text(), maybeText(), name, address,
        maybeText()).as(SkipTraceRecord::new);
    Arbitrary<SkipTraceOptions> skipOptions = Combinators.combine(
        Arbitraries.of(true, false).injectNull(0.3), Arbitraries.of(true, false).injectNull(0.3),
        Arbitraries.of("standard", "fcra").injectNull(0.3),
        Arbitraries.of(SkipTraceOptions.PERMISSIBLE_PURPOSES).injectNull(0.5))
        .as(SkipTraceOptions::new).injectNull(0.3);
    Arbitrary<SkipTraceRequest> skipTrace = Combinators.combine(maybeText(),
        skipRecord.list().ofMaxSize(4), skipOptions, webhook()).as(SkipTraceRequest::new);

    Arbitrary<AddressInput> addressInput = Combinators.combine(text(), maybeText(), maybeText(),
        maybeText(), maybeText(), maybeText()).as(AddressInput::new);
    Arbitrary<VerificationOptions> verificationOptions = Combinators.combine(
        Arbitraries.of(true, false).injectNull(0.3), Arbitraries.of(true, false).injectNull(0.3),
        Arbitraries.of(true, false).injectNull(0.3), Arbitraries.of(true, false).injectNull(0.3),
        Arbitraries.integers().between(1, 10).injectNull(0.5))
        .as(VerificationOptions::new).injectNull(0.3);
    Arbitrary<AddressVerificationRequest> verification = Combinators.combine(maybeText(),
        addressInput.list().ofMaxSize(4), verificationOptions, webhook())
        .as(AddressVerificationRequest::new);

    Arbitrary<SearchCriteria> criteria = Combinators.combine(maybeText(), maybeText(),
            Arbitraries.integers().between(0, 10).injectNull(0.5),
            Arbitraries.doubles().between(0, 10).injectNull(0.5),
            Arbitraries.longs().between(0, 10_000_000).injectNull(0.5),
            Arbitraries.of(true, false).injectNull(0.5),
            Arbitraries.integers().between(0, 20_000).injectNull(0.5).map(d ->
                d == null ? null : LocalDate.of(1990, 1, 1).plusDays(d)))
        .as((zip, state, beds, baths, value, owner, sale) -> SearchCriteria.builder().zip(zip)
            .state(state).beds(beds, beds).baths(baths, null).value(null, value).ownerOccupied(owner)
            .lastSale(sale, null).build()).injectNull(0.2);
    Arbitrary<SearchQuery> search = Combinators.combine(text(), criteria,
        Arbitraries.integers().between(1, 1000).injectNull(0.5)).as(SearchQuery::new);
    Arbitrary<PropertySearchRequest> searchRequest = Combinators.combine(maybeText(),
        search.list().ofMaxSize(4), webhook()).as(PropertySearchRequest::new);

    return Arbitraries.oneOf(details.map(r -> (Object) r), valuations.map(r -> (Object) r),
        skipTrace.map(r -> (Object) r), verification.map(r -> (Object) r),
        searchRequest.map(r -> (Object) r));
  }

  // ---- properties

  @Property(tries = 300)
  void jobsRoundTrip(@ForAll("jobs") Job job) throws Exception {
    assertRoundTrip(job);
    assertRoundTrip(Envelope.success(job), BulkJson.envelopeOf(Job.class));
  }

  @Property(tries = 300)
  void recordResultsRoundTrip(@ForAll("recordResults") RecordResult result) throws Exception {
    assertRoundTrip(result);
  }

  @Property(tries = 200)
  void resultsPagesRoundTrip(@ForAll("resultsPages") ResultsPage page) throws Exception {
    assertRoundTrip(Envelope.success(page), BulkJson.envelopeOf(ResultsPage.class));
  }

  @Property(tries = 200)
  void acceptancesRoundTrip(@ForAll("acceptances") JobAccepted accepted) throws Exception {
    assertRoundTrip(accepted);
  }

  @Property(tries = 300)
  void requestsRoundTrip(@ForAll("requests") Object request) throws Exception {
    assertRoundTrip(request);
  }

  @Property(tries = 200)
  void errorEnvelopesRoundTrip(@ForAll("errors") ApiError error) throws Exception {
    assertRoundTrip(Envelope.error(error), BulkJson.envelopeOf(Object.class));
  }

  @Provide
  Arbitrary<ApiError> errors() {
    return apiError();
  }

  @Provide
  Arbitrary<WebhookEvent> events() {
    Arbitrary<String> jobId = text();
    Arbitrary<Instant> at = instant();
    Arbitrary<Long> sequence = Arbitraries.longs().between(1, Long.MAX_VALUE).injectNull(0.3);
    Arbitrary<WebhookEvent.Counts> counts = Combinators.combine(count(), count(), count())
        .as(WebhookEvent.Counts::new).injectNull(0.2);
    Arbitrary<WebhookEvent> progress = Combinators.combine(jobId, at, sequence, counts, instant())
        .as((id, t, n, c, eta) -> new WebhookEvent.ProgressUpdate(Webhook.PROGRESS_UPDATE, id, t, n,
            new WebhookEvent.ProgressUpdate.Data(c, eta)));
    Arbitrary<WebhookEvent> completed = Combinators.combine(jobId, at, sequence, jobStatus(),
            Combinators.combine(count(), count(), count(), credits(), count())
                .as(WebhookEvent.JobCompleted.Summary::new).injectNull(0.2), maybeText())
        .as((id, t, n, status, summary, url) -> new WebhookEvent.JobCompleted(Webhook.JOB_COMPLETED,
            id, t, n, new WebhookEvent.JobCompleted.Data(status, summary, url)));
    Arbitrary<WebhookEvent> failed = Combinators.combine(jobId, at, sequence, apiError().injectNull(0.2),
            count(), credits())
        .as((id, t, n, error, processed, used) -> new WebhookEvent.JobFailed(Webhook.JOB_FAILED, id, t,
            n, new WebhookEvent.JobFailed.Data(error, processed, used)));
    Arbitrary<WebhookEvent> batch = Combinators.combine(jobId, at, sequence, count(), count(), counts)
        .as((id, t, n, b, records, c) -> new WebhookEvent.BatchCompleted(Webhook.BATCH_COMPLETED, id,
            t, n, new WebhookEvent.BatchCompleted.Data(b, records, records, 0, 0, c)));
    Arbitrary<WebhookEvent> record = Combinators.combine(jobId, at, sequence, recordResults())
        .as((id, t, n, r) -> new WebhookEvent.RecordProcessed(Webhook.RECORD_PROCESSED, id, t, n, r));
    return Arbitraries.oneOf(progress, completed, failed, batch, record);
  }

  @Property(tries = 300)
  void webhookEventsRoundTrip(@ForAll("events") WebhookEvent event) throws Exception {
    assertRoundTrip(event, MAPPER.getTypeFactory().constructType(WebhookEvent.class));
  }
}
