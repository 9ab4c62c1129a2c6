package dev.bulkestate.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/bulk}: serve the API, run a CSV or JSON Lines file as bulk jobs, read jobs of a
 * server. Each subcommand is its own class.
 */
@Command(name = "bulk", mixinStandardHelpOptions = true, version = "bulk 0.1.0",
    description = "Bulk Processing API for real-estate data: serve it, run files through it, read jobs.",
    subcommands = {ServeCommand.class, RunCommand.class, StatusCommand.class, ResultsCommand.class,
        CommandLine.HelpCommand.class})
public final class BulkCli {

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code (for tests). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new BulkCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      commandLine.getErr().println("bulk: " + Errors.describe(e));
      return e instanceof dev.bulkestate.core.BulkApiException ? 2 : 1;
    });
    return cli.execute(args);
  }
}
