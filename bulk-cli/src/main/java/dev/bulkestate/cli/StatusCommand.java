package dev.bulkestate.cli;

import dev.bulkestate.client.BulkClient;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.json.BulkJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bulk status JOB}: a job's status as the server reports it. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Print a job's status (JSON) from a server.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String jobId;

  @Mixin
  RemoteOptions remote = new RemoteOptions();

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (BulkClient client = remote.client()) {
      Job job = client.getJob(jobId);
      spec.commandLine().getOut().println(
          BulkJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(job));
      return 0;
    }
  }
}
