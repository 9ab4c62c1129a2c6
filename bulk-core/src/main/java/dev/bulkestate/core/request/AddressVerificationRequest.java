package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.JobType;
import java.util.List;
import java.util.Optional;

/** {@code POST /bulk/address-verification}: standardize, geocode and check addresses. */
public record AddressVerificationRequest(
    String jobName, List<AddressInput> addresses, VerificationOptions options, Webhook webhook)
    implements JobRequest<AddressInput> {

  public AddressVerificationRequest {
    addresses = Lists.copy(addresses);
  }

  @Override
  public JobType type() {
    return JobType.ADDRESS_VERIFICATION;
  }

  @Override
  public List<AddressInput> records() {
    return addresses;
  }

  @Override
  public AddressVerificationRequest withRecords(List<AddressInput> records) {
    return new AddressVerificationRequest(jobName, records, options, webhook);
  }

  @Override
  public AddressVerificationRequest withJobName(String name) {
    return new AddressVerificationRequest(name, addresses, options, webhook);
  }

  @Override
  public AddressVerificationRequest withWebhook(Webhook hook) {
    return new AddressVerificationRequest(jobName, addresses, options, hook);
  }

  @Override
  public Optional<ApiError> optionsProblem() {
    return options == null ? Optional.empty() : options.problem();
  }

  /** The options, or the defaults when none were given. */
  public VerificationOptions optionsOrDefault() {
    return options == null ? VerificationOptions.DEFAULT : options;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AddressVerificationRequest}. */
  public static final class Builder
      extends RequestBuilder<AddressInput, AddressVerificationRequest, Builder> {
    private VerificationOptions options;

    public Builder options(VerificationOptions options) {
      this.options = options;
      return this;
    }

    @Override
    AddressVerificationRequest create() {
      return new AddressVerificationRequest(jobName, records, options, webhook);
    }
  }
}
