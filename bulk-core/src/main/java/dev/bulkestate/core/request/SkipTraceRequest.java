package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.JobType;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /bulk/skip-trace} (async, up to 10,000 records) or {@code /bulk/skip-trace/sync}
 * (up to 100, answered in the call): contact data for property owners and people.
 */
public record SkipTraceRequest(
    String jobName, List<SkipTraceRecord> records, SkipTraceOptions options, Webhook webhook)
    implements JobRequest<SkipTraceRecord> {

  public SkipTraceRequest {
    records = Lists.copy(records);
  }

  @Override
  public JobType type() {
    return JobType.SKIP_TRACE;
  }

  @Override
  public SkipTraceRequest withRecords(List<SkipTraceRecord> newRecords) {
    return new SkipTraceRequest(jobName, newRecords, options, webhook);
  }

  @Override
  public SkipTraceRequest withJobName(String name) {
    return new SkipTraceRequest(name, records, options, webhook);
  }

  @Override
  public SkipTraceRequest withWebhook(Webhook hook) {
    return new SkipTraceRequest(jobName, records, options, hook);
  }

  @Override
  public Optional<ApiError> optionsProblem() {
    return options == null ? Optional.empty() : options.problem();
  }

  /** The options, or the defaults when none were given. */
  public SkipTraceOptions optionsOrDefault() {
    return options == null ? SkipTraceOptions.DEFAULT : options;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SkipTraceRequest}. */
  public static final class Builder
      extends RequestBuilder<SkipTraceRecord, SkipTraceRequest, Builder> {
    private SkipTraceOptions options;

    public Builder options(SkipTraceOptions options) {
      this.options = options;
      return this;
    }

    @Override
    SkipTraceRequest create() {
      return new SkipTraceRequest(jobName, records, options, webhook);
    }
  }
}
