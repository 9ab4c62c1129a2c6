package dev.bulkestate.core;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.List;
import java.util.Map;

/**
 * One page of a job's results, in input order ({@code GET /bulk/jobs/{id}/results}).
 *
 * @param extra fields this version does not know, kept as read
 */
public record ResultsPage(
    String jobId, JobStatus status, List<RecordResult> results, Pagination pagination,
    ResultsSummary summary, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ResultsPage {
    results = results == null ? List.of() : List.copyOf(results);
    extra = Extras.copy(extra);
  }

  /** True when a later page exists. */
  public boolean hasMore() {
    return pagination != null && Boolean.TRUE.equals(pagination.hasMore());
  }
}
