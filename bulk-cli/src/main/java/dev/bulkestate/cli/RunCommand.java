package dev.bulkestate.cli;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.jobs.AutoPagingResults;
import dev.bulkestate.core.jobs.ChunkedSubmission;
import dev.bulkestate.core.jobs.JobHandle;
import dev.bulkestate.core.jobs.PollPolicy;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.engine.InMemoryBulkEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulk run}: a CSV or JSON Lines file as one or more jobs (cut to the type's record limit),
 * on an embedded engine or a server, with a progress bar; every row's result goes to the output, in
 * input order, rows that could not be submitted included as failed results.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a .csv or .jsonl file of records as bulk jobs and write every record's result.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--type", required = true, paramLabel = "TYPE",
      description = "property-search, property-details, skip-trace, address-verification or valuations.")
  String type;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The records, .csv or .jsonl.")
  Path input;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Where results go, .csv or .jsonl (default: <input>.results.<input extension>).")
  Path output;

  @Option(names = "--job-name", description = "Name of the job(s) (default: the input file name).")
  String jobName;

  @Option(names = "--options", paramLabel = "JSON",
      description = "The job's options as JSON, e.g. '{\"include\":[\"tax\"]}' (valuation_options for valuations).")
  String options;

  @Option(names = "--max-records-per-job", description = "Cut the input into jobs of at most this many records (default: the type's limit).")
  Integer maxRecordsPerJob;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Mixin
  RemoteOptions remote = new RemoteOptions();

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JobType jobType = JobType.parse(type).orElseThrow(() -> new CommandLine.ParameterException(
        spec.commandLine(), "--type must be one of " + JobType.KNOWN));
    Path target = output != null ? output : defaultOutput(input);
    ResultFile.Format format = ResultFile.Format.of(target);
    long started = System.nanoTime();

    List<InputRows.Row> rows = InputRows.read(input, jobType);
    List<InputRecord> records = new ArrayList<>();
    for (InputRows.Row row : rows) {
      if (row.ok()) {
        records.add(row.record());
      } else {
        err.println("line " + row.line() + ": " + row.problem()
            + (row.id() == null ? "" : " (id " + row.id() + ")") + "; written as a failed result");
      }
    }
    err.flush();

    Map<String, RecordResult> results = new HashMap<>();
    Map<String, String> jobOfRecord = new HashMap<>();
    List<String> jobIds = new ArrayList<>();
    boolean remoteRun = remote.server != null || remote.apiKey != null;
    if (!records.isEmpty()) {
      InMemoryBulkEngine engine = remoteRun ? null : InMemoryBulkEngine.create();
      BulkApi api = remoteRun ? remote.client() : engine;
      try {
        JobRequest<?> request = request(jobType, records);
        ChunkedSubmission.Builder submission = ChunkedSubmission.builder(api);
        if (maxRecordsPerJob != null) {
          submission.maxRecordsPerJob(maxRecordsPerJob);
        }
        List<JobAccepted> accepted = submission.build().submit(request, null);
        accepted.forEach(a -> jobIds.add(a.jobId()));
        awaitAll(api, accepted, records.size(), rows.size() - records.size(), err);
        for (JobAccepted job : accepted) {
          for (RecordResult result : AutoPagingResults.of(api, job.jobId(),
              ResultsQuery.page(1, ResultsQuery.MAX_LIMIT))) {
            results.put(result.id(), result);
            jobOfRecord.put(result.id(), job.jobId());
          }
        }
      } finally {
        if (api instanceof AutoCloseable closeable) {
          closeable.close();
        }
      }
    }

    Summary summary = new Summary();
    try (ResultFile file = ResultFile.open(target, format)) {
      for (InputRows.Row row : rows) {
        RecordResult result = row.ok() ? results.get(row.id()) : null;
        if (result == null) {
          String why = row.ok() ? "The job ended without a result for this record" : row.problem();
          result = RecordResult.failed(row.id() == null ? "line-" + row.line() : row.id(),
              ApiError.field(ErrorCode.VALIDATION_ERROR, "line " + row.line() + ": " + why,
                  "line", why));
        }
        file.write(row.line(), row.ok() ? jobOfRecord.get(row.id()) : null, result);
        summary.add(result, !row.ok());
      }
    }
    out.printf(Locale.ROOT, "%s: %d records in %d job(s) %s%n", jobType, rows.size(), jobIds.size(),
        jobIds.isEmpty() ? "" : jobIds.toString());
    out.printf(Locale.ROOT, "successful %d, partial %d, failed %d (of which %d bad rows not submitted)%n",
        summary.successful, summary.partial, summary.failed, summary.badRows);
    out.printf(Locale.ROOT, "results written to %s in %.1f s%n", target,
        (System.nanoTime() - started) / 1e9);
    out.flush();
    return 0;
  }

  private void awaitAll(BulkApi api, List<JobAccepted> accepted, int submitted, int badRows,
      PrintWriter err) {
    ProgressBar bar = noProgress ? null : new ProgressBarBuilder()
        .setTaskName(type)
        .setInitialMax(submitted + badRows)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
    try {
      long done = badRows;
      for (JobAccepted job : accepted) {
        long before = done;
        Job finished = JobHandle.builder(api, job)
            .pollPolicy(new PollPolicy(Duration.ofMillis(100), Duration.ofMillis(500), 1.5, 0.0))
            .timeout(Duration.ofHours(12))
            .onProgress(snapshot -> {
              if (bar != null && snapshot.progress() != null && snapshot.progress().processed() != null) {
                bar.stepTo(before + snapshot.progress().processed());
              }
            })
            .build()
            .await();
        done += finished.progress() == null || finished.progress().totalRecords() == null
            ? 0 : finished.progress().totalRecords();
        if (bar != null) {
          bar.stepTo(done);
        }
        if (!finished.status().equals(dev.bulkestate.core.JobStatus.COMPLETED)) {
          err.println("job " + finished.jobId() + " ended " + finished.status()
              + (finished.error() == null ? "" : ": " + finished.error().message()));
        }
      }
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private JobRequest<?> request(JobType jobType, List<InputRecord> records) throws Exception {
    Class<? extends JobRequest<?>> requestClass = switch (jobType.value()) {
      case "property-search" -> PropertySearchRequest.class;
      case "property-details" -> PropertyDetailsRequest.class;
      case "skip-trace" -> SkipTraceRequest.class;
      case "address-verification" -> AddressVerificationRequest.class;
      default -> ValuationsRequest.class;
    };
    String optionsField = jobType.equals(JobType.VALUATIONS) ? "valuation_options" : "options";
    String base = options == null ? "{}" : "{\"" + optionsField + "\":" + options + "}";
    JobRequest request;
    try {
      request = BulkJson.mapper().readValue(base, requestClass);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--options is not valid JSON for a " + jobType + " job");
    }
    String name = jobName != null ? jobName : input.getFileName().toString();
    return request.withRecords((List) records).withJobName(name);
  }

  static Path defaultOutput(Path input) {
    String name = input.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : ".jsonl";
    return input.resolveSibling(stem + ".results" + ext);
  }

  /** Counts by status. */
  private static final class Summary {
    long successful;
    long partial;
    long failed;
    long badRows;

    void add(RecordResult result, boolean badRow) {
      if (RecordStatus.SUCCESS.equals(result.status())) {
        successful++;
      } else if (RecordStatus.PARTIAL.equals(result.status())) {
        partial++;
      } else {
        failed++;
      }
      if (badRow) {
        badRows++;
      }
    }
  }
}
