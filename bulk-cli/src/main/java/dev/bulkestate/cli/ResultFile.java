package dev.bulkestate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.SequenceWriter;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.json.BulkJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The output of {@code bulk run}: one row per input row, in input order, as JSON Lines (the
 * result object plus {@code line} and {@code job_id}) or CSV ({@code line, id, status, job_id,
 * error_code, error_message, error_field, warnings, cached, data} with {@code data} as JSON).
 */
final class ResultFile implements AutoCloseable {
  enum Format {
    CSV, JSONL;

    static Format of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".csv")) {
        return CSV;
      }
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        return JSONL;
      }
      throw new IllegalArgumentException("The output must be a .csv or .jsonl file: " + file);
    }
  }

  static final List<String> CSV_COLUMNS = List.of("line", "id", "status", "job_id", "error_code",
      "error_message", "error_field", "warnings", "cached", "data");

  private final Format format;
  private final BufferedWriter writer;
  private final SequenceWriter csv;
  private final ObjectMapper json = BulkJson.mapper();

  private ResultFile(Format format, BufferedWriter writer, SequenceWriter csv) {
    this.format = format;
    this.writer = writer;
    this.csv = csv;
  }

  static ResultFile open(Path file, Format format) throws IOException {
    BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    SequenceWriter csv = null;
    if (format == Format.CSV) {
      CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
      CSV_COLUMNS.forEach(schema::addColumn);
      csv = new CsvMapper().writerFor(List.class).with(schema.build()).writeValues(writer);
    }
    return new ResultFile(format, writer, csv);
  }

  void write(int line, String jobId, RecordResult result) throws IOException {
    if (format == Format.JSONL) {
      ObjectNode node = json.createObjectNode();
      node.put("line", line);
      if (jobId != null) {
        node.put("job_id", jobId);
      }
      node.setAll((ObjectNode) json.valueToTree(result));
      writer.write(json.writeValueAsString(node));
      writer.newLine();
      return;
    }
    List<Object> row = new ArrayList<>(CSV_COLUMNS.size());
    row.add(line);
    row.add(result.id());
    row.add(result.status() == null ? "" : result.status().value());
    row.add(jobId == null ? "" : jobId);
    row.add(result.error() == null ? "" : result.error().code());
    row.add(result.error() == null || result.error().message() == null ? "" : result.error().message());
    row.add(result.error() == null || result.error().field() == null ? "" : result.error().field());
    row.add(result.warnings() == null ? "" : String.join("; ", result.warnings()));
    row.add(Boolean.TRUE.equals(result.cached()) ? "true" : "");
    row.add(result.data() == null ? "" : json.writeValueAsString(result.data()));
    csv.write(row);
  }

  @Override
  public void close() throws IOException {
    if (csv != null) {
      csv.close();
    }
    writer.close();
  }
}
