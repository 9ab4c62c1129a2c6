package dev.bulkestate.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.bulkestate.core.Envelope;

/**
 * The one JSON mapping of the API, shared by the client, the engine and the server: snake_case
 * names, ISO-8601 instants and dates, absent fields left out, unknown fields tolerated (and kept
 * where the model has room for them), duplicate keys and trailing content rejected.
 */
public final class BulkJson {
  private static final ObjectMapper MAPPER = newMapper();

  private BulkJson() {}

  /** The shared, thread-safe mapper. Do not reconfigure it; use {@link #newMapper()} for that. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A new mapper with the API's configuration, for callers that need to add to it. */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /** The type {@code Envelope<T>}, for reading an envelope whose data is a {@code dataType}. */
  public static JavaType envelopeOf(Class<?> dataType) {
    return MAPPER.getTypeFactory().constructParametricType(Envelope.class, dataType);
  }
}
