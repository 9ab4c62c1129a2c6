package dev.bulkestate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.processors.Processors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example over the committed data on the embedded engine, so they never rot. */
@Timeout(120)
class ExamplesTest {
  static final Path DATA = Path.of("data");
  static InMemoryBulkEngine engine;

  @BeforeAll
  static void start() {
    engine = InMemoryBulkEngine.builder().workerThreads(2).build();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void portfolioAnalysisValuesEveryFoundPropertyAndPrintsOneRowPerState() throws Exception {
    List<PropertyRef> portfolio = ExampleCsv.read(DATA.resolve("portfolio.csv"), PropertyRef.class);
    assertThat(portfolio).hasSize(300);

    PortfolioAnalysis.Report report = PortfolioAnalysis.analyse(engine, portfolio);

    // Every 25th row is an address the data does not hold (12 of 300), and one property
    // (prop009) has no comparable sales to value it by.
    assertThat(report.failed()).isEqualTo(13);
    assertThat(report.valued()).isEqualTo(287);
    assertThat(report.rows()).extracting(PortfolioAnalysis.StateRow::state).isSorted().doesNotHaveDuplicates();
    assertThat(report.rows().stream().mapToInt(PortfolioAnalysis.StateRow::properties).sum()).isEqualTo(287);
    assertThat(report.rows()).allSatisfy(r -> {
      assertThat(r.medianValue()).isPositive().isLessThanOrEqualTo(r.totalValue());
      assertThat(r.averageConfidence()).isBetween(1, 100);
    });
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PortfolioAnalysis.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(report.rows().size() + 2);
    assertThat(lines.get(0)).startsWith("state props");
    assertThat(lines.get(lines.size() - 1)).startsWith("287 properties valued at ").endsWith("; 13 could not be valued");
  }

  @Test
  void leadGenerationWritesOneRowPerLeadInFcraMode(@TempDir Path dir) throws Exception {
    List<SkipTraceRecord> leads = ExampleCsv.read(DATA.resolve("leads.csv"), SkipTraceRecord.class);
    Path out = dir.resolve("leads.out.csv");

    LeadGeneration.Outcome outcome = LeadGeneration.run(engine, leads, out);

    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(301);
    assertThat(lines.get(0)).isEqualTo(String.join(",", LeadGeneration.COLUMNS));
    assertThat(outcome.found() + outcome.notFound()).isEqualTo(300);
    // Every 30th lead has only a name: not enough to find anyone.
    assertThat(lines).filteredOn(l -> l.endsWith("," + ErrorCode.INSUFFICIENT_DATA)).hasSize(10);
    assertThat(lines).filteredOn(l -> l.contains("fcra:legitimate_business_need")).hasSize(outcome.found());
    assertThat(lines.get(1)).as("first lead").contains("fcra:legitimate_business_need");
    assertThat(outcome.withCallablePhone()).isPositive().isLessThanOrEqualTo(outcome.found());
  }

  @Test
  void mailingListCleanupSplitsDeliverableFromTheRest(@TempDir Path dir) throws Exception {
    List<AddressInput> list = ExampleCsv.read(DATA.resolve("addresses.csv"), AddressInput.class);

    MailingListCleanup.Outcome outcome = MailingListCleanup.run(engine, list, dir);

    List<String> deliverable = Files.readAllLines(dir.resolve("deliverable.csv"));
    List<String> review = Files.readAllLines(dir.resolve("review.csv"));
    assertThat(deliverable).hasSize(outcome.deliverable() + 1);
    assertThat(review).hasSize(outcome.toReview() + 1);
    assertThat(outcome.deliverable() + outcome.toReview()).isEqualTo(300);
    // Rows 10, 20, ... cannot be fixed; rows 7, 17, ... carry a typo in the street name.
    for (int i = 10; i <= 300; i += 10) {
      String id = String.format("addr%03d,", i);
      assertThat(review).as(id).anyMatch(l -> l.startsWith(id));
    }
    // 27 of the 30 typos leave the data; 3 swap equal letters or make another real street.
    List<String> typos = review.stream().filter(l -> l.matches("addr\\d\\d7,not_in_dataset,.*")).toList();
    assertThat(typos).hasSize(27).allMatch(l -> !l.endsWith(",")); // each with a suggestion
    assertThat(outcome.withSuggestion()).isGreaterThanOrEqualTo(27);
    // Case, spelled-out suffixes, a missing ZIP and one-line addresses are all fixed.
    for (int i = 1; i <= 300; i += 10) {
      String id = String.format("addr%03d,", i);
      assertThat(deliverable).as(id).anyMatch(l -> l.startsWith(id));
    }
  }

  @Test
  void retryResubmitsOnlyTheFailedRecordsAndMergesTheirNewResults() throws Exception {
    Set<String> flaky = Set.of("prop003", "prop011", "prop019");
    try (InMemoryBulkEngine flakyEngine = InMemoryBulkEngine.builder().workerThreads(2)
        .processor(new FailOnceProcessor(flaky)).build()) {
      List<PropertyRef> refs = ExampleCsv.read(DATA.resolve("portfolio.csv"), PropertyRef.class)
          .subList(0, 50);
      String jobId = flakyEngine.submit(ValuationsRequest.builder().addAll(refs).build()).jobId();

      RetryFailedRecords.Outcome outcome = RetryFailedRecords.finish(flakyEngine, jobId);

      // 3 flaky records, 2 addresses not in the data (rows 25 and 50) and one property without
      // comparable sales (row 9) failed; all 6 were retried.
      assertThat(outcome.retried()).isEqualTo(6);
      assertThat(flakyEngine.getJob(outcome.retryJobId()).retryOf()).isEqualTo(jobId);
      assertThat(flakyEngine.getJob(outcome.retryJobId()).progress().totalRecords()).isEqualTo(6);
      assertThat(outcome.results()).hasSize(50);
      assertThat(outcome.results().keySet()).containsExactlyElementsOf(refs.stream().map(PropertyRef::id).toList());
      flaky.forEach(id -> assertThat(outcome.results().get(id).status()).isEqualTo(RecordStatus.SUCCESS));
      assertThat(outcome.results().values()).filteredOn(r -> r.status().equals(RecordStatus.FAILED))
          .extracting(RecordResult::id, r -> r.error().code())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("prop009", ErrorCode.INSUFFICIENT_DATA),
              org.assertj.core.groups.Tuple.tuple("prop025", ErrorCode.PROPERTY_NOT_FOUND),
              org.assertj.core.groups.Tuple.tuple("prop050", ErrorCode.PROPERTY_NOT_FOUND));
    }
  }

  @Test
  void noRetryWhenEveryFailureIsPermanent() throws Exception {
    List<PropertyRef> refs = ExampleCsv.read(DATA.resolve("portfolio.csv"), PropertyRef.class)
        .subList(20, 30);
    String jobId = engine.submit(ValuationsRequest.builder().addAll(refs).build()).jobId();

    RetryFailedRecords.Outcome outcome = RetryFailedRecords.finish(engine, jobId);

    assertThat(outcome.retryJobId()).isNull();
    assertThat(outcome.retried()).isZero();
    assertThat(outcome.results().get("prop025").error().code()).isEqualTo(ErrorCode.PROPERTY_NOT_FOUND);
  }

  /** The real valuation processor, except that the named records fail the first time they are seen. */
  @SuppressWarnings("unchecked")
  static final class FailOnceProcessor implements RecordProcessor<ValuationsRequest, PropertyRef> {
    private final RecordProcessor<ValuationsRequest, PropertyRef> real =
        (RecordProcessor<ValuationsRequest, PropertyRef>) Processors.defaults().stream()
            .filter(p -> p.type().equals(JobType.VALUATIONS)).findFirst().orElseThrow();
    private final Set<String> failOnce;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    FailOnceProcessor(Set<String> failOnce) {
      this.failOnce = failOnce;
    }

    @Override
    public JobType type() {
      return JobType.VALUATIONS;
    }

    @Override
    public RecordResult process(PropertyRef record, ValuationsRequest request) {
      if (failOnce.contains(record.id()) && seen.add(record.id())) {
        throw new IllegalStateException("upstream outage");
      }
      return real.process(record, request);
    }
  }
}
