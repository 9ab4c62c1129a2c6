package dev.bulkestate.server;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Query-string parsing and the checks of the paging and filter parameters. */
final class Query {
  private Query() {}

  static Map<String, String> parse(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = Query.percentDecode(plusToSpace(eq < 0 ? pair : pair.substring(0, eq)));
      String value = Query.percentDecode(plusToSpace(eq < 0 ? "" : pair.substring(eq + 1)));
      if (name == null || value == null) {
        throw invalid("query", "The query string is not validly percent-encoded");
      }
      out.putIfAbsent(name, value);
    }
    return out;
  }

  static int intParam(Map<String, String> query, String name, int fallback, int min, int max) {
    String text = query.get(name);
    if (text == null) {
      return fallback;
    }
    String issue = name + " must be an integer from " + min
        + (max == Integer.MAX_VALUE ? " up" : " to " + max);
    if (!text.matches("-?[0-9]{1,10}")) {
      throw invalid(name, issue);
    }
    long value = Long.parseLong(text);
    if (value < min || value > max) {
      throw invalid(name, issue);
    }
    return (int) value;
  }

  static RecordStatus recordStatus(Map<String, String> query) {
    String text = query.get("status");
    if (text == null || text.isEmpty()) {
      return null;
    }
    RecordStatus status = RecordStatus.of(text);
    if (!RecordStatus.KNOWN.contains(status)) {
      throw invalid("status", "status must be one of " + RecordStatus.KNOWN);
    }
    return status;
  }

  static JobStatus jobStatus(Map<String, String> query) {
    String text = query.get("status");
    if (text == null || text.isEmpty()) {
      return null;
    }
    JobStatus status = JobStatus.of(text);
    if (!JobStatus.KNOWN.contains(status)) {
      throw invalid("status", "status must be one of " + JobStatus.KNOWN);
    }
    return status;
  }

  static boolean wantsCsv(Map<String, String> query, String accept) {
    String format = query.get("format");
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "csv" -> true;
        case "json" -> false;
        default -> throw invalid("format", "format must be json or csv");
      };
    }
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
  }

  private static String plusToSpace(String text) {
    return text.replace('+', ' ');
  }

  /** Decodes %XX escapes as UTF-8; null when an escape is broken or the bytes are not UTF-8. */
  static String percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          return null;
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  private static BulkApiException invalid(String field, String issue) {
    return new BulkApiException(400,
        ApiError.field(ErrorCode.VALIDATION_ERROR, issue, field, issue), null);
  }
}
