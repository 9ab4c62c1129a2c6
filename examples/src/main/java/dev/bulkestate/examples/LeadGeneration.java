package dev.bulkestate.examples;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.SkipTraceResult;
import dev.bulkestate.core.jobs.JobHandle;
import dev.bulkestate.core.request.SkipTraceOptions;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.engine.InMemoryBulkEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lead generation: skip trace a list of leads in FCRA mode (which requires a permissible purpose
 * and records it in every result), with relatives, and write one CSV row per lead with the best
 * phone to call: a mobile number not on the Do Not Call list first, then any number not on it.
 *
 * <pre>{@code
 * java ... dev.bulkestate.examples.LeadGeneration examples/data/leads.csv leads.out.csv
 * }</pre>
 */
public final class LeadGeneration {

  /** The columns of the output file. */
  public static final List<String> COLUMNS = List.of("id", "status", "name", "phone", "phone_type",
      "email", "relatives", "compliance", "error_code");

  /** Counts of what the run wrote. */
  public record Outcome(String jobId, int found, int withCallablePhone, int notFound) {}

  private LeadGeneration() {}

  public static void main(String[] args) throws IOException {
    Path input = Path.of(args.length > 0 ? args[0] : "examples/data/leads.csv");
    Path output = Path.of(args.length > 1 ? args[1] : "leads.out.csv");
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.create()) {
      Outcome outcome = run(engine, ExampleCsv.read(input, SkipTraceRecord.class), output);
      System.out.println(outcome);
    }
  }

  /** Skip traces {@code leads} and writes {@code output}. */
  public static Outcome run(BulkApi api, List<SkipTraceRecord> leads, Path output)
      throws IOException {
    SkipTraceRequest request = SkipTraceRequest.builder()
        .jobName("Q1 lead generation")
        .options(SkipTraceOptions.fcra("legitimate_business_need").withRelatives(true))
        .addAll(leads)
        .build();
    JobHandle job = JobHandle.of(api, api.submit(request));
    Job done = job.await(Duration.ofMinutes(10));
    if (!done.status().equals(JobStatus.COMPLETED)) {
      throw new IllegalStateException("Job " + done.jobId() + " ended " + done.status());
    }
    List<List<String>> rows = new ArrayList<>();
    int found = 0;
    int callable = 0;
    int notFound = 0;
    for (RecordResult r : job.results()) {
      if (r.status().equals(RecordStatus.FAILED)) {
        notFound++;
        rows.add(List.of(r.id(), r.status().value(), "", "", "", "", "", "", r.error().code()));
        continue;
      }
      SkipTraceResult trace = r.dataAs(SkipTraceResult.class);
      if (trace.persons() == null || trace.persons().isEmpty()) {
        notFound++;
        rows.add(List.of(r.id(), r.status().value(), "", "", "", "", "", "", ""));
        continue;
      }
      found++;
      SkipTraceResult.Person person = trace.persons().get(0);
      SkipTraceResult.Phone phone = bestPhone(person);
      if (phone != null) {
        callable++;
      }
      rows.add(List.of(r.id(), r.status().value(),
          (person.firstName() == null ? "" : person.firstName() + " ") + person.lastName(),
          phone == null ? "" : phone.number(), phone == null ? "" : ExampleCsv.cell(phone.type()),
          person.emails() == null || person.emails().isEmpty() ? "" : person.emails().get(0).address(),
          String.valueOf(person.relatives() == null ? 0 : person.relatives().size()),
          trace.compliance().mode() + ":" + trace.compliance().permissiblePurpose(), ""));
    }
    ExampleCsv.write(output, COLUMNS, rows);
    return new Outcome(done.jobId(), found, callable, notFound);
  }

  /** A mobile number not on the DNC list, else any number not on it, else none. */
  static SkipTraceResult.Phone bestPhone(SkipTraceResult.Person person) {
    if (person.phones() == null) {
      return null;
    }
    return person.phones().stream()
        .filter(p -> !p.dnc())
        .min(Comparator.comparing(p -> !"mobile".equals(p.type())))
        .orElse(null);
  }
}
