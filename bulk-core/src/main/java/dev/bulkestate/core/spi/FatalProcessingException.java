package dev.bulkestate.core.spi;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;

/**
 * The job cannot go on (its data source is gone, say): the engine fails the job with this error,
 * keeps what was processed, and sends {@code job_failed}.
 */
public class FatalProcessingException extends RuntimeException {
  private final ApiError error;

  public FatalProcessingException(String message) {
    this(ApiError.of(ErrorCode.PROCESSING_ERROR, message), null);
  }

  public FatalProcessingException(ApiError error, Throwable cause) {
    super(error.message(), cause);
    this.error = error;
  }

  /** The error the failed job reports. */
  public ApiError error() {
    return error;
  }
}
