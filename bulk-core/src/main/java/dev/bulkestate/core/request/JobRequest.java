package dev.bulkestate.core.request;

import dev.bulkestate.core.JobType;
import java.util.List;

/**
 * A bulk job to submit: its name, its records, its options and its webhook.
 *
 * @param <R> the type of the job's records
 */
public sealed interface JobRequest<R extends InputRecord>
    permits PropertySearchRequest, PropertyDetailsRequest, SkipTraceRequest,
        AddressVerificationRequest, ValuationsRequest {

  JobType type();

  /** The job's descriptive name, or null. */
  String jobName();

  /** The records, in input order (results come back in the same order). */
  List<R> records();

  /** The webhook, or null. */
  Webhook webhook();

  /** The same request with other records (for chunking and retries). */
  JobRequest<R> withRecords(List<R> records);

  /** The same request with another job name. */
  JobRequest<R> withJobName(String jobName);

  /** The same request with another webhook (null for none). */
  JobRequest<R> withWebhook(Webhook webhook);

  /** The first invalid option of this request (a {@code VALIDATION_ERROR} naming the field), or empty. */
  java.util.Optional<dev.bulkestate.core.ApiError> optionsProblem();
}
