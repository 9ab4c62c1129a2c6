package dev.bulkestate.examples;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.VerifiedAddress;
import dev.bulkestate.core.jobs.JobHandle;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.VerificationOptions;
import dev.bulkestate.engine.InMemoryBulkEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Mailing-list clean-up: verify every address of a list, write the deliverable ones in their
 * standard USPS form to one file, and the rest, with the reason and the closest suggestion, to
 * another for a person to look at.
 *
 * <pre>{@code
 * java ... dev.bulkestate.examples.MailingListCleanup examples/data/addresses.csv out/
 * }</pre>
 */
public final class MailingListCleanup {

  public static final List<String> DELIVERABLE_COLUMNS =
      List.of("id", "delivery_line", "last_line", "corrections");
  public static final List<String> REVIEW_COLUMNS =
      List.of("id", "reason", "delivery_line", "last_line", "suggestion");

  /** How the list split. */
  public record Outcome(String jobId, int deliverable, int toReview, int withSuggestion) {}

  private MailingListCleanup() {}

  public static void main(String[] args) throws IOException {
    Path input = Path.of(args.length > 0 ? args[0] : "examples/data/addresses.csv");
    Path outDir = Path.of(args.length > 1 ? args[1] : ".");
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.create()) {
      System.out.println(run(engine, ExampleCsv.read(input, AddressInput.class), outDir));
    }
  }

  /** Verifies {@code addresses}; writes {@code deliverable.csv} and {@code review.csv} into {@code outDir}. */
  public static Outcome run(BulkApi api, List<AddressInput> addresses, Path outDir)
      throws IOException {
    AddressVerificationRequest request = AddressVerificationRequest.builder()
        .jobName("Mailing list clean-up")
        // standardize, geocode, validate deliverability, return up to 3 suggestions
        .options(VerificationOptions.defaults().withSuggestions(3))
        .addAll(addresses)
        .build();
    JobHandle job = JobHandle.of(api, api.submit(request));
    Job done = job.await(Duration.ofMinutes(10));
    if (!done.status().equals(JobStatus.COMPLETED)) {
      throw new IllegalStateException("Job " + done.jobId() + " ended " + done.status());
    }
    List<List<String>> deliverable = new ArrayList<>();
    List<List<String>> review = new ArrayList<>();
    int withSuggestion = 0;
    for (RecordResult r : job.results()) {
      if (r.status().equals(RecordStatus.FAILED)) {
        review.add(List.of(r.id(), r.error().code() + ": " + ExampleCsv.cell(r.error().message()), "",
            "", ""));
        continue;
      }
      VerifiedAddress a = r.dataAs(VerifiedAddress.class);
      String status = a.deliverability().status();
      if (VerifiedAddress.Deliverability.DELIVERABLE.equals(status)) {
        deliverable.add(List.of(r.id(), ExampleCsv.cell(a.deliveryLine()), ExampleCsv.cell(a.lastLine()),
            String.valueOf(a.corrections() == null ? 0 : a.corrections().size())));
        continue;
      }
      String suggestion = "";
      if (a.suggestions() != null && !a.suggestions().isEmpty()) {
        VerifiedAddress.Suggestion best = a.suggestions().get(0);
        suggestion = best.deliveryLine() + ", " + best.lastLine();
        withSuggestion++;
      }
      review.add(List.of(r.id(), status, ExampleCsv.cell(a.deliveryLine()),
          ExampleCsv.cell(a.lastLine()), suggestion));
    }
    ExampleCsv.write(outDir.resolve("deliverable.csv"), DELIVERABLE_COLUMNS, deliverable);
    ExampleCsv.write(outDir.resolve("review.csv"), REVIEW_COLUMNS, review);
    return new Outcome(done.jobId(), deliverable.size(), review.size(), withSuggestion);
  }
}
