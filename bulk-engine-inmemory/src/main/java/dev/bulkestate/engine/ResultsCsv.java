package dev.bulkestate.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.json.BulkJson;
import java.util.List;

/**
 * Results as CSV (RFC 4180: CRLF line ends; fields with a comma, quote, CR or LF are quoted and
 * quotes doubled). Columns: {@code id,status,error_code,error_message,warnings,data,cached}, where
 * {@code warnings} joins the warnings with {@code "; "} and {@code data} is the result as JSON.
 */
final class ResultsCsv {
  static final String HEADER = "id,status,error_code,error_message,warnings,data,cached";

  private ResultsCsv() {}

  static String write(List<RecordResult> results) {
    StringBuilder out = new StringBuilder(HEADER).append("\r\n");
    for (RecordResult r : results) {
      field(out, r.id()).append(',');
      field(out, r.status().value()).append(',');
      field(out, r.error() == null ? "" : r.error().code()).append(',');
      field(out, r.error() == null || r.error().message() == null ? "" : r.error().message()).append(',');
      field(out, r.warnings() == null ? "" : String.join("; ", r.warnings())).append(',');
      field(out, r.data() == null ? "" : json(r.data())).append(',');
      field(out, Boolean.TRUE.equals(r.cached()) ? "true" : "").append("\r\n");
    }
    return out.toString();
  }

  private static String json(Object data) {
    try {
      return BulkJson.mapper().writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Result data always serializes", e);
    }
  }

  static StringBuilder field(StringBuilder out, String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    if (!quote) {
      return out.append(value);
    }
    return out.append('"').append(value.replace("\"", "\"\"")).append('"');
  }
}
