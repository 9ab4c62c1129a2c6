package dev.bulkestate.client;

import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.jobs.Sleeper;
import dev.bulkestate.core.jobs.Wakeup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one API call with the retry rules of a {@link RetryPolicy}: 408, 429, 5xx and I/O errors
 * are retried, but a non-idempotent request only when it carries an {@code Idempotency-Key}.
 * Every response is closed before the next attempt, whatever happened to it.
 */
final class Transport {
  static final String HEADER_API_KEY = "X-API-Key";
  static final String HEADER_IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String HEADER_REQUEST_ID = "X-Request-Id";
  /** Error bodies are read up to this size; ours are far smaller, a proxy's page may not be. */
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(BulkClient.class);

  private final OkHttpClient http;
  private final String apiKey;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final DoubleSupplier random;

  Transport(OkHttpClient http, String apiKey, RetryPolicy policy, Sleeper sleeper, Clock clock,
      DoubleSupplier random) {
    this.http = http;
    this.apiKey = apiKey;
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
    this.random = random;
  }

  /** A 2xx answer, fully read. */
  record Answer(int status, Headers headers, byte[] body) {
    String requestId() {
      return headers.get(HEADER_REQUEST_ID);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends {@code request} (which already carries every header) until it gets a 2xx answer, a
   * non-retryable answer, or runs out of retries or budget. A per-call timeout bounds the whole
   * call, attempts and waits together: each attempt gets what is left of it, and no retry starts
   * whose wait would pass it.
   *
   * @throws BulkApiException the API's (or a proxy's) error answer
   * @throws BulkIoException no answer could be read
   */
  Answer execute(Request request, RequestOptions options) {
    int maxRetries = options.maxRetries() != null ? options.maxRetries() : policy.maxRetries();
    boolean retryable = isRetryable(request);
    String method = request.method();
    String path = request.url().encodedPath();
    logBody(request);
    Instant started = clock.instant();
    int retries = 0;
    while (true) {
      long attemptStart = System.nanoTime();
      RuntimeException failure;
      Duration retryAfter = null;
      boolean retryableFailure;
      try (Response response = newCall(request, remaining(options, started)).execute()) {
        int status = response.code();
        if (status >= 200 && status < 300) {
          byte[] body = response.body().bytes();
          LOG.debug("{} {} -> {} in {} ms (retries: {})", method, path, status,
              millisSince(attemptStart), retries);
          if (LOG.isTraceEnabled()) {
            LOG.trace("{} {} <- {}", method, path, redact(new String(body, StandardCharsets.UTF_8)));
          }
          return new Answer(status, response.headers(), body);
        }
        byte[] body = readBounded(response.body());
        LOG.debug("{} {} -> {} in {} ms (retries: {})", method, path, status,
            millisSince(attemptStart), retries);
        if (LOG.isTraceEnabled()) {
          LOG.trace("{} {} <- {}", method, path, redact(new String(body, StandardCharsets.UTF_8)));
        }
        retryAfter = RetryAfter.parse(response.header("Retry-After"), clock.instant());
        failure = ErrorResponses.toException(status, body, mediaType(response),
            response.header(HEADER_REQUEST_ID), retryAfter);
        retryableFailure = isRetryableStatus(status);
      } catch (IOException e) {
        LOG.debug("{} {} failed in {} ms (retries: {}): {}", method, path,
            millisSince(attemptStart), retries, e.toString());
        failure = new BulkIoException(method + " " + path + " failed: " + e, e, retries);
        // An interrupt is the caller's wish to stop, not a network fault to retry.
        retryableFailure = !Thread.currentThread().isInterrupted();
      }
      if (!retryableFailure || !retryable || retries >= maxRetries) {
        throw failure;
      }
      Duration wait = policy.delayBeforeRetry(retries + 1, retryAfter, random.getAsDouble());
      Duration spent = Duration.between(started, clock.instant());
      Duration budget = budget(options);
      if (spent.plus(wait).compareTo(budget) > 0) {
        LOG.debug("{} {}: no retry, {} ms spent and {} ms to wait exceed the budget of {} ms",
            method, path, spent.toMillis(), wait.toMillis(), budget.toMillis());
        throw failure;
      }
      retries++;
      LOG.info("{} {}: retry {} of {} in {} ms after {}", method, path, retries, maxRetries,
          wait.toMillis(), failure.getMessage());
      try {
        sleeper.sleep(wait, Wakeup.never()); // only an interrupt ends a retry wait early
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure;
      }
    }
  }

  /** The policy's total budget, or the call's own timeout when that is shorter. */
  private Duration budget(RequestOptions options) {
    Duration timeout = options.timeout();
    return timeout != null && timeout.compareTo(policy.totalBudget()) < 0
        ? timeout : policy.totalBudget();
  }

  /** What is left of the call's own timeout for the next attempt, or null when it has none. */
  private Duration remaining(RequestOptions options, Instant started) {
    if (options.timeout() == null) {
      return null;
    }
    Duration left = options.timeout().minus(Duration.between(started, clock.instant()));
    return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
  }

  private Call newCall(Request request, Duration timeout) {
    Call call = http.newCall(request);
    if (timeout != null) {
      call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return call;
  }

  /** GETs are safe to repeat; anything else only with an idempotency key the server dedups on. */
  static boolean isRetryable(Request request) {
    return switch (request.method()) {
      case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
      default -> request.header(HEADER_IDEMPOTENCY_KEY) != null;
    };
  }

  static boolean isRetryableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  private static byte[] readBounded(ResponseBody body) throws IOException {
    try (InputStream in = body.byteStream()) {
      return in.readNBytes(MAX_ERROR_BODY);
    }
  }

  private static String mediaType(Response response) {
    String contentType = response.header("Content-Type");
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
  }

  private static long millisSince(long nanoStart) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
  }

  private void logBody(Request request) {
    if (!LOG.isTraceEnabled() || request.body() == null) {
      return;
    }
    try {
      okio.Buffer buffer = new okio.Buffer();
      request.body().writeTo(buffer);
      LOG.trace("{} {} -> {}", request.method(), request.url().encodedPath(),
          redact(buffer.readUtf8()));
    } catch (IOException e) {
      LOG.trace("{} {} -> (body not loggable: {})", request.method(), request.url().encodedPath(),
          e.toString());
    }
  }

  /** The text with every occurrence of the API key replaced, for trace logging. */
  String redact(String text) {
    return apiKey.isEmpty() ? text : text.replace(apiKey, "***");
  }
}
