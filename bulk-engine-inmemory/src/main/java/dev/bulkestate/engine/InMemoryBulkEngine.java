package dev.bulkestate.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
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
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.Pagination;
import dev.bulkestate.core.Progress;
import dev.bulkestate.core.RateLimitException;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.ResultsSummary;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.RequestValidator;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.request.Webhook;
import dev.bulkestate.core.spi.FatalProcessingException;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.core.webhook.WebhookSigner;
import dev.bulkestate.engine.RecordRunner.Outcome;
import dev.bulkestate.processors.Processors;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bulk Processing API in-process: jobs cut into chunks, processed by a bounded worker pool
 * (round-robin across API keys and jobs), with credits, idempotency, retention and signed webhooks
 * (DESIGN.md sections 3 and 4).
 *
 * <p>As a {@link BulkApi} it acts for a default API key; {@link #forApiKey} gives the view of any
 * other key, whose jobs no other key can see. {@code InMemoryBulkEngine.create()} works as is:
 * every setting has a default, and the processors default to the real ones of
 * {@link Processors#defaults()} over the built-in synthetic dataset.
 *
 * <pre>{@code
 * try (InMemoryBulkEngine engine = InMemoryBulkEngine.create()) {
 *   JobAccepted job = engine.submit(ValuationsRequest.builder()
 *       .add(PropertyRef.byAddress("val1", "123 Main St, Austin, TX 78701")).build());
 *   engine.awaitJob(job.jobId(), Duration.ofMinutes(1));
 *   ResultsPage page = engine.getResults(job.jobId(), ResultsQuery.first());
 * }
 *
 * // A server: one engine, many keys, its own settings.
 * InMemoryBulkEngine engine = InMemoryBulkEngine.builder()
 *     .workerThreads(8).defaultCredits(10_000).publicBaseUrl("https://api.example.com")
 *     .webhookSettings(WebhookSettings.builder().progressInterval(Duration.ofSeconds(10)).build())
 *     .build();
 * BulkApi alice = engine.forApiKey(aliceKey);
 * }</pre>
 *
 * <p>Closing the engine stops taking work, lets the chunks in flight finish, and cancels what is
 * left (those records get {@code JOB_CANCELLED}, nothing is charged for them). Closing twice is a
 * no-op.
 */
public final class InMemoryBulkEngine implements BulkApi, BulkService {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryBulkEngine.class);

  private final Map<JobType, RecordProcessor<?, ?>> processors;
  private final Map<JobType, Integer> maxRecords;
  private final int syncMaxRecords;
  private final Map<JobType, Long> prices;
  private final long maxWaitingRecords;
  private final int workerThreads;
  private final Clock clock;
  private final CreditLedger ledger;
  private final JobStore store;
  private final ChunkScheduler scheduler;
  private final RecordRunner runner;
  private final WebhookDispatcher webhooks;
  private final WebhookSecret webhookSecret;
  private final WebhookSettings webhookSettings;
  private final DestinationPolicy destinationPolicy;
  private final String publicBaseUrl;
  private final Cache<String, RecordResult> resultCache;
  private final boolean chargeCachedResults;
  private final String defaultApiKey;
  private final Duration drainTimeout;
  private final KeyView defaultView;

  private final Object submitLock = new Object();
  private final AtomicLong waitingRecords = new AtomicLong();
  private final AtomicLong jobSequence = new AtomicLong();
  // Live workers, guarded by itself: a worker abandoned by a timed-out record leaves it and its
  // successor joins it.
  private final Set<Thread> workers = new HashSet<>();
  private final AtomicInteger workerNumber = new AtomicInteger();
  private volatile boolean closed;
  // Moving average of the engine's throughput in records per second (all workers).
  private volatile double recordsPerSecond;

  private InMemoryBulkEngine(Builder b) {
    this.processors = Map.copyOf(b.processors);
    this.maxRecords = Map.copyOf(b.maxRecords);
    this.syncMaxRecords = b.syncMaxRecords;
    this.prices = Map.copyOf(b.prices);
    this.maxWaitingRecords = b.maxWaitingRecords;
    this.workerThreads = b.workerThreads;
    this.clock = b.clock;
    this.ledger = b.ledger != null ? b.ledger : new InMemoryCreditLedger(b.defaultCredits);
    this.store = b.store != null ? b.store
        : new InMemoryJobStore(b.retention, b.maxRetainedRecords, b.ticker);
    this.scheduler = new ChunkScheduler(b.chunkSize);
    this.runner = new RecordRunner(b.recordTimeout, b.retryPolicy, b.sleeper);
    this.webhookSecret = b.webhookSecret != null ? b.webhookSecret : WebhookSecret.generate();
    this.webhookSettings = b.webhookSettings;
    this.destinationPolicy =
        new DestinationPolicy(b.webhookSettings.allowPrivateDestinations(), b.resolver);
    WebhookSender sender = b.webhookSender != null ? b.webhookSender
        : new OkHttpWebhookSender(b.webhookSettings, destinationPolicy, b.clock);
    this.webhooks = new WebhookDispatcher(b.webhookSettings, sender, destinationPolicy,
        new WebhookSigner(webhookSecret), b.clock);
    this.publicBaseUrl = b.publicBaseUrl;
    this.resultCache = b.resultCacheSize <= 0 ? null : Caffeine.newBuilder()
        .maximumSize(b.resultCacheSize)
        .expireAfterWrite(b.resultCacheTtl)
        .ticker(b.ticker)
        .executor(Runnable::run)
        .build();
    this.chargeCachedResults = b.chargeCachedResults;
    this.defaultApiKey = b.defaultApiKey;
    this.drainTimeout = b.drainTimeout;
    this.defaultView = new KeyView(defaultApiKey);
    store.onRemoval(job -> {
      ledger.forget(job.id());
      webhooks.forget(job.id());
    });
    for (int i = 1; i <= workerThreads; i++) {
      startWorker(null, () -> true);
    }
  }

  /** An engine with every default (see {@link Builder}). */
  public static InMemoryBulkEngine create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- BulkService

  @Override
  public BulkApi forApiKey(String apiKey) {
    return new KeyView(requireKey(apiKey));
  }

  private static String requireKey(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("An API key must not be blank");
    }
    return apiKey;
  }

  @Override
  public void setCredits(String apiKey, long credits) {
    ledger.setBalance(requireKey(apiKey), credits);
  }

  @Override
  public long availableCredits(String apiKey) {
    return ledger.available(requireKey(apiKey));
  }

  /** The credits of {@code apiKey}: balance, reservations, and charges by day and job type. */
  public CreditUsage usage(String apiKey) {
    return ledger.usage(requireKey(apiKey));
  }

  /** The webhook delivery log of a job (any key's), in publishing order; empty when unknown. */
  public List<WebhookDelivery> webhookDeliveries(String jobId) {
    return webhooks.deliveries(jobId);
  }

  /**
   * The webhook delivery log of a job of {@code apiKey}, in publishing order.
   *
   * @throws dev.bulkestate.core.NotFoundException when the key has no such job (or it expired)
   */
  public List<WebhookDelivery> webhookDeliveries(String apiKey, String jobId) {
    return webhooks.deliveries(find(requireKey(apiKey), jobId).id());
  }

  /**
   * Waits until job {@code jobId} of the default key has ended (completed, failed or cancelled)
   * and returns it; returns the job as it stands when {@code timeout} passes first.
   *
   * @throws dev.bulkestate.core.NotFoundException when the key has no such job
   */
  public Job awaitJob(String jobId, Duration timeout) throws InterruptedException {
    return awaitJob(defaultApiKey, jobId, timeout);
  }

  /** {@link #awaitJob(String, Duration)} for a job of {@code apiKey}. */
  public Job awaitJob(String apiKey, String jobId, Duration timeout) throws InterruptedException {
    StoredJob job = find(requireKey(apiKey), jobId);
    job.awaitEnd(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return view(job);
  }

  /** The secret webhooks are signed with; hand it to receivers. */
  public WebhookSecret webhookSecret() {
    return webhookSecret;
  }

  /** The API key this engine acts for as a {@link BulkApi}. */
  public String defaultApiKey() {
    return defaultApiKey;
  }

  /** Records accepted and not processed yet, across all jobs (bounded by {@code maxWaitingRecords}). */
  public long waitingRecords() {
    return waitingRecords.get();
  }

  /** True once {@link #close()} has begun. */
  public boolean isClosed() {
    return closed;
  }

  /** Records held by finished jobs still retained. */
  public long retainedRecords() {
    return store.retainedRecords();
  }

  // ---------------------------------------------------------------- BulkApi (default key)

  @Override
  public JobAccepted submit(JobRequest<?> request, RequestOptions options) {
    return defaultView.submit(request, options);
  }

  @Override
  public Job getJob(String jobId) {
    return defaultView.getJob(jobId);
  }

  @Override
  public ResultsPage getResults(String jobId, ResultsQuery query) {
    return defaultView.getResults(jobId, query);
  }

  @Override
  public String getResultsCsv(String jobId, ResultsQuery query) {
    return defaultView.getResultsCsv(jobId, query);
  }

  @Override
  public SyncSkipTraceResponse skipTraceSync(SkipTraceRequest request, RequestOptions options) {
    return defaultView.skipTraceSync(request, options);
  }

  @Override
  public Job cancel(String jobId) {
    return defaultView.cancel(jobId);
  }

  @Override
  public JobList listJobs(JobListQuery query) {
    return defaultView.listJobs(query);
  }

  @Override
  public CreditEstimate estimate(JobRequest<?> request) {
    return defaultView.estimate(request);
  }

  @Override
  public JobAccepted retryFailed(String jobId, RequestOptions options) {
    return defaultView.retryFailed(jobId, options);
  }

  @Override
  public CreditUsage usage() {
    return defaultView.usage();
  }

  /** The API as one key sees it. */
  private final class KeyView implements BulkApi {
    private final String apiKey;

    KeyView(String apiKey) {
      this.apiKey = apiKey;
    }

    @Override
    public JobAccepted submit(JobRequest<?> request, RequestOptions options) {
      return InMemoryBulkEngine.this.submit(apiKey, request, options, null);
    }

    @Override
    public Job getJob(String jobId) {
      return view(find(apiKey, jobId));
    }

    @Override
    public ResultsPage getResults(String jobId, ResultsQuery query) {
      return results(find(apiKey, jobId), query == null ? ResultsQuery.first() : query);
    }

    @Override
    public String getResultsCsv(String jobId, ResultsQuery query) {
      return ResultsCsv.write(getResults(jobId, query).results());
    }

    @Override
    public SyncSkipTraceResponse skipTraceSync(SkipTraceRequest request, RequestOptions options) {
      return InMemoryBulkEngine.this.skipTraceSync(apiKey, request);
    }

    @Override
    public Job cancel(String jobId) {
      return InMemoryBulkEngine.this.cancel(find(apiKey, jobId));
    }

    @Override
    public JobList listJobs(JobListQuery query) {
      JobListQuery q = query == null ? JobListQuery.first() : query;
      List<StoredJob> jobs = store.list(apiKey, q.status());
      List<Job> page = new ArrayList<>();
      for (StoredJob job : slice(jobs, q.page(), q.limit())) {
        page.add(view(job));
      }
      return new JobList(page, Pagination.of(q.page(), q.limit(), jobs.size()));
    }

    @Override
    public CreditEstimate estimate(JobRequest<?> request) {
      return InMemoryBulkEngine.this.estimate(apiKey, request);
    }

    @Override
    public JobAccepted retryFailed(String jobId, RequestOptions options) {
      return InMemoryBulkEngine.this.retryFailed(find(apiKey, jobId), options);
    }

    @Override
    public CreditUsage usage() {
      return ledger.usage(apiKey);
    }
  }

  // ---------------------------------------------------------------- submission

  private JobAccepted submit(String apiKey, JobRequest<?> request, RequestOptions options,
      String retryOf) {
    ensureOpen();
    RequestOptions opts = options == null ? RequestOptions.none() : options;
    int valid = validate(request, maxRecordsOf(request));
    long estimate = valid * priceOf(request.type());
    String idempotencyKey = opts.idempotencyKey();
    String fingerprint = idempotencyKey == null ? null : fingerprint(request, retryOf);
    int total = request.records().size();
    StoredJob job;
    synchronized (submitLock) {
      ensureOpen();
      if (idempotencyKey != null) {
        StoredJob earlier = store.findByIdempotencyKey(apiKey, idempotencyKey).orElse(null);
        if (earlier != null) {
          if (earlier.fingerprint().equals(fingerprint)) {
            // The same job comes back, as it stands now.
            return accepted(earlier, view(earlier).status());
          }
          throw BulkApiException.of(ApiError.of(ErrorCode.IDEMPOTENCY_CONFLICT,
              "This Idempotency-Key was used with another request body"));
        }
      }
      long waiting = waitingRecords.get();
      if (waiting + total > maxWaitingRecords) {
        throw rateLimited(waiting + total - maxWaitingRecords);
      }
      String jobId = "job_" + UUID.randomUUID().toString().replace("-", "");
      if (!ledger.reserve(apiKey, jobId, estimate)) {
        throw quotaExceeded(estimate, ledger.available(apiKey));
      }
      job = new StoredJob(jobId, apiKey, jobSequence.incrementAndGet(), request, clock.instant(),
          retryOf, estimate, idempotencyKey, fingerprint);
      store.add(job);
      waitingRecords.addAndGet(total);
      scheduler.add(job);
    }
    // A worker may already have started it; the answer to a submission still says queued.
    return accepted(job, JobStatus.QUEUED);
  }

  /** Runs the job-level checks; returns the number of records that can be processed. */
  private int validate(JobRequest<?> request, int limit) {
    RequestValidator.validate(request, limit);
    if (!processors.containsKey(request.type())) {
      throw RequestValidator.invalid("type", "This engine has no processor for " + request.type() + " jobs");
    }
    Webhook webhook = request.webhook();
    if (webhook != null) {
      String host = URI.create(webhook.url()).getHost();
      destinationPolicy.literalProblem(host).ifPresent(problem -> {
        throw RequestValidator.invalid("webhook.url", problem);
      });
    }
    int valid = 0;
    for (InputRecord record : request.records()) {
      if (record.problem().isEmpty()) {
        valid++;
      }
    }
    return valid;
  }

  private int maxRecordsOf(JobRequest<?> request) {
    if (request == null) {
      RequestValidator.validate(null, 0);
    }
    int limit = maxRecords.getOrDefault(request.type(), request.type().defaultMaxRecords());
    // A job larger than the waiting bound could never be accepted: say so (413), not "retry later".
    return (int) Math.min(limit, maxWaitingRecords);
  }

  private long priceOf(JobType type) {
    return prices.getOrDefault(type, 1L);
  }

  private RateLimitException rateLimited(long excess) {
    double rate = recordsPerSecond;
    long seconds = rate <= 0 ? 1 : (long) Math.ceil(excess / rate);
    Duration retryAfter = Duration.ofSeconds(Math.max(1, Math.min(300, seconds)));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("max_waiting_records", maxWaitingRecords);
    details.put("retry_after_seconds", retryAfter.toSeconds());
    return new RateLimitException(new ApiError(ErrorCode.RATE_LIMITED,
        "Too many records are waiting to be processed; retry later", details), null, retryAfter);
  }

  private static BulkApiException quotaExceeded(long required, long available) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("required_credits", required);
    details.put("available_credits", available);
    return BulkApiException.of(new ApiError(ErrorCode.QUOTA_EXCEEDED,
        "Insufficient credits to process job", details));
  }

  // Same key + same body means the same job: the body is compared by its canonical JSON.
  private static String fingerprint(JobRequest<?> request, String retryOf) {
    try {
      byte[] json = BulkJson.mapper().writeValueAsBytes(request);
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((request.type().value() + "\n" + retryOf + "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("Requests always serialize", e);
    }
  }

  private JobAccepted accepted(StoredJob job, JobStatus status) {
    Job view = view(job);
    return new JobAccepted(job.id(), status, job.createdAt(), job.totalRecords(),
        view.estimatedCompletion(), job.creditsEstimated(), job.webhook() != null, null);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The engine is closed");
    }
  }

  // ---------------------------------------------------------------- processing

  /**
   * Starts a worker that runs {@code first}, then takes chunks; when {@code first} says false
   * (its thread was abandoned in turn) it stops there. It takes the place of {@code replacing}.
   */
  private void startWorker(Thread replacing, BooleanSupplier first) {
    Thread worker = new Thread(() -> {
      try {
        if (first.getAsBoolean()) {
          workLoop();
        }
      } finally {
        synchronized (workers) {
          workers.remove(Thread.currentThread());
          workers.notifyAll();
        }
      }
    }, "bulk-worker-" + workerNumber.incrementAndGet());
    worker.setDaemon(true);
    synchronized (workers) {
      workers.add(worker);
      // An abandoned worker is no longer waited for by close(): it may never come back.
      workers.remove(replacing);
      workers.notifyAll();
    }
    worker.start();
  }

  private void workLoop() {
    while (!closed) {
      ChunkScheduler.Chunk chunk;
      try {
        chunk = scheduler.take(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        return;
      }
      if (chunk == null) {
        continue;
      }
      try {
        if (!runChunk(chunk)) {
          // A record timed out on this thread: a successor has the rest of the chunk and this
          // thread's place.
          return;
        }
      } catch (RuntimeException e) {
        chunkFailed(chunk.job(), e);
      }
    }
  }

  /** Runs a chunk's records; false when this thread was abandoned (see {@link RecordRunner}). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean runChunk(ChunkScheduler.Chunk chunk) {
    StoredJob job = chunk.job();
    Instant started = clock.instant();
    job.startIfQueued(started);
    RecordProcessor processor = processors.get(job.type());
    JobRequest request = job.request();
    // done, successful, partial, failed; written under the runner's ordering of results
    int[] counts = new int[4];
    return runner.runRange(chunk.from(), chunk.to(),
        i -> processOne(processor, job.record(i), request),
        (i, outcome) -> {
          if (!commit(job, i, outcome.result(), outcome.cached())) {
            return false;
          }
          counts[0]++;
          RecordStatus status = outcome.result().status();
          counts[status.equals(RecordStatus.SUCCESS) ? 1 : status.equals(RecordStatus.PARTIAL) ? 2 : 3]++;
          return true;
        },
        i -> job.record(i).id(),
        // On whichever thread ends the chunk: the worker, or the successor of an abandoned one.
        failure -> {
          try {
            if (failure == null) {
              chunkFinished(job, counts[0], counts[1], counts[2], counts[3], started);
            } else if (failure instanceof FatalProcessingException fatal) {
              failJob(job, fatal.error());
            } else if (failure instanceof InterruptedException) {
              // close() is stopping this worker; it cancels the job.
              Thread.currentThread().interrupt();
            } else {
              chunkFailed(job, failure);
            }
          } catch (RuntimeException e) {
            chunkFailed(job, e);
          }
        },
        this::startWorker);
  }

  private void chunkFailed(StoredJob job, Exception e) {
    LOG.error("Chunk of job {} failed unexpectedly", job.id(), e);
    failJob(job, ApiError.of(ErrorCode.PROCESSING_ERROR, "Job failed due to system error"));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Outcome processOne(RecordProcessor processor, InputRecord record, JobRequest request)
      throws InterruptedException {
    ApiError problem = record.problem().orElse(null);
    if (problem != null) {
      return new Outcome(RecordResult.failed(record.id(), problem), false);
    }
    String cacheKey = null;
    if (resultCache != null) {
      String key = processor.cacheKey(record, request);
      if (key != null) {
        cacheKey = request.type().value() + "\n" + key;
        RecordResult hit = resultCache.getIfPresent(cacheKey);
        if (hit != null) {
          return new Outcome(hit.withId(record.id()).asCached(), true);
        }
      }
    }
    RecordResult result = runner.process(processor, record, request);
    if (cacheKey != null && result.status().isBillable()) {
      resultCache.put(cacheKey, result);
    }
    return new Outcome(result, false);
  }

  // Stores a record's result and charges it, atomically with respect to cancel and failure.
  private boolean commit(StoredJob job, int index, RecordResult result, boolean cached) {
    Instant now = clock.instant();
    synchronized (job) {
      if (!job.commit(index, result, now)) {
        return false;
      }
      waitingRecords.decrementAndGet();
      if (result.status().isBillable() && (!cached || chargeCachedResults)) {
        ledger.charge(job.apiKey(), job.id(), job.type(), index, priceOf(job.type()),
            LocalDate.ofInstant(now, ZoneOffset.UTC));
      }
      if (wants(job, Webhook.RECORD_PROCESSED)) {
        webhooks.publish(job.webhook(), new WebhookEvent.RecordProcessed(Webhook.RECORD_PROCESSED,
            job.id(), now, job.nextWebhookSequence(), result));
      }
      return true;
    }
  }

  private void chunkFinished(StoredJob job, int records, int successful, int partial, int failed,
      Instant started) {
    Instant now = clock.instant();
    long millis = Duration.between(started, now).toMillis();
    if (millis > 0 && records > 0) {
      double rate = records * 1000.0 / millis * workerThreads;
      double previous = recordsPerSecond;
      recordsPerSecond = previous == 0 ? rate : 0.2 * rate + 0.8 * previous;
    }
    synchronized (job) {
      if (job.isFinished()) {
        return;
      }
      int batch = job.chunkDone(records, now);
      Progress progress = job.progress();
      WebhookEvent.Counts counts = new WebhookEvent.Counts(progress.processed(),
          progress.totalRecords(), progress.percentComplete());
      if (wants(job, Webhook.BATCH_COMPLETED)) {
        webhooks.publish(job.webhook(), new WebhookEvent.BatchCompleted(Webhook.BATCH_COMPLETED,
            job.id(), now, job.nextWebhookSequence(), new WebhookEvent.BatchCompleted.Data(
                batch, records, successful, partial, failed, counts)));
      }
      if (job.allChunksDone()) {
        complete(job, now);
      } else if (wants(job, Webhook.PROGRESS_UPDATE)
          && job.progressDue(now, webhookSettings.progressInterval())) {
        webhooks.publish(job.webhook(), new WebhookEvent.ProgressUpdate(Webhook.PROGRESS_UPDATE,
            job.id(), now, job.nextWebhookSequence(), new WebhookEvent.ProgressUpdate.Data(
                counts, job.estimatedCompletion(now, recordsPerSecond))));
      }
    }
  }

  private void complete(StoredJob job, Instant now) {
    synchronized (job) {
      job.transition(JobStatus.COMPLETED, now);
      ledger.release(job.apiKey(), job.id());
      store.finished(job);
      if (wants(job, Webhook.JOB_COMPLETED)) {
        Progress p = job.progress();
        webhooks.publish(job.webhook(), new WebhookEvent.JobCompleted(Webhook.JOB_COMPLETED,
            job.id(), now, job.nextWebhookSequence(), new WebhookEvent.JobCompleted.Data(
                JobStatus.COMPLETED, new WebhookEvent.JobCompleted.Summary(p.totalRecords(),
                    p.successful(), p.failed(), ledger.chargedFor(job.id()), p.partial()),
                resultsUrl(job.id()))));
      }
    }
  }

  private void failJob(StoredJob job, ApiError error) {
    Instant now = clock.instant();
    synchronized (job) {
      if (job.isFinished()) {
        return;
      }
      if (job.status().equals(JobStatus.QUEUED)) {
        job.transition(JobStatus.PROCESSING, now);
      }
      int processed = job.processed();
      job.fail(error, now);
      end(job, ErrorCode.JOB_FAILED, "The job failed before this record was processed");
      if (wants(job, Webhook.JOB_FAILED)) {
        webhooks.publish(job.webhook(), new WebhookEvent.JobFailed(Webhook.JOB_FAILED, job.id(),
            now, job.nextWebhookSequence(),
            new WebhookEvent.JobFailed.Data(error, processed, ledger.chargedFor(job.id()))));
      }
    }
    LOG.warn("Job {} failed: {}", job.id(), error.message());
  }

  private Job cancel(StoredJob job) {
    Instant now = clock.instant();
    synchronized (job) {
      if (job.isFinished()) {
        throw BulkApiException.of(ApiError.of(ErrorCode.JOB_NOT_CANCELLABLE,
            "Job " + job.id() + " is " + job.status() + " and can no longer be cancelled"));
      }
      job.transition(JobStatus.CANCELLED, now);
      end(job, ErrorCode.JOB_CANCELLED, "The job was cancelled before this record was processed");
    }
    return view(job);
  }

  // After a failure or cancel: records without a result fail, credits go back, retention starts.
  private void end(StoredJob job, String code, String message) {
    int filled = job.failRemaining(code, message);
    waitingRecords.addAndGet(-filled);
    scheduler.remove(job);
    ledger.release(job.apiKey(), job.id());
    store.finished(job);
  }

  private static boolean wants(StoredJob job, String event) {
    return job.webhook() != null && job.webhook().wants(event);
  }

  private String resultsUrl(String jobId) {
    return publicBaseUrl + "/v1/bulk/jobs/" + jobId + "/results";
  }

  // ---------------------------------------------------------------- reads

  private StoredJob find(String apiKey, String jobId) {
    if (jobId == null) {
      throw notFound("null");
    }
    return store.find(apiKey, jobId).orElseThrow(() -> notFound(jobId));
  }

  private static BulkApiException notFound(String jobId) {
    return BulkApiException.of(ApiError.of(ErrorCode.JOB_NOT_FOUND, "Job " + jobId + " not found"));
  }

  private Job view(StoredJob job) {
    // Records are committed and charged under the job's lock; reading both under it too makes
    // counts and credits one snapshot (else a view can show a finished job with credits from before).
    synchronized (job) {
      return job.toJob(clock.instant(), ledger.chargedFor(job.id()), recordsPerSecond);
    }
  }

  private ResultsPage results(StoredJob job, ResultsQuery query) {
    RecordStatus wanted = query.status();
    List<RecordResult> matching = job.results(r -> wanted == null || r.status().equals(wanted));
    Job view = view(job);
    Progress p = view.progress();
    double rate = p.totalRecords() == 0 ? 0 : Math.round(10_000.0 * p.successful() / p.totalRecords()) / 10_000.0;
    ResultsSummary summary = new ResultsSummary(p.totalRecords(), p.successful(), p.failed(), rate,
        view.creditsUsed(), p.partial());
    return new ResultsPage(job.id(), view.status(), slice(matching, query.page(), query.limit()),
        Pagination.of(query.page(), query.limit(), matching.size()), summary, null);
  }

  private static <T> List<T> slice(List<T> all, int page, int limit) {
    long from = (long) (page - 1) * limit;
    if (from >= all.size()) {
      return List.of();
    }
    return all.subList((int) from, (int) Math.min(all.size(), from + limit));
  }

  private CreditEstimate estimate(String apiKey, JobRequest<?> request) {
    int valid = validate(request, maxRecordsOf(request));
    int total = request.records().size();
    Set<String> seen = new HashSet<>();
    int duplicates = 0;
    for (InputRecord record : request.records()) {
      if (record.problem().isEmpty() && !seen.add(normalizedInput(record))) {
        duplicates++;
      }
    }
    return new CreditEstimate(request.type(), total, valid, total - valid, duplicates,
        valid * priceOf(request.type()), ledger.available(apiKey));
  }

  // A record's input without its id, case and spacing folded: equal inputs are duplicates.
  private static String normalizedInput(InputRecord record) {
    ObjectNode node = BulkJson.mapper().valueToTree(record);
    node.remove("id");
    return node.toString().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private JobAccepted retryFailed(StoredJob job, RequestOptions options) {
    if (!job.isFinished()) {
      throw BulkApiException.of(ApiError.of(ErrorCode.JOB_NOT_FINISHED,
          "Job " + job.id() + " is " + job.status() + "; retry it once it has finished"));
    }
    List<Integer> failed = job.failedIndexes();
    if (failed.isEmpty()) {
      throw RequestValidator.invalid("job_id", "Job " + job.id() + " has no failed records");
    }
    List records = new ArrayList<>(failed.size());
    for (int index : failed) {
      records.add(job.record(index));
    }
    JobRequest retry = ((JobRequest) job.request()).withRecords(records);
    return submit(job.apiKey(), retry, options, job.id());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private SyncSkipTraceResponse skipTraceSync(String apiKey, SkipTraceRequest request) {
    ensureOpen();
    int valid = validate(request, syncMaxRecords);
    long price = priceOf(JobType.SKIP_TRACE);
    String callId = "sync_" + UUID.randomUUID().toString().replace("-", "");
    if (!ledger.reserve(apiKey, callId, valid * price)) {
      throw quotaExceeded(valid * price, ledger.available(apiKey));
    }
    RecordProcessor processor = processors.get(JobType.SKIP_TRACE);
    List<SkipTraceRecord> records = request.records();
    Outcome[] outcomes = new Outcome[records.size()];
    ApiError fatal = null;
    try {
      runner.runAndWait(0, records.size(), i -> processOne(processor, records.get(i), request),
          (i, outcome) -> {
            outcomes[i] = outcome;
            return true;
          },
          i -> records.get(i).id());
    } catch (FatalProcessingException e) {
      fatal = e.error();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ledger.release(apiKey, callId);
      throw new IllegalStateException("Interrupted during a sync skip trace", e);
    }
    List<RecordResult> results = new ArrayList<>(records.size());
    int successful = 0;
    int partial = 0;
    int failed = 0;
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    for (int i = 0; i < outcomes.length; i++) {
      // After a fatal error the records not reached fail with that error.
      Outcome outcome = outcomes[i] != null ? outcomes[i]
          : new Outcome(RecordResult.failed(records.get(i).id(), fatal), false);
      RecordResult result = outcome.result();
      if (result.status().isBillable() && (!outcome.cached() || chargeCachedResults)) {
        ledger.charge(apiKey, callId, JobType.SKIP_TRACE, i, price, day);
      }
      if (result.status().equals(RecordStatus.SUCCESS)) {
        successful++;
      } else if (result.status().equals(RecordStatus.PARTIAL)) {
        partial++;
      } else {
        failed++;
      }
      results.add(result);
    }
    ledger.release(apiKey, callId);
    long used = ledger.chargedFor(callId);
    ledger.forget(callId);
    return new SyncSkipTraceResponse(results, new SyncSkipTraceResponse.Summary(
        results.size(), successful, partial, failed, used));
  }

  // ---------------------------------------------------------------- close

  @Override
  public void close() {
    synchronized (submitLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    scheduler.close();
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    synchronized (workers) {
      try {
        while (!workers.isEmpty()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(workers, left);
        }
        // Past the drain timeout: stop the chunks still running (their jobs are cancelled below).
        workers.forEach(Thread::interrupt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Instant now = clock.instant();
    for (StoredJob job : store.unfinished()) {
      synchronized (job) {
        if (!job.isFinished()) {
          job.transition(JobStatus.CANCELLED, now);
          end(job, ErrorCode.JOB_CANCELLED, "The engine closed before this record was processed");
        }
      }
    }
    runner.close();
    webhooks.close(webhookSettings.callTimeout());
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds an {@link InMemoryBulkEngine}; every setting has a default, checked in {@link #build()}.
   */
  public static final class Builder {
    private final Map<JobType, RecordProcessor<?, ?>> processors = new HashMap<>();
    private boolean defaultProcessors = true;
    private final Map<JobType, Integer> maxRecords = new HashMap<>();
    private final Map<JobType, Long> prices = new HashMap<>();
    private int syncMaxRecords = JobType.SYNC_SKIP_TRACE_MAX_RECORDS;
    private int workerThreads = Runtime.getRuntime().availableProcessors();
    private int chunkSize = 100;
    private long maxWaitingRecords = 1_000_000;
    private Duration recordTimeout = Duration.ofSeconds(30);
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Duration retention = Duration.ofDays(7);
    private Ticker ticker = Ticker.systemTicker();
    private long maxRetainedRecords = 1_000_000;
    private long defaultCredits = 1_000_000;
    // Millisecond ticks: timestamps on the wire read like the spec's, not with nanoseconds.
    private Clock clock = Clock.tickMillis(ZoneOffset.UTC);
    private WebhookSecret webhookSecret;
    private WebhookSettings webhookSettings = WebhookSettings.defaults();
    private WebhookSender webhookSender;
    private DestinationPolicy.Resolver resolver = DestinationPolicy.Resolver.SYSTEM;
    private String publicBaseUrl = "";
    private long resultCacheSize;
    private Duration resultCacheTtl = Duration.ofHours(1);
    private boolean chargeCachedResults;
    private CreditLedger ledger;
    private JobStore store;
    private String defaultApiKey = "default";
    private Duration drainTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** Sets the processor of each given job type, replacing any earlier one of that type. */
    public Builder processors(List<? extends RecordProcessor<?, ?>> list) {
      list.forEach(this::processor);
      return this;
    }

    /** Sets the processor of {@code processor.type()}, replacing any earlier one. */
    public Builder processor(RecordProcessor<?, ?> processor) {
      processors.put(Objects.requireNonNull(processor.type(), "type"), processor);
      return this;
    }

    /**
     * Whether job types without a processor of their own get the real ones of
     * {@link Processors#defaults()} over the built-in synthetic dataset (default true).
     */
    public Builder defaultProcessors(boolean use) {
      this.defaultProcessors = use;
      return this;
    }

    /** Worker threads that process chunks (default: the number of cores). */
    public Builder workerThreads(int threads) {
      this.workerThreads = threads;
      return this;
    }

    /** Records per chunk (default 100). */
    public Builder chunkSize(int size) {
      this.chunkSize = size;
      return this;
    }

    /** Most records per job of {@code type} (default {@link JobType#defaultMaxRecords()}). */
    public Builder maxRecords(JobType type, int max) {
      maxRecords.put(type, max);
      return this;
    }

    /** Most records of a sync skip trace (default 100). */
    public Builder syncSkipTraceMaxRecords(int max) {
      this.syncMaxRecords = max;
      return this;
    }

    /**
     * Records accepted and not processed yet, across all jobs, past which submissions get
     * {@code RATE_LIMITED} with a retry hint (default 1,000,000). A job larger than this bound could
     * never be accepted, so it is refused with {@code BATCH_TOO_LARGE} (413) instead.
     */
    public Builder maxWaitingRecords(long max) {
      this.maxWaitingRecords = max;
      return this;
    }

    /**
     * Longest one record may take (default 30 s); {@code null} for no limit. Records run on the
     * worker threads either way; one watchdog thread enforces the limit. A record past it gets
     * {@code RECORD_TIMEOUT}, its thread is interrupted and left behind (a processor may ignore
     * the interrupt), and a new worker carries on with the rest of its chunk.
     */
    public Builder recordTimeout(Duration timeout) {
      this.recordTimeout = timeout;
      return this;
    }

    /** Retries of transient processor errors (default {@link RetryPolicy#DEFAULT}). */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = policy;
      return this;
    }

    /** How retry waits are spent (default {@link Sleeper#SYSTEM}). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** How long finished jobs stay readable (default 7 days). */
    public Builder retention(Duration retention) {
      this.retention = retention;
      return this;
    }

    /** The time source of retention and the result cache (default the system ticker). */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /**
     * Most records finished jobs may hold together; the oldest go first (default 1,000,000). A
     * retained record costs, measured with default options (BENCHMARKS.md), about 750 bytes for
     * address verification, 570 for property details, 390 for skip trace, 300 for valuations and
     * 5.8 KB for property search (25 matches each), so the default bound is under 1 GB for every
     * type but search; size it to the heap and the job mix.
     */
    public Builder maxRetainedRecords(long max) {
      this.maxRetainedRecords = max;
      return this;
    }

    /** The balance of a key the engine has not seen (default 1,000,000). */
    public Builder defaultCredits(long credits) {
      this.defaultCredits = credits;
      return this;
    }

    /** Credits per success or partial record of {@code type} (default 1). */
    public Builder price(JobType type, long creditsPerRecord) {
      prices.put(type, creditsPerRecord);
      return this;
    }

    /** The clock of timestamps, ETAs and usage days (default: UTC, in whole milliseconds). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The webhook signing secret (default: generated; read it with {@link #webhookSecret()}). */
    public Builder webhookSecret(WebhookSecret secret) {
      this.webhookSecret = secret;
      return this;
    }

    public Builder webhookSettings(WebhookSettings settings) {
      this.webhookSettings = settings;
      return this;
    }

    /** Replaces the OkHttp sender (a queue-backed or recording one, say). */
    public Builder webhookSender(WebhookSender sender) {
      this.webhookSender = sender;
      return this;
    }

    /** The host name resolver of the webhook destination check (default the system's). */
    public Builder destinationResolver(DestinationPolicy.Resolver resolver) {
      this.resolver = resolver;
      return this;
    }

    /**
     * The public address of the API (e.g. {@code https://api.example.com}) used in
     * {@code results_url}; default empty, which gives a path ({@code /v1/bulk/jobs/{id}/results}).
     */
    public Builder publicBaseUrl(String url) {
      this.publicBaseUrl = url;
      return this;
    }

    /**
     * Answers a record equal to one processed within {@code ttl} (same type, processor cache key)
     * from a cache of at most {@code maxEntries} results, marked {@code cached: true}.
     */
    public Builder resultCache(long maxEntries, Duration ttl) {
      this.resultCacheSize = maxEntries;
      this.resultCacheTtl = ttl;
      return this;
    }

    /** Whether a result answered from the cache is charged (default false). */
    public Builder chargeCachedResults(boolean charge) {
      this.chargeCachedResults = charge;
      return this;
    }

    /** Replaces the in-memory credit ledger (then {@link #defaultCredits} is the ledger's affair). */
    public Builder creditLedger(CreditLedger ledger) {
      this.ledger = ledger;
      return this;
    }

    /** Replaces the in-memory job store (then retention settings are the store's affair). */
    public Builder jobStore(JobStore store) {
      this.store = store;
      return this;
    }

    /** The key the engine acts for as a {@link BulkApi} (default {@code "default"}). */
    public Builder defaultApiKey(String key) {
      this.defaultApiKey = key;
      return this;
    }

    /** How long {@code close()} waits for chunks in flight (default 30 s). */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = timeout;
      return this;
    }

    public InMemoryBulkEngine build() {
      require(workerThreads >= 1, "workerThreads must be >= 1");
      require(chunkSize >= 1, "chunkSize must be >= 1");
      require(syncMaxRecords >= 1, "syncSkipTraceMaxRecords must be >= 1");
      require(maxWaitingRecords >= 1, "maxWaitingRecords must be >= 1");
      require(maxRetainedRecords >= 1, "maxRetainedRecords must be >= 1");
      require(defaultCredits >= 0, "defaultCredits must be >= 0");
      maxRecords.forEach((type, max) -> require(max >= 1, "maxRecords of " + type + " must be >= 1"));
      prices.forEach((type, price) -> require(price >= 0, "price of " + type + " must be >= 0"));
      require(recordTimeout == null || (!recordTimeout.isNegative() && !recordTimeout.isZero()),
          "recordTimeout must be positive (or null for none)");
      require(retention != null && !retention.isNegative() && !retention.isZero(),
          "retention must be positive");
      Objects.requireNonNull(retryPolicy, "retryPolicy");
      Objects.requireNonNull(sleeper, "sleeper");
      Objects.requireNonNull(ticker, "ticker");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(webhookSettings, "webhookSettings");
      Objects.requireNonNull(resolver, "resolver");
      Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
      Objects.requireNonNull(drainTimeout, "drainTimeout");
      require(resultCacheSize >= 0, "resultCache maxEntries must be >= 0");
      require(resultCacheTtl != null && !resultCacheTtl.isNegative() && !resultCacheTtl.isZero(),
          "resultCache ttl must be positive");
      require(defaultApiKey != null && !defaultApiKey.isBlank(), "defaultApiKey must not be blank");
      if (publicBaseUrl.endsWith("/")) {
        publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
      }
      if (defaultProcessors) {
        for (RecordProcessor<?, ?> processor : Processors.defaults()) {
          processors.putIfAbsent(processor.type(), processor);
        }
      }
      return new InMemoryBulkEngine(this);
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
