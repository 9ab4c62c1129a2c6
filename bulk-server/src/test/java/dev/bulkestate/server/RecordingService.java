package dev.bulkestate.server;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.BulkService;
import dev.bulkestate.core.CreditEstimate;
import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobList;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.Pagination;
import dev.bulkestate.core.Progress;
import dev.bulkestate.core.RateLimitException;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.RequestValidator;
import dev.bulkestate.core.request.SkipTraceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-test {@link BulkService} for routing, envelope, auth and error-mapping tests of the
 * HTTP layer: it validates with the core validator, answers every record {@code success} at once,
 * and records what reached it (so a test can prove a bad request never did).
 */
final class RecordingService implements BulkService {
  static final Instant NOW = Instant.parse("2026-01-15T10:30:00Z");

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<RequestOptions> options = new CopyOnWriteArrayList<>();
  final Map<String, Long> credits = new ConcurrentHashMap<>();
  final Map<String, Stored> jobs = new ConcurrentHashMap<>();
  final AtomicInteger ids = new AtomicInteger();
  volatile boolean closed;
  volatile RuntimeException failNext;
  volatile Duration rateLimitNext;
  /** When set, the next call counts {@code entered} down and waits for {@code release}. */
  volatile java.util.concurrent.CountDownLatch entered;
  volatile java.util.concurrent.CountDownLatch release;

  record Stored(String key, Job job, List<RecordResult> results) {}

  @Override
  public BulkApi forApiKey(String apiKey) {
    return new Api(apiKey);
  }

  @Override
  public void setCredits(String apiKey, long amount) {
    credits.put(apiKey, amount);
  }

  @Override
  public long availableCredits(String apiKey) {
    return credits.getOrDefault(apiKey, 0L);
  }

  @Override
  public void close() {
    closed = true;
  }

  private final class Api implements BulkApi {
    private final String key;

    Api(String key) {
      this.key = key;
    }

    private void enter(String call) {
      calls.add(call);
      java.util.concurrent.CountDownLatch in = entered;
      if (in != null) {
        entered = null;
        in.countDown();
        try {
          release.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      RuntimeException fail = failNext;
      if (fail != null) {
        failNext = null;
        throw fail;
      }
      Duration limited = rateLimitNext;
      if (limited != null) {
        rateLimitNext = null;
        throw new RateLimitException(ApiError.of(ErrorCode.RATE_LIMITED, "Too much work waiting"),
            null, limited);
      }
    }

    @Override
    public JobAccepted submit(JobRequest<?> request, RequestOptions opts) {
      enter("submit " + request.type());
      options.add(opts);
      RequestValidator.validate(request, request.type().defaultMaxRecords());
      long needed = request.records().size();
      long have = availableCredits(key);
      if (needed > have) {
        throw BulkApiException.of(new ApiError(ErrorCode.QUOTA_EXCEEDED,
            "Insufficient credits to process job",
            Map.of("required_credits", needed, "available_credits", have)));
      }
      credits.put(key, have - needed);
      String id = "job_" + ids.incrementAndGet();
      List<RecordResult> results = new ArrayList<>();
      for (InputRecord record : request.records()) {
        results.add(record.problem().map(p -> RecordResult.failed(record.id(), p))
            .orElseGet(() -> RecordResult.success(record.id(), Map.of("echo", record.id()))));
      }
      int n = results.size();
      Job job = new Job(id, request.jobName(), request.type(), JobStatus.COMPLETED, NOW, NOW, NOW,
          new Progress(n, n, n, 0, 100, 0), null, needed, needed, request.webhook() != null, NOW,
          null, null, null);
      jobs.put(id, new Stored(key, job, results));
      return new JobAccepted(id, JobStatus.QUEUED, NOW, n, NOW, needed, request.webhook() != null,
          null);
    }

    private Stored find(String jobId) {
      Stored stored = jobs.get(jobId);
      if (stored == null || !stored.key.equals(key)) {
        throw BulkApiException.of(ApiError.of(ErrorCode.JOB_NOT_FOUND, "No such job for this API key"));
      }
      return stored;
    }

    @Override
    public Job getJob(String jobId) {
      enter("getJob " + jobId);
      return find(jobId).job;
    }

    @Override
    public ResultsPage getResults(String jobId, ResultsQuery query) {
      enter("getResults " + jobId + " " + query.page() + " " + query.limit() + " " + query.status());
      Stored stored = find(jobId);
      List<RecordResult> all = stored.results.stream()
          .filter(r -> query.status() == null || r.status().equals(query.status())).toList();
      int from = Math.min(all.size(), (query.page() - 1) * query.limit());
      int to = Math.min(all.size(), from + query.limit());
      return new ResultsPage(jobId, stored.job.status(), all.subList(from, to),
          new Pagination(query.page(), query.limit(), all.size(), to < all.size()), null, null);
    }

    @Override
    public String getResultsCsv(String jobId, ResultsQuery query) {
      enter("getResultsCsv " + jobId);
      StringBuilder csv = new StringBuilder("id,status\n");
      for (RecordResult r : getResults(jobId, query).results()) {
        csv.append(r.id()).append(',').append(r.status()).append('\n');
      }
      return csv.toString();
    }

    @Override
    public SyncSkipTraceResponse skipTraceSync(SkipTraceRequest request, RequestOptions opts) {
      enter("skipTraceSync");
      RequestValidator.validate(request, 100);
      List<RecordResult> results = request.records().stream()
          .map(r -> RecordResult.success(r.id(), Map.of("echo", r.id()))).toList();
      return new SyncSkipTraceResponse(results, new SyncSkipTraceResponse.Summary(
          results.size(), results.size(), 0, 0, (long) results.size()));
    }

    @Override
    public Job cancel(String jobId) {
      enter("cancel " + jobId);
      find(jobId);
      throw BulkApiException.of(ApiError.of(ErrorCode.JOB_NOT_CANCELLABLE, "The job has finished"));
    }

    @Override
    public JobList listJobs(JobListQuery query) {
      enter("listJobs " + query.page() + " " + query.limit() + " " + query.status());
      List<Job> mine = jobs.values().stream().filter(s -> s.key.equals(key)).map(Stored::job)
          .filter(j -> query.status() == null || j.status().equals(query.status())).toList();
      return new JobList(mine, new Pagination(query.page(), query.limit(), mine.size(), false));
    }

    @Override
    public CreditEstimate estimate(JobRequest<?> request) {
      enter("estimate " + request.type());
      RequestValidator.validate(request, request.type().defaultMaxRecords());
      int n = request.records().size();
      return new CreditEstimate(request.type(), n, n, 0, 0, (long) n, availableCredits(key));
    }

    @Override
    public JobAccepted retryFailed(String jobId, RequestOptions opts) {
      enter("retryFailed " + jobId);
      find(jobId);
      throw BulkApiException.of(ApiError.field(ErrorCode.VALIDATION_ERROR,
          "The job has no failed records", "job_id", "No failed records"));
    }

    @Override
    public CreditUsage usage() {
      enter("usage");
      return new CreditUsage(availableCredits(key), 0L, 0L, List.of());
    }
  }
}
