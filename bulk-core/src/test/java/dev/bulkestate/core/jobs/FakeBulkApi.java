package dev.bulkestate.core.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.CreditEstimate;
import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobList;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.SkipTraceRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link BulkApi} for the helpers' tests: scripted job reads, scripted result pages, and
 * submissions that honour idempotency keys like the real API (same key and body: same job; same
 * key, other body: 409).
 */
final class FakeBulkApi implements BulkApi {
  /** Answers {@code getJob}: called with the 0-based read number. */
  Function<Integer, Job> jobs = n -> {
    throw new AssertionError("no job script");
  };
  BiFunction<String, ResultsQuery, ResultsPage> pages = (id, q) -> {
    throw new AssertionError("no page script");
  };
  /** Called before each new submission is accepted; may throw to refuse it. */
  Function<JobRequest<?>, RuntimeException> refuse = request -> null;

  final AtomicInteger jobReads = new AtomicInteger();
  final List<ResultsQuery> pageQueries = new CopyOnWriteArrayList<>();
  final List<JobRequest<?>> created = new CopyOnWriteArrayList<>();
  final List<String> sentKeys = new CopyOnWriteArrayList<>();
  private final Map<String, Map.Entry<String, JobAccepted>> byKey = new LinkedHashMap<>();

  static Job job(String id, JobStatus status) {
    return new Job(id, null, null, status, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  static Job job(String id, JobStatus status, Instant estimatedCompletion) {
    return new Job(id, null, null, status, null, null, null, null, estimatedCompletion, null, null,
        null, null, null, null, null);
  }

  /** Reads answer the given snapshots in turn, repeating the last one. */
  static Function<Integer, Job> script(Supplier<List<Job>> snapshots) {
    return n -> {
      List<Job> list = snapshots.get();
      return list.get(Math.min(n, list.size() - 1));
    };
  }

  @Override
  public synchronized JobAccepted submit(JobRequest<?> request, RequestOptions options) {
    String key = options.idempotencyKey();
    sentKeys.add(String.valueOf(key));
    String body;
    try {
      body = BulkJson.mapper().writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (key != null && byKey.containsKey(key)) {
      Map.Entry<String, JobAccepted> earlier = byKey.get(key);
      if (!earlier.getKey().equals(body)) {
        throw BulkApiException.of(ApiError.of(ErrorCode.IDEMPOTENCY_CONFLICT, "key reused"));
      }
      return earlier.getValue();
    }
    RuntimeException refusal = refuse.apply(request);
    if (refusal != null) {
      throw refusal;
    }
    created.add(request);
    JobAccepted accepted = new JobAccepted("job_" + created.size(), JobStatus.QUEUED, null,
        request.records().size(), null, (long) request.records().size(), false, null);
    if (key != null) {
      byKey.put(key, Map.entry(body, accepted));
    }
    return accepted;
  }

  @Override
  public Job getJob(String jobId) {
    return Objects.requireNonNull(jobs.apply(jobReads.getAndIncrement()));
  }

  @Override
  public ResultsPage getResults(String jobId, ResultsQuery query) {
    pageQueries.add(query);
    return pages.apply(jobId, query);
  }

  List<Integer> pagesRead() {
    List<Integer> pages = new ArrayList<>();
    pageQueries.forEach(q -> pages.add(q.page()));
    return pages;
  }

  @Override
  public String getResultsCsv(String jobId, ResultsQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SyncSkipTraceResponse skipTraceSync(SkipTraceRequest request, RequestOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Job cancel(String jobId) {
    return job(jobId, JobStatus.CANCELLED);
  }

  @Override
  public JobList listJobs(JobListQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CreditEstimate estimate(JobRequest<?> request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public JobAccepted retryFailed(String jobId, RequestOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CreditUsage usage() {
    throw new UnsupportedOperationException();
  }
}
