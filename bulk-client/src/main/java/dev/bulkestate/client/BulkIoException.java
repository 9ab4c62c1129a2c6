package dev.bulkestate.client;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A call that got no usable HTTP answer: the connection failed, dropped mid body or timed out (after
 * the retries the {@link RetryPolicy} allows). Unchecked, like {@link
 * dev.bulkestate.core.BulkApiException}, which covers the answers the API did give.
 */
public class BulkIoException extends UncheckedIOException {

  private final int retries;

  public BulkIoException(String message, IOException cause, int retries) {
    super(message, cause);
    this.retries = retries;
  }

  /** How many retries were made before giving up. */
  public int retries() {
    return retries;
  }
}
