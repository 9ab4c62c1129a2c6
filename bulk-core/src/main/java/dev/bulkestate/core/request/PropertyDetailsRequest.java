package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.JobType;
import java.util.List;
import java.util.Optional;

/** {@code POST /bulk/property-details}: details of up to 1,000 properties. */
public record PropertyDetailsRequest(
    String jobName, List<PropertyRef> properties, DetailsOptions options, Webhook webhook)
    implements JobRequest<PropertyRef> {

  public PropertyDetailsRequest {
    properties = Lists.copy(properties);
  }

  @Override
  public JobType type() {
    return JobType.PROPERTY_DETAILS;
  }

  @Override
  public List<PropertyRef> records() {
    return properties;
  }

  @Override
  public PropertyDetailsRequest withRecords(List<PropertyRef> records) {
    return new PropertyDetailsRequest(jobName, records, options, webhook);
  }

  @Override
  public PropertyDetailsRequest withJobName(String name) {
    return new PropertyDetailsRequest(name, properties, options, webhook);
  }

  @Override
  public PropertyDetailsRequest withWebhook(Webhook hook) {
    return new PropertyDetailsRequest(jobName, properties, options, hook);
  }

  @Override
  public Optional<ApiError> optionsProblem() {
    return options == null ? Optional.empty() : options.problem();
  }

  /** The options, or the defaults when none were given. */
  public DetailsOptions optionsOrDefault() {
    return options == null ? DetailsOptions.DEFAULT : options;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PropertyDetailsRequest}. */
  public static final class Builder
      extends RequestBuilder<PropertyRef, PropertyDetailsRequest, Builder> {
    private DetailsOptions options;

    public Builder options(DetailsOptions options) {
      this.options = options;
      return this;
    }

    /** Asks only for these sections (see {@link DetailsOptions#SECTIONS}). */
    public Builder include(String... sections) {
      DetailsOptions base = options == null ? new DetailsOptions(null, null, null) : options;
      this.options = new DetailsOptions(List.of(sections), base.format(), base.deliveryMethod());
      return this;
    }

    @Override
    PropertyDetailsRequest create() {
      return new PropertyDetailsRequest(jobName, records, options, webhook);
    }
  }
}
