package dev.bulkestate.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.json.BulkJson;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request body into a request type, turning every way it can go wrong into an API error
 * that names where: {@code INVALID_JSON} with line and column for text that is not JSON, and
 * {@code VALIDATION_ERROR} with the field path (e.g. {@code properties[2].id}) for JSON of the wrong
 * shape. Messages are written here, never copied from Jackson, so no Java type name reaches a caller.
 */
final class JsonBodies {
  private JsonBodies() {}

  static <T> T read(byte[] body, Class<T> type) {
    if (isBlank(body)) {
      throw new BulkApiException(400, ApiError.of(ErrorCode.INVALID_JSON,
          "The request body is empty; a JSON object is required"), null);
    }
    checkSyntax(body);
    try {
      return BulkJson.mapper().readValue(body, type);
    } catch (InputCoercionException e) {
      // A number too large for its field: the JSON is fine, the value is not.
      JsonParser source = e.getProcessor();
      String field = pathOf(source == null ? null : source.getParsingContext());
      throw wrongType(field, "The number at " + field + " is out of range");
    } catch (JsonMappingException e) {
      String field = pathOf(e.getPath());
      throw wrongType(field, describeMismatch(e, field));
    } catch (IOException e) {
      throw invalidJson("The body could not be read as JSON", null);
    }
  }

  /**
   * Streams through the whole body once, so that every syntax problem (bad token, truncation,
   * duplicate key, nesting too deep, invalid UTF-8, content after the object) is reported with its
   * line and column before any binding, and a {@code null} inside an array is reported by path.
   */
  private static void checkSyntax(byte[] body) {
    JsonParser parser = null;
    try {
      parser = BulkJson.mapper().createParser(body);
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw wrongType("body", "The request body must be a JSON object");
      }
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.END_OBJECT && parser.getParsingContext().inRoot()) {
          break;
        }
        if (token == JsonToken.VALUE_NULL && parser.getParsingContext().inArray()) {
          String field = pathOf(parser.getParsingContext());
          throw wrongType(field, "An array element cannot be null (at " + field + ")");
        }
      }
      if (token == null) {
        throw invalidJson("The JSON object is not closed", parser.currentLocation());
      }
      if (parser.nextToken() != null) {
        throw invalidJson("Unexpected content after the JSON object", parser.currentTokenLocation());
      }
    } catch (StreamConstraintsException e) {
      throw invalidJson("The JSON is nested too deeply or has a value too long",
          parser == null ? null : parser.currentLocation());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation() != null ? e.getLocation()
          : parser == null ? null : parser.currentLocation();
      throw invalidJson(firstSentence(e.getOriginalMessage()), at);
    } catch (IOException e) {
      throw invalidJson("The body is not UTF-8 JSON", parser == null ? null : parser.currentLocation());
    } finally {
      if (parser != null) {
        try {
          parser.close();
        } catch (IOException ignored) {
          // Reading from a byte array: nothing to release.
        }
      }
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static BulkApiException wrongType(String field, String message) {
    return new BulkApiException(400,
        ApiError.field(ErrorCode.VALIDATION_ERROR, message, field, message), null);
  }

  private static BulkApiException invalidJson(String reason, JsonLocation location) {
    Map<String, Object> details = new LinkedHashMap<>();
    String message = "Malformed JSON";
    if (location != null && location.getLineNr() > 0) {
      details.put("line", location.getLineNr());
      details.put("column", location.getColumnNr());
      message += " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
    message += ": " + reason;
    details.put("issue", reason);
    return new BulkApiException(400, new ApiError(ErrorCode.INVALID_JSON, message, details), null);
  }

  /** Jackson's reason up to the first line break, without the part that quotes the input source. */
  private static String firstSentence(String message) {
    if (message == null || message.isBlank()) {
      return "not valid JSON";
    }
    String line = message.lines().findFirst().orElse(message).strip();
    // Jackson names Java types in backticks in a few messages; keep callers away from them.
    return line.replaceAll("`[^`]*`", "value").replace("java.", "");
  }

  /** {@code properties[2].address} from Jackson's reference path. */
  static String pathOf(List<JsonMappingException.Reference> path) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? "body" : out.toString();
  }

  /** The same path from the parser's context, for errors raised while reading a token. */
  private static String pathOf(JsonStreamContext context) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.addFirst("." + c.getCurrentName());
      } else if (c.inArray()) {
        parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
      }
    }
    String path = String.join("", parts);
    if (path.startsWith(".")) {
      path = path.substring(1);
    }
    return path.isEmpty() ? "body" : path;
  }

  private static String describeMismatch(JsonMappingException e, String field) {
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "Wrong type at " + field + ": expected " + kindOf(mismatch.getTargetType());
    }
    return "Invalid value at " + field;
  }

  /** What a caller would call the JSON kind of {@code type}. */
  private static String kindOf(Class<?> type) {
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type == String.class || type == Character.class || type == char.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type.getName().startsWith("java.time.")) {
      return "an ISO-8601 date";
    }
    if (type.isRecord() && type.getRecordComponents().length == 1) {
      return "a string";
    }
    return "an object";
  }
}
