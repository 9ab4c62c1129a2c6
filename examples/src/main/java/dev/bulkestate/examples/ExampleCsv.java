package dev.bulkestate.examples;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.bulkestate.core.json.BulkJson;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CSV in and out for the examples, with the conventions of {@code bin/bulk run}: a header row,
 * snake_case column names, nested fields as dotted names ({@code name.first}), empty cells left out.
 */
public final class ExampleCsv {
  private static final CsvMapper CSV = new CsvMapper();

  private ExampleCsv() {}

  /** Reads every data row of {@code file} as a {@code type} (for example {@code PropertyRef}). */
  public static <T> List<T> read(Path file, Class<T> type) throws IOException {
    ObjectMapper json = BulkJson.mapper();
    List<T> out = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader()).readValues(reader)) {
      while (rows.hasNext()) {
        ObjectNode node = json.createObjectNode();
        rows.next().forEach((column, value) -> {
          if (value == null || value.isEmpty()) {
            return;
          }
          ObjectNode parent = node;
          String[] path = column.split("\\.");
          for (int i = 0; i < path.length - 1; i++) {
            parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
          }
          parent.put(path[path.length - 1], value);
        });
        out.add(json.treeToValue(node, type));
      }
    }
    return out;
  }

  /** A cell for {@code value}: its text, or empty for null. */
  public static String cell(Object value) {
    return value == null ? "" : value.toString();
  }

  /** Writes {@code rows} under {@code header} to {@code file}, quoting cells as CSV needs. */
  public static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    header.forEach(schema::addColumn);
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      CSV.writerFor(List.class).with(schema.build()).writeValues(writer).writeAll(rows).close();
    }
  }
}
