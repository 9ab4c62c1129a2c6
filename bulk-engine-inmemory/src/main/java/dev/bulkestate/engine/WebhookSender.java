package dev.bulkestate.engine;

import java.time.Duration;
import java.util.Map;

/**
 * Makes one webhook delivery attempt (DESIGN.md section 4). The engine signs the body, decides on
 * retries and keeps the delivery log; a sender only posts. Must not follow redirects.
 */
public interface WebhookSender extends AutoCloseable {

  /**
   * The outcome of one attempt.
   *
   * @param statusCode the HTTP status, or 0 when no answer came (timeout, refused, unreachable)
   * @param retryAfter the receiver's {@code Retry-After}, or null
   * @param error what went wrong, or null on a 2xx answer
   */
  record Attempt(int statusCode, Duration retryAfter, String error) {
    public boolean delivered() {
      return statusCode >= 200 && statusCode < 300;
    }
  }

  /** Posts {@code body} (JSON) with {@code headers} to {@code url}; never throws for I/O. */
  Attempt post(String url, Map<String, String> headers, byte[] body);

  @Override
  default void close() {}
}
