package dev.bulkestate.engine;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The default {@link WebhookSender}: OkHttp, no redirects (a 3xx is a failed attempt), no silent
 * connection retries, and a DNS step that refuses private destinations per the
 * {@link DestinationPolicy} at every connection, so a name cannot be re-pointed after the check.
 */
public final class OkHttpWebhookSender implements WebhookSender {
  private static final MediaType JSON = MediaType.get("application/json");
  private final OkHttpClient client;
  private final Clock clock;

  public OkHttpWebhookSender(WebhookSettings settings, DestinationPolicy policy, Clock clock) {
    this.clock = clock;
    this.client = new OkHttpClient.Builder()
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .callTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .dns(policy::resolve)
        .build();
  }

  @Override
  public Attempt post(String url, Map<String, String> headers, byte[] body) {
    Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, JSON))
        .header("User-Agent", "bulkestate-webhooks");
    headers.forEach(request::header);
    try (Response response = client.newCall(request.build()).execute()) {
      int code = response.code();
      Duration retryAfter = parseRetryAfter(response.header("Retry-After"));
      return new Attempt(code, retryAfter, response.isSuccessful() ? null : "HTTP " + code);
    } catch (IllegalArgumentException e) {
      return new Attempt(0, null, "Invalid webhook url");
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Attempt(0, null, message);
    }
  }

  /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
  Duration parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
