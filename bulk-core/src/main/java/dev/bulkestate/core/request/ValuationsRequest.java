package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.JobType;
import java.util.List;
import java.util.Optional;

/** {@code POST /bulk/valuations}: an automated valuation of each property. */
public record ValuationsRequest(
    String jobName, List<PropertyRef> properties, ValuationOptions valuationOptions, Webhook webhook)
    implements JobRequest<PropertyRef> {

  public ValuationsRequest {
    properties = Lists.copy(properties);
  }

  @Override
  public JobType type() {
    return JobType.VALUATIONS;
  }

  @Override
  public List<PropertyRef> records() {
    return properties;
  }

  @Override
  public ValuationsRequest withRecords(List<PropertyRef> records) {
    return new ValuationsRequest(jobName, records, valuationOptions, webhook);
  }

  @Override
  public ValuationsRequest withJobName(String name) {
    return new ValuationsRequest(name, properties, valuationOptions, webhook);
  }

  @Override
  public ValuationsRequest withWebhook(Webhook hook) {
    return new ValuationsRequest(jobName, properties, valuationOptions, hook);
  }

  @Override
  public Optional<ApiError> optionsProblem() {
    return valuationOptions == null ? Optional.empty() : valuationOptions.problem();
  }

  /** The options, or the defaults when none were given. */
  public ValuationOptions optionsOrDefault() {
    return valuationOptions == null ? ValuationOptions.DEFAULT : valuationOptions;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ValuationsRequest}. */
  public static final class Builder extends RequestBuilder<PropertyRef, ValuationsRequest, Builder> {
    private ValuationOptions options;

    public Builder options(ValuationOptions options) {
      this.options = options;
      return this;
    }

    @Override
    ValuationsRequest create() {
      return new ValuationsRequest(jobName, records, options, webhook);
    }
  }
}
