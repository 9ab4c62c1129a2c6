package dev.bulkestate.core.request;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.JobType;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /bulk/property-search}: each search is one record, and its result lists the
 * matching properties (DESIGN.md section 3: the spec does not show this body).
 */
public record PropertySearchRequest(String jobName, List<SearchQuery> searches, Webhook webhook)
    implements JobRequest<SearchQuery> {

  public PropertySearchRequest {
    searches = Lists.copy(searches);
  }

  @Override
  public JobType type() {
    return JobType.PROPERTY_SEARCH;
  }

  @Override
  public List<SearchQuery> records() {
    return searches;
  }

  @Override
  public PropertySearchRequest withRecords(List<SearchQuery> records) {
    return new PropertySearchRequest(jobName, records, webhook);
  }

  @Override
  public PropertySearchRequest withJobName(String name) {
    return new PropertySearchRequest(name, searches, webhook);
  }

  @Override
  public PropertySearchRequest withWebhook(Webhook hook) {
    return new PropertySearchRequest(jobName, searches, hook);
  }

  @Override
  public Optional<ApiError> optionsProblem() {
    return Optional.empty();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PropertySearchRequest}. */
  public static final class Builder extends RequestBuilder<SearchQuery, PropertySearchRequest, Builder> {
    @Override
    PropertySearchRequest create() {
      return new PropertySearchRequest(jobName, records, webhook);
    }
  }
}
