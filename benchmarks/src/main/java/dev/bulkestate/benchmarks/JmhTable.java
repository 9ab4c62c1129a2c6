package dev.bulkestate.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Turns JMH's JSON results into the Markdown tables of BENCHMARKS.md. */
public final class JmhTable {
  private JmhTable() {}

  public static void main(String[] args) throws IOException {
    JsonNode runs = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    StringBuilder md = new StringBuilder();
    md.append("| processor (1 thread) | records/s | ± (99.9% CI) |\n|---|---|---|\n");
    for (JsonNode run : runs) {
      if (run.path("benchmark").asText().endsWith("ProcessorBenchmark.process")) {
        JsonNode m = run.path("primaryMetric");
        md.append("| ").append(run.path("params").path("type").asText()).append(" | ")
            .append(Stats.num(m.path("score").asDouble())).append(" | ")
            .append(error(m)).append(" |\n");
      }
    }
    md.append("\n| JSON, 10,000-record address verification request (1 thread) | requests/s "
        + "| records/s | ± (99.9% CI) |\n|---|---|---|---|\n");
    for (JsonNode run : runs) {
      String name = run.path("benchmark").asText();
      if (name.contains("JsonBenchmark")) {
        JsonNode m = run.path("primaryMetric");
        double score = m.path("score").asDouble();
        md.append("| ").append(name.endsWith("read10kRequest") ? "bytes -> request (server side)"
            : "request -> bytes (client side)").append(" | ").append(Stats.num(score))
            .append(" | ").append(Stats.num(score * JsonBenchmark.RECORDS)).append(" | ")
            .append(error(m)).append(" |\n");
      }
    }
    System.out.print(md);
  }

  private static String error(JsonNode metric) {
    double e = metric.path("scoreError").asDouble(Double.NaN);
    return Double.isNaN(e) ? "n/a (one iteration)" : Stats.num(e);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }
}
