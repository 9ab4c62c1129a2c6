package dev.bulkestate.cli;

import dev.bulkestate.client.BulkClient;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.jobs.AutoPagingResults;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bulk results JOB}: a job's results, every page by default, as JSON Lines or CSV. */
@Command(name = "results", mixinStandardHelpOptions = true,
    description = "Print a job's results from a server: one JSON object per line, or CSV.")
final class ResultsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String jobId;

  @Option(names = "--status", description = "Only records with this status: success, partial, failed.")
  String status;

  @Option(names = "--page", description = "Only this page (from 1) instead of every page.")
  Integer page;

  @Option(names = "--limit", defaultValue = "1000", description = "Results per page, 1..1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or csv (default ${DEFAULT-VALUE}).")
  String format;

  @Mixin
  RemoteOptions remote = new RemoteOptions();

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("jsonl") && !format.equals("csv")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format is jsonl or csv");
    }
    RecordStatus filter = status == null ? null : RecordStatus.of(status);
    if (filter != null && !RecordStatus.KNOWN.contains(filter)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--status is one of success, partial, failed");
    }
    ResultsQuery query = new ResultsQuery(page == null ? 1 : page, limit, filter);
    PrintWriter out = spec.commandLine().getOut();
    try (BulkClient client = remote.client()) {
      if (format.equals("csv")) {
        if (page != null) {
          out.print(client.getResultsCsv(jobId, query));
        } else {
          boolean header = true;
          for (int p = 1; ; p++) {
            String csv = client.getResultsCsv(jobId, query.withPage(p));
            String body = header ? csv : csv.substring(Math.max(0, csv.indexOf('\n') + 1));
            out.print(body);
            header = false;
            if (!client.getResults(jobId, query.withPage(p)).hasMore()) {
              break;
            }
          }
        }
      } else if (page != null) {
        ResultsPage one = client.getResults(jobId, query);
        for (RecordResult result : one.results()) {
          out.println(BulkJson.mapper().writeValueAsString(result));
        }
      } else {
        for (RecordResult result : AutoPagingResults.of(client, jobId, query)) {
          out.println(BulkJson.mapper().writeValueAsString(result));
        }
      }
      out.flush();
      return 0;
    }
  }
}
