package dev.bulkestate.examples;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.core.data.Valuation;
import dev.bulkestate.core.jobs.JobHandle;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.ValuationOptions;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.engine.InMemoryBulkEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Portfolio analysis: property details and valuations of every property in a CSV portfolio, as
 * two jobs run side by side, joined by record id into a summary table per state.
 *
 * <pre>{@code
 * java ... dev.bulkestate.examples.PortfolioAnalysis examples/data/portfolio.csv
 * }</pre>
 */
public final class PortfolioAnalysis {

  /** One line of the summary: the properties of one state. */
  public record StateRow(String state, int properties, long totalValue, long medianValue,
      int averageConfidence, long totalMonthlyRent) {}

  /** What the analysis found: per-state rows (by state) and the records it could not value. */
  public record Report(List<StateRow> rows, int valued, int failed, long totalValue) {}

  private PortfolioAnalysis() {}

  public static void main(String[] args) throws IOException {
    Path input = Path.of(args.length > 0 ? args[0] : "examples/data/portfolio.csv");
    // Any BulkApi works here: a BulkClient against a server runs the same code.
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.create()) {
      print(analyse(engine, ExampleCsv.read(input, PropertyRef.class)), System.out);
    }
  }

  /** Submits both jobs, waits for both, and summarizes per state. */
  public static Report analyse(BulkApi api, List<PropertyRef> portfolio) {
    JobHandle details = JobHandle.of(api, api.submit(PropertyDetailsRequest.builder()
        .jobName("Portfolio details")
        .include("building", "tax", "ownership")
        .addAll(portfolio)
        .build()));
    JobHandle valuations = JobHandle.of(api, api.submit(ValuationsRequest.builder()
        .jobName("Portfolio valuation")
        .options(ValuationOptions.defaults().withRentalEstimate(true))
        .addAll(portfolio)
        .build()));
    requireCompleted(details.await(Duration.ofMinutes(10)));
    requireCompleted(valuations.await(Duration.ofMinutes(10)));

    // The state comes from the details (a portfolio row may name only a property id).
    Map<String, String> stateOf = new HashMap<>();
    for (RecordResult r : details.results()) {
      if (!r.status().equals(RecordStatus.FAILED)) {
        stateOf.put(r.id(), r.dataAs(PropertyDetails.class).address().state());
      }
    }
    Map<String, List<Valuation>> byState = new TreeMap<>();
    int failed = 0;
    for (RecordResult r : valuations.results()) {
      if (r.status().equals(RecordStatus.FAILED) || !stateOf.containsKey(r.id())) {
        failed++;
        continue;
      }
      byState.computeIfAbsent(stateOf.get(r.id()), s -> new ArrayList<>())
          .add(r.dataAs(Valuation.class));
    }
    List<StateRow> rows = byState.entrySet().stream().map(e -> row(e.getKey(), e.getValue())).toList();
    return new Report(rows, rows.stream().mapToInt(StateRow::properties).sum(), failed,
        rows.stream().mapToLong(StateRow::totalValue).sum());
  }

  private static StateRow row(String state, List<Valuation> values) {
    long[] sorted = values.stream().mapToLong(Valuation::estimatedValue).sorted().toArray();
    long total = Arrays.stream(sorted).sum();
    int confidence = (int) Math.round(values.stream().filter(v -> v.confidenceScore() != null)
        .mapToInt(Valuation::confidenceScore).average().orElse(0));
    long rent = values.stream().filter(v -> v.rentalEstimate() != null)
        .mapToLong(v -> v.rentalEstimate().monthlyRent()).sum();
    return new StateRow(state, sorted.length, total, sorted[sorted.length / 2], confidence, rent);
  }

  private static void requireCompleted(Job job) {
    if (!job.status().equals(JobStatus.COMPLETED)) {
      throw new IllegalStateException("Job " + job.jobId() + " ended " + job.status());
    }
  }

  /** Prints the report as a fixed-width table. */
  public static void print(Report report, PrintStream out) {
    out.printf(Locale.ROOT, "%-5s %5s %15s %13s %5s %11s%n",
        "state", "props", "total value", "median", "conf", "rent/month");
    for (StateRow r : report.rows()) {
      out.printf(Locale.ROOT, "%-5s %5d %,15d %,13d %5d %,11d%n", r.state(), r.properties(),
          r.totalValue(), r.medianValue(), r.averageConfidence(), r.totalMonthlyRent());
    }
    out.printf(Locale.ROOT, "%d properties valued at %,d in all; %d could not be valued%n",
        report.valued(), report.totalValue(), report.failed());
  }
}
