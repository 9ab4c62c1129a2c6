package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import java.util.Optional;

/** One record of a job: the unit that gets its own result or error. */
public interface InputRecord {

  /** The caller's id for this record, unique within its job. */
  String id();

  /**
   * Why this record cannot be processed at all (no usable identifier), or empty. Such a record
   * fails on its own with this error; it does not fail the job.
   */
  Optional<ApiError> problem();
}
