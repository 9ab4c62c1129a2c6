package dev.bulkestate.core.spi;

/** A record could not be processed now, but a retry may succeed (a busy data source, say). */
public class TransientProcessingException extends RuntimeException {
  public TransientProcessingException(String message) {
    super(message);
  }

  public TransientProcessingException(String message, Throwable cause) {
    super(message, cause);
  }
}
