package dev.bulkestate.core;

/** Every error code the API uses, job-level and record-level (DESIGN.md section 3). */
public final class ErrorCode {
  private ErrorCode() {}

  // Job-level (request) errors, with their HTTP status.
  /** 400: a field is missing, has the wrong type or an invalid value. */
  public static final String VALIDATION_ERROR = "VALIDATION_ERROR";
  /** 400: the body is not JSON. */
  public static final String INVALID_JSON = "INVALID_JSON";
  /** 401: no API key, or an unknown one. */
  public static final String UNAUTHORIZED = "UNAUTHORIZED";
  /** 402: the key's balance does not cover the job's estimate. */
  public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";
  /** 404: no such job for this key (or it expired). */
  public static final String JOB_NOT_FOUND = "JOB_NOT_FOUND";
  /** 404: no such path. */
  public static final String NOT_FOUND = "NOT_FOUND";
  /** 405: the path exists but not with this method. */
  public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
  /** 409: the idempotency key was used with another body. */
  public static final String IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT";
  /** 409: the job already finished. */
  public static final String JOB_NOT_CANCELLABLE = "JOB_NOT_CANCELLABLE";
  /** 409: retry asked for a job that has not finished. */
  public static final String JOB_NOT_FINISHED = "JOB_NOT_FINISHED";
  /** 413: more records than the job type allows. */
  public static final String BATCH_TOO_LARGE = "BATCH_TOO_LARGE";
  /** 413: the request body is larger than the server accepts. */
  public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
  /** 429: too much work waiting; retry after the {@code Retry-After} delay. */
  public static final String RATE_LIMITED = "RATE_LIMITED";
  /** 500: a fault of the server, never of the input. */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  // Record-level errors.
  /** The address cannot be parsed or is inconsistent ({@code details.field}, {@code details.issue}). */
  public static final String INVALID_ADDRESS = "INVALID_ADDRESS";
  /** The record has no usable identifier, or matches nobody. */
  public static final String INSUFFICIENT_DATA = "INSUFFICIENT_DATA";
  public static final String PROPERTY_NOT_FOUND = "PROPERTY_NOT_FOUND";
  /** The identifier matches several properties. */
  public static final String AMBIGUOUS_MATCH = "AMBIGUOUS_MATCH";
  /** The processor failed on this record (or, on {@code job_failed}, the job). */
  public static final String PROCESSING_ERROR = "PROCESSING_ERROR";
  /** The record took longer than the per-record timeout. */
  public static final String RECORD_TIMEOUT = "RECORD_TIMEOUT";
  /** The job was cancelled before this record was processed. */
  public static final String JOB_CANCELLED = "JOB_CANCELLED";
  /** The job failed before this record was processed. */
  public static final String JOB_FAILED = "JOB_FAILED";
}
