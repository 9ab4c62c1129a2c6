package dev.bulkestate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.bulkestate.core.json.BulkJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulk run} on the embedded engine: every input row has its result, in order. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunCommandTest {
  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  static Run bulk(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = BulkCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aCsvOfThreeThousandRowsGetsEveryRowBackInOrder() throws IOException {
    StringBuilder csv = new StringBuilder("id,property_id,address,apn,county,state\n");
    int rows = 3_000;
    for (int i = 0; i < rows; i++) {
      if (i == 10) {
        csv.append(",P10,,,,\n");                     // no id
      } else if (i == 20) {
        csv.append("r5,P20,,,,\n");                   // duplicate of line 7
      } else if (i == 30) {
        csv.append("r30,P30,,,,,extra\n");            // one column too many
      } else if (i == 40) {
        csv.append("r40,,,,,\n");                     // no identifier: fails on its own
      } else if (i == 50) {
        csv.append("r50,,,456-789-012,,TX\n");        // APN without county: fails on its own
      } else {
        csv.append("r").append(i).append(",PROP").append(i).append(",,,,\n");
      }
    }
    Path input = dir.resolve("props.csv");
    Files.writeString(input, csv, StandardCharsets.UTF_8);

    Run run = bulk("run", "--type", "property-details", "--input", input.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    Path output = dir.resolve("props.results.csv");
    List<Map<String, String>> results = readCsv(output);
    assertThat(results).hasSize(rows);
    for (int i = 0; i < rows; i++) {
      assertThat(results.get(i).get("line")).isEqualTo(Integer.toString(i + 2));
    }
    assertThat(results.get(0).get("id")).isEqualTo("r0");
    assertThat(results.get(2_999).get("id")).isEqualTo("r2999");
    assertThat(results.get(10)).containsEntry("id", "line-12").containsEntry("status", "failed")
        .containsEntry("error_code", "VALIDATION_ERROR").containsEntry("job_id", "");
    assertThat(results.get(10).get("error_message")).isEqualTo("line 12: missing id");
    assertThat(results.get(20).get("error_message")).isEqualTo("line 22: duplicate id 'r5' (first on line 7)");
    assertThat(results.get(30).get("error_message")).isEqualTo("line 32: 7 columns where the header has 6");
    assertThat(results.get(40)).containsEntry("error_code", "INSUFFICIENT_DATA").containsEntry("error_field", "address");
    assertThat(results.get(50)).containsEntry("error_code", "INSUFFICIENT_DATA").containsEntry("error_field", "county");
    // 2,997 records submitted in jobs of at most 1,000 (the property-details limit).
    long jobs = results.stream().map(r -> r.get("job_id")).filter(j -> !j.isEmpty()).distinct().count();
    assertThat(jobs).isEqualTo(3);
    assertThat(results.stream().filter(r -> r.get("job_id").isEmpty()).count()).isEqualTo(3);
    assertThat(results).allSatisfy(r -> assertThat(r.get("status")).isIn("success", "partial", "failed"));

    assertThat(run.err()).contains("line 12: missing id", "line 22: duplicate id 'r5'",
        "line 32: 7 columns");
    long successful = results.stream().filter(r -> r.get("status").equals("success")).count();
    long partial = results.stream().filter(r -> r.get("status").equals("partial")).count();
    long failed = results.stream().filter(r -> r.get("status").equals("failed")).count();
    assertThat(run.out()).contains("property-details: 3000 records in 3 job(s)")
        .contains("successful " + successful + ", partial " + partial + ", failed " + failed
            + " (of which 3 bad rows not submitted)")
        .contains("results written to " + output);
  }

  @Test
  void jsonLinesInJsonLinesOutWithBadLinesKept() throws IOException {
    Path input = dir.resolve("leads.jsonl");
    Files.writeString(input, String.join("\n",
        "{\"id\":\"lead1\",\"property_address\":\"123 Oak St, Dallas, TX 75201\"}",
        "{\"id\":\"lead2\",\"name\":{\"first\":\"John\",\"last\":\"Smith\"},"
            + "\"address\":{\"street\":\"456 Pine Ave\",\"city\":\"Houston\",\"state\":\"TX\"}}",
        "",
        "{\"id\":\"lead3\",\"phone\":\"214-555-0123\"",
        "[1,2]",
        "{\"id\":\"lead5\",\"name\":\"not an object\"}",
        "{\"id\":\"lead6\",\"phone\":\"214-555-0199\"}") + "\n", StandardCharsets.UTF_8);
    Path output = dir.resolve("out.jsonl");

    Run run = bulk("run", "--type", "skip-trace", "--input", input.toString(), "--output",
        output.toString(), "--no-progress", "--job-name", "leads");

    assertThat(run.exit()).as(run.err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(output)) {
      lines.add(BulkJson.mapper().readTree(line));
    }
    assertThat(lines).extracting(n -> n.get("line").asInt()).containsExactly(1, 2, 4, 5, 6, 7);
    assertThat(lines).extracting(n -> n.get("id").asText())
        .containsExactly("lead1", "lead2", "line-4", "line-5", "lead5", "lead6");
    assertThat(lines.get(2).at("/error/message").asText()).startsWith("line 4: malformed JSON");
    assertThat(lines.get(3).at("/error/message").asText()).isEqualTo("line 5: not a JSON object");
    assertThat(lines.get(4).at("/error/message").asText()).isEqualTo("line 6: wrong type of name");
    assertThat(lines.get(0).get("job_id").asText()).startsWith("job_");
    assertThat(lines.get(2).has("job_id")).isFalse();
    assertThat(run.out()).contains("skip-trace: 6 records in 1 job(s)");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    Run run = bulk("run", "--type", "teleport", "--input", "x.csv");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--type must be one of");
    Run missing = bulk("run", "--type", "valuations");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--input=FILE'");
    Run wrongExt = bulk("run", "--type", "valuations", "--input", dir.resolve("in.txt").toString());
    assertThat(wrongExt.exit()).isEqualTo(1);
    assertThat(wrongExt.err()).contains("must be a .csv or .jsonl file");
  }

  @Test
  void theDefaultOutputSitsNextToTheInput() {
    assertThat(RunCommand.defaultOutput(Path.of("/data/in.csv"))).isEqualTo(Path.of("/data/in.results.csv"));
    assertThat(RunCommand.defaultOutput(Path.of("leads.jsonl"))).isEqualTo(Path.of("leads.results.jsonl"));
  }

  static List<Map<String, String>> readCsv(Path file) throws IOException {
    CsvMapper mapper = new CsvMapper();
    try (MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
      return it.readAll();
    }
  }
}
