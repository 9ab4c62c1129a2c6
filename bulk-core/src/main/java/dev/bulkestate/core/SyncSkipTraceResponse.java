package dev.bulkestate.core;

import java.util.List;

/** The answer of {@code POST /bulk/skip-trace/sync}: every result, in input order, and totals. */
public record SyncSkipTraceResponse(List<RecordResult> results, Summary summary) {

  public SyncSkipTraceResponse {
    results = results == null ? List.of() : List.copyOf(results);
  }

  /** Totals of a synchronous skip trace. */
  public record Summary(Integer total, Integer successful, Integer partial, Integer failed,
      Long creditsUsed) {}
}
