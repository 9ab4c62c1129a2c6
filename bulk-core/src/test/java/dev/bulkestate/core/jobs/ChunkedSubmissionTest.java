package dev.bulkestate.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.QuotaExceededException;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ValidationException;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.RequestValidator;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.request.Webhook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ChunkedSubmissionTest {
  private final FakeBulkApi api = new FakeBulkApi();

  private static List<PropertyRef> refs(int count) {
    return IntStream.range(0, count).mapToObj(i -> PropertyRef.byPropertyId("p" + i, "PROP" + i)).toList();
  }

  private static PropertyDetailsRequest details(String name, List<PropertyRef> refs) {
    return PropertyDetailsRequest.builder().jobName(name).addAll(refs)
        .webhook(Webhook.of("https://example.com/hook", "job_completed")).build();
  }

  @Test
  void splitsAtTheTypesLimitInInputOrderWithPartNames() {
    List<JobAccepted> accepted = ChunkedSubmission.submit(api, details("Portfolio", refs(2500)), "batch-7");
    assertThat(accepted).extracting(JobAccepted::jobId).containsExactly("job_1", "job_2", "job_3");
    assertThat(api.created).extracting(r -> r.records().size()).containsExactly(1000, 1000, 500);
    assertThat(api.created).extracting(JobRequest::jobName)
        .containsExactly("Portfolio (part 1/3)", "Portfolio (part 2/3)", "Portfolio (part 3/3)");
    assertThat(api.created.get(1).records().get(0).id()).isEqualTo("p1000");
    assertThat(api.created.get(2).records().get(499).id()).isEqualTo("p2499");
    assertThat(api.created).allSatisfy(r -> assertThat(r.webhook().url()).isEqualTo("https://example.com/hook"));
    assertThat(api.sentKeys).hasSize(3).doesNotHaveDuplicates()
        .allSatisfy(key -> assertThat(key).matches("batch-7-[123]of3-[0-9a-f]{16}"));
    assertThat(api.sentKeys.get(0)).startsWith("batch-7-1of3-");
  }

  @Test
  void otherTypesUseTheirOwnLimit() {
    ValuationsRequest valuations = ValuationsRequest.builder().addAll(refs(10_001)).build();
    assertThat(ChunkedSubmission.submit(api, valuations, "v")).hasSize(2);
    assertThat(api.created).extracting(r -> r.records().size()).containsExactly(10_000, 1);
    assertThat(api.created).extracting(JobRequest::jobName).containsExactly("part 1/2", "part 2/2");
  }

  @Test
  void oneChunkKeepsItsName() {
    List<JobAccepted> accepted = ChunkedSubmission.submit(api, details("Small", refs(1000)), "k");
    assertThat(accepted).hasSize(1);
    assertThat(api.created.get(0).jobName()).isEqualTo("Small");
    assertThat(api.created.get(0).records()).hasSize(1000);
    assertThat(api.sentKeys.get(0)).matches("k-1of1-[0-9a-f]{16}");
  }

  @Test
  void aGivenMaximumOverridesTheTypes() {
    ChunkedSubmission chunked = ChunkedSubmission.builder(api).maxRecordsPerJob(3)
        .requestOptions(RequestOptions.none().withTimeout(Duration.ofSeconds(5))).build();
    assertThat(chunked.submit(details(null, refs(7)), "k")).hasSize(3);
    assertThat(api.created).extracting(r -> r.records().size()).containsExactly(3, 3, 1);
    assertThatThrownBy(() -> ChunkedSubmission.builder(api).maxRecordsPerJob(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aResubmitAfterACrashMakesNoDuplicates() {
    PropertyDetailsRequest input = details("Big", refs(2500));
    // The first attempt dies at the third chunk (say, a crash or a 5xx after two accepted).
    api.refuse = request -> api.created.size() == 2
        ? BulkApiException.of(ApiError.of(ErrorCode.INTERNAL_ERROR, "boom")) : null;
    assertThatThrownBy(() -> ChunkedSubmission.submit(api, input, "run-1"))
        .isInstanceOfSatisfying(ChunkedSubmissionException.class, e -> {
          assertThat(e.accepted()).extracting(JobAccepted::jobId).containsExactly("job_1", "job_2");
          assertThat(e.failedChunk()).isEqualTo(2);
          assertThat(e.chunkCount()).isEqualTo(3);
          assertThat(e.getCause()).isInstanceOf(BulkApiException.class);
        });
    api.refuse = request -> null;
    List<JobAccepted> again = ChunkedSubmission.submit(api, input, "run-1");
    assertThat(again).extracting(JobAccepted::jobId).containsExactly("job_1", "job_2", "job_3");
    assertThat(api.created).hasSize(3);
    // And once more: everything comes back, nothing new.
    assertThat(ChunkedSubmission.submit(api, input, "run-1")).isEqualTo(again);
    assertThat(api.created).hasSize(3);
  }

  @Test
  void aChangedInputDoesNotReuseTheKeyOfOtherContent() {
    List<PropertyRef> original = refs(2500);
    ChunkedSubmission.submit(api, details("Big", original), "run-1");
    List<PropertyRef> changed = new ArrayList<>(original);
    changed.set(1500, PropertyRef.byAddress("p1500", "1 New St, Austin, TX"));
    List<JobAccepted> accepted = ChunkedSubmission.submit(api, details("Big", changed), "run-1");
    // Chunks 1 and 3 are unchanged and come back; chunk 2 changed and is a new job, not a 409.
    assertThat(accepted).extracting(JobAccepted::jobId).containsExactly("job_1", "job_4", "job_3");
    assertThat(new HashSet<>(api.sentKeys)).hasSize(4);
  }

  @Test
  void theWholeInputIsValidatedBeforeAnythingIsSent() {
    List<PropertyRef> refs = new ArrayList<>(refs(1500));
    refs.set(1200, PropertyRef.byPropertyId("p3", "dup"));
    PropertyDetailsRequest withDuplicate = new PropertyDetailsRequest("x", refs, null, null);
    assertThatThrownBy(() -> ChunkedSubmission.submit(api, withDuplicate, "k"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("properties[1200].id"));
    assertThat(api.sentKeys).isEmpty();
  }

  @Test
  void aRefusedFirstChunkThrowsTheApisError() {
    api.refuse = request -> BulkApiException.of(ApiError.of(ErrorCode.QUOTA_EXCEEDED, "no credits"));
    assertThatThrownBy(() -> ChunkedSubmission.submit(api, details("x", refs(5)), "k"))
        .isInstanceOf(QuotaExceededException.class);
  }

  @Test
  void withoutAKeyNoneIsSentAndTheOptionsKeyIsDerivedPerChunk() {
    ChunkedSubmission.builder(api).maxRecordsPerJob(2).build().submit(details("x", refs(3)), null);
    assertThat(api.sentKeys).containsExactly("null", "null");
    api.sentKeys.clear();
    ChunkedSubmission.builder(api).maxRecordsPerJob(2)
        .requestOptions(RequestOptions.idempotencyKey("opt")).build().submit(details("y", refs(3)), null);
    assertThat(api.sentKeys).hasSize(2).allSatisfy(k -> assertThat(k).matches("opt-[12]of2-[0-9a-f]{16}"));
  }

  @Test
  void longNamesAreShortenedToFitWithTheirSuffix() {
    String name = "n".repeat(RequestValidator.MAX_JOB_NAME_LENGTH);
    List<? extends JobRequest<?>> chunks = ChunkedSubmission.split(details(name, refs(3)), 2);
    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).jobName()).hasSize(RequestValidator.MAX_JOB_NAME_LENGTH)
        .endsWith("n (part 1/2)");
    assertThat(ChunkedSubmission.chunkKey("k", 0, 2, chunks.get(0)))
        .isEqualTo(ChunkedSubmission.chunkKey("k", 0, 2, chunks.get(0)))
        .isNotEqualTo(ChunkedSubmission.chunkKey("k", 0, 2, chunks.get(1)));
    assertThatThrownBy(() -> ChunkedSubmission.split(details(name, refs(3)), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
