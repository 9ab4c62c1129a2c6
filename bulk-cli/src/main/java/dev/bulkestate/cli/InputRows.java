package dev.bulkestate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.RequestValidator;
import dev.bulkestate.core.request.SearchQuery;
import dev.bulkestate.core.request.SkipTraceRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the records of {@code bulk run} from a CSV file (a header row; nested fields as dotted
 * column names such as {@code name.first}, {@code criteria.zip}) or a JSON Lines file (one record
 * object per line). Every data row becomes a {@link Row}: a record to submit, or a problem with its
 * line number (bad JSON, wrong types, missing or duplicate id) that becomes a failed result.
 */
final class InputRows {
  private InputRows() {}

  /** One data row: {@code record} to submit, or {@code problem} saying why not. */
  record Row(int line, String id, InputRecord record, String problem) {
    boolean ok() {
      return record != null;
    }
  }

  static Class<? extends InputRecord> recordClass(JobType type) {
    return switch (type.value()) {
      case "property-search" -> SearchQuery.class;
      case "skip-trace" -> SkipTraceRecord.class;
      case "address-verification" -> AddressInput.class;
      case "property-details", "valuations" -> PropertyRef.class;
      default -> throw new IllegalArgumentException("Unknown job type " + type);
    };
  }

  static List<Row> read(Path file, JobType type) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<ParsedRow> parsed;
    if (name.endsWith(".csv")) {
      parsed = readCsv(file);
    } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      parsed = readJsonLines(file);
    } else {
      throw new IllegalArgumentException("The input must be a .csv or .jsonl file: " + file);
    }
    Class<? extends InputRecord> recordClass = recordClass(type);
    List<Row> rows = new ArrayList<>(parsed.size());
    Map<String, Integer> firstLine = new HashMap<>();
    for (ParsedRow row : parsed) {
      rows.add(toRow(row, recordClass, firstLine));
    }
    return rows;
  }

  private record ParsedRow(int line, ObjectNode node, String problem) {}

  private static Row toRow(ParsedRow row, Class<? extends InputRecord> recordClass,
      Map<String, Integer> firstLine) {
    JsonNode idNode = row.node == null ? null : row.node.get("id");
    String id = idNode == null || idNode.isNull() ? null : idNode.asText();
    if (row.problem != null) {
      return new Row(row.line, id, null, row.problem);
    }
    if (id == null || id.isBlank()) {
      return new Row(row.line, null, null, "missing id");
    }
    if (id.length() > RequestValidator.MAX_RECORD_ID_LENGTH) {
      return new Row(row.line, null, null,
          "id longer than " + RequestValidator.MAX_RECORD_ID_LENGTH + " characters");
    }
    Integer first = firstLine.putIfAbsent(id, row.line);
    if (first != null) {
      return new Row(row.line, id, null, "duplicate id '" + id + "' (first on line " + first + ")");
    }
    try {
      return new Row(row.line, id, BulkJson.mapper().treeToValue(row.node, recordClass), null);
    } catch (JsonMappingException e) {
      return new Row(row.line, id, null, "wrong type of " + path(e));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return new Row(row.line, id, null, "not a valid record");
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? "the record" : out.toString();
  }

  private static List<ParsedRow> readJsonLines(Path file) throws IOException {
    ObjectMapper mapper = BulkJson.mapper();
    List<ParsedRow> rows = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int line = 0;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        try {
          JsonNode node = mapper.readTree(text);
          rows.add(node instanceof ObjectNode object ? new ParsedRow(line, object, null)
              : new ParsedRow(line, null, "not a JSON object"));
        } catch (JsonProcessingException e) {
          rows.add(new ParsedRow(line, null, "malformed JSON at column "
              + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr())));
        }
      }
    }
    return rows;
  }

  private static List<ParsedRow> readCsv(Path file) throws IOException {
    CsvMapper csv = new CsvMapper();
    csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<ParsedRow> rows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> it = csv.readerFor(String[].class).readValues(reader)) {
      if (!it.hasNextValue()) {
        return rows;
      }
      String[] header = it.nextValue();
      for (int i = 0; i < header.length; i++) {
        header[i] = header[i].strip();
        if (i == 0 && header[i].startsWith("\uFEFF")) {
          header[i] = header[i].substring(1);
        }
      }
      while (it.hasNextValue()) {
        // hasNextValue() has read the row's first token, located where the previous row ended
        // (before its line break): the row itself starts on the next line.
        int line = it.getParser().currentTokenLocation().getLineNr() + 1;
        String[] values = it.nextValue();
        if (values.length == 1 && values[0].isBlank()) {
          continue;
        }
        if (values.length != header.length) {
          ObjectNode partial = values.length > 0 ? nest(header, values) : null;
          rows.add(new ParsedRow(line, partial, values.length + " columns where the header has "
              + header.length));
          continue;
        }
        rows.add(new ParsedRow(line, nest(header, values), null));
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": malformed CSV (" + e.getMessage() + ")", e);
    }
    return rows;
  }

  /** {@code name.first=John} becomes {@code {"name":{"first":"John"}}}; empty cells are left out. */
  private static ObjectNode nest(String[] header, String[] values) {
    ObjectNode root = BulkJson.mapper().createObjectNode();
    for (int i = 0; i < Math.min(header.length, values.length); i++) {
      String value = values[i];
      if (value == null || value.isEmpty() || header[i].isEmpty()) {
        continue;
      }
      String[] parts = header[i].split("\\.");
      ObjectNode at = root;
      for (int p = 0; p < parts.length - 1; p++) {
        JsonNode next = at.get(parts[p]);
        at = next instanceof ObjectNode object ? object : at.putObject(parts[p]);
      }
      at.put(parts[parts.length - 1], value);
    }
    return root;
  }
}
