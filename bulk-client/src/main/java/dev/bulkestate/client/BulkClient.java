package dev.bulkestate.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.CreditEstimate;
import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.Envelope;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobList;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.SyncSkipTraceResponse;
import dev.bulkestate.core.jobs.AutoPagingResults;
import dev.bulkestate.core.jobs.ChunkedSubmission;
import dev.bulkestate.core.jobs.JobHandle;
import dev.bulkestate.core.jobs.PollPolicy;
import dev.bulkestate.core.jobs.Sleeper;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookVerifier;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.SkipTraceRequest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Bulk Processing API over HTTP (OkHttp): every endpoint typed in and out, errors as {@link
 * dev.bulkestate.core.BulkApiException} subclasses, I/O failures as {@link BulkIoException},
 * retries with backoff per the {@link RetryPolicy}, and no polling, paging or retry loop left to
 * write:
 *
 * <pre>{@code
 * try (BulkClient client = BulkClient.builder().build()) {       // key from BULKESTATE_API_KEY
 *   JobHandle job = client.submitJob(request, RequestOptions.none(),
 *       b -> b.onProgress(j -> log.info("{}%", j.progress().percentComplete())));
 *   Job done = job.await(Duration.ofMinutes(30));
 *   job.results().stream().forEach(this::store);                  // every page, lazily
 * }
 * }</pre>
 *
 * <p>With webhooks, serve {@link #webhookReceiver} (e.g. through a {@link WebhookHttpHandler}):
 * a verified {@code job_completed} or {@code job_failed} ends the wait of this client's handles on
 * that job at once, and polling stays as the backup.
 *
 * <p>Immutable and thread-safe; share one instance. Every POST carries an {@code Idempotency-Key}
 * (the caller's, or a random one made for the call) that is reused on each retry of that call, so
 * a retried submission never makes a second job. The API key is sent only in the {@code X-API-Key}
 * header; it is never logged, never put in a URL or exception message, and {@link #toString()}
 * does not show it. Redirects are not followed (they would carry the key elsewhere).
 *
 * <p>Logging (SLF4J logger {@code dev.bulkestate.client.BulkClient}): each attempt at DEBUG with
 * method, path, status, duration and retry count; each retry at INFO; bodies only at TRACE, with
 * the key redacted.
 */
public final class BulkClient implements BulkApi, Closeable {
  /** The hosted API. */
  public static final String DEFAULT_BASE_URL = "https://api.realestateapi.com/v1";
  /** The environment variable read when no API key is given. */
  public static final String API_KEY_ENV = "BULKESTATE_API_KEY";
  /** The version of this library, as in the {@code User-Agent}. */
  public static final String VERSION = readVersion();
  /** Code of an answer that is neither the expected data nor the API's error envelope. */
  public static final String UNEXPECTED_RESPONSE = ErrorResponses.UNEXPECTED_RESPONSE;

  private static final MediaType JSON = MediaType.get("application/json");
  private static final RequestBody EMPTY = RequestBody.create(new byte[0], null);

  private final HttpUrl baseUrl;
  private final String apiKey;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final String userAgent;
  private final RetryPolicy retryPolicy;
  private final Supplier<String> idempotencyKeys;
  private final Transport transport;
  private final PollPolicy pollPolicy;
  private final Duration jobTimeout;
  private final Sleeper sleeper;
  private final Clock clock;
  private final DoubleSupplier random;
  private final JobWebhookRouter webhookRouter = new JobWebhookRouter();
  private final AtomicBoolean closed = new AtomicBoolean();

  private BulkClient(Builder b, String apiKey, HttpUrl baseUrl) {
    this.apiKey = apiKey;
    this.baseUrl = baseUrl;
    this.ownsHttp = b.httpClient == null;
    OkHttpClient.Builder http = ownsHttp ? new OkHttpClient.Builder() : b.httpClient.newBuilder();
    if (ownsHttp) {
      http.connectTimeout(Builder.DEFAULT_CONNECT_TIMEOUT)
          .readTimeout(Builder.DEFAULT_READ_TIMEOUT)
          .writeTimeout(Builder.DEFAULT_READ_TIMEOUT)
          .callTimeout(Builder.DEFAULT_CALL_TIMEOUT);
    }
    if (b.connectTimeout != null) {
      http.connectTimeout(b.connectTimeout);
    }
    if (b.readTimeout != null) {
      http.readTimeout(b.readTimeout).writeTimeout(b.readTimeout);
    }
    if (b.callTimeout != null) {
      http.callTimeout(b.callTimeout);
    }
    // Our RetryPolicy is the one place that retries, so retries are counted and bounded.
    http.retryOnConnectionFailure(false);
    // The API never redirects, and following one would send X-API-Key to wherever it points.
    http.followRedirects(false).followSslRedirects(false);
    this.http = http.build();
    this.userAgent = b.userAgent;
    this.retryPolicy = b.retryPolicy;
    this.idempotencyKeys = b.idempotencyKeys;
    this.pollPolicy = b.pollPolicy;
    this.jobTimeout = b.jobTimeout;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.random = b.random;
    this.transport = new Transport(this.http, apiKey, b.retryPolicy, b.sleeper, b.clock, b.random);
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- BulkApi ----

  @Override
  public JobAccepted submit(JobRequest<?> request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return call(post(submitPath(request.type()), json(request), options), options, JobAccepted.class);
  }

  @Override
  public SyncSkipTraceResponse skipTraceSync(SkipTraceRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return call(post(url("bulk", "skip-trace", "sync"), json(request), options), options,
        SyncSkipTraceResponse.class);
  }

  @Override
  public Job getJob(String jobId) {
    return getJob(jobId, RequestOptions.none());
  }

  /** {@link #getJob(String)} with per-call options. */
  public Job getJob(String jobId, RequestOptions options) {
    return call(get(url("bulk", "jobs", requireId(jobId)), options, null), options, Job.class);
  }

  @Override
  public ResultsPage getResults(String jobId, ResultsQuery query) {
    return getResults(jobId, query, RequestOptions.none());
  }

  /** {@link #getResults(String, ResultsQuery)} with per-call options. */
  public ResultsPage getResults(String jobId, ResultsQuery query, RequestOptions options) {
    return call(get(resultsUrl(jobId, query), options, null), options, ResultsPage.class);
  }

  @Override
  public String getResultsCsv(String jobId, ResultsQuery query) {
    return getResultsCsv(jobId, query, RequestOptions.none());
  }

  /** {@link #getResultsCsv(String, ResultsQuery)} with per-call options. */
  public String getResultsCsv(String jobId, ResultsQuery query, RequestOptions options) {
    return send(get(resultsUrl(jobId, query), options, "text/csv"), options).text();
  }

  @Override
  public Job cancel(String jobId) {
    return cancel(jobId, RequestOptions.none());
  }

  /** {@link #cancel(String)} with per-call options. */
  public Job cancel(String jobId, RequestOptions options) {
    return call(post(url("bulk", "jobs", requireId(jobId), "cancel"), EMPTY, options), options,
        Job.class);
  }

  @Override
  public JobList listJobs(JobListQuery query) {
    return listJobs(query, RequestOptions.none());
  }

  /** {@link #listJobs(JobListQuery)} with per-call options. */
  public JobList listJobs(JobListQuery query, RequestOptions options) {
    Objects.requireNonNull(query, "query");
    HttpUrl.Builder url = url("bulk", "jobs").newBuilder()
        .addQueryParameter("page", Integer.toString(query.page()))
        .addQueryParameter("limit", Integer.toString(query.limit()));
    if (query.status() != null) {
      url.addQueryParameter("status", query.status().value());
    }
    return call(get(url.build(), options, null), options, JobList.class);
  }

  @Override
  public CreditEstimate estimate(JobRequest<?> request) {
    return estimate(request, RequestOptions.none());
  }

  /** {@link #estimate(JobRequest)} with per-call options. */
  public CreditEstimate estimate(JobRequest<?> request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return call(post(url("bulk", request.type().value(), "estimate"), json(request), options),
        options, CreditEstimate.class);
  }

  @Override
  public JobAccepted retryFailed(String jobId, RequestOptions options) {
    return call(post(url("bulk", "jobs", requireId(jobId), "retry"), EMPTY, options), options,
        JobAccepted.class);
  }

  /** {@link #retryFailed(String, RequestOptions)} with no per-call options. */
  public JobAccepted retryFailed(String jobId) {
    return retryFailed(jobId, RequestOptions.none());
  }

  @Override
  public CreditUsage usage() {
    return usage(RequestOptions.none());
  }

  /** {@link #usage()} with per-call options. */
  public CreditUsage usage(RequestOptions options) {
    return call(get(url("account", "usage"), options, null), options, CreditUsage.class);
  }

  // ---- jobs: submit, wait, read ----

  /**
   * Submits a property details job and returns its handle: {@code await} it (with a progress
   * listener via {@link #submitJob}), then stream every result from {@link JobHandle#results()}.
   * A webhook delivered to {@link #webhookRouter()} ends its wait early.
   */
  public JobHandle propertyDetails(PropertyDetailsRequest request) {
    return submitJob(request, RequestOptions.none(), null);
  }

  /** {@link #propertyDetails(PropertyDetailsRequest)} with per-call options. */
  public JobHandle propertyDetails(PropertyDetailsRequest request, RequestOptions options) {
    return submitJob(request, options, null);
  }

  /** Submits a property search job and returns its handle; see {@link #propertyDetails}. */
  public JobHandle propertySearch(PropertySearchRequest request) {
    return submitJob(request, RequestOptions.none(), null);
  }

  /** {@link #propertySearch(PropertySearchRequest)} with per-call options. */
  public JobHandle propertySearch(PropertySearchRequest request, RequestOptions options) {
    return submitJob(request, options, null);
  }

  /** Submits an asynchronous skip trace job and returns its handle; see {@link #propertyDetails}. */
  public JobHandle skipTrace(SkipTraceRequest request) {
    return submitJob(request, RequestOptions.none(), null);
  }

  /** {@link #skipTrace(SkipTraceRequest)} with per-call options. */
  public JobHandle skipTrace(SkipTraceRequest request, RequestOptions options) {
    return submitJob(request, options, null);
  }

  /** Submits an address verification job and returns its handle; see {@link #propertyDetails}. */
  public JobHandle addressVerification(AddressVerificationRequest request) {
    return submitJob(request, RequestOptions.none(), null);
  }

  /** {@link #addressVerification(AddressVerificationRequest)} with per-call options. */
  public JobHandle addressVerification(AddressVerificationRequest request,
      RequestOptions options) {
    return submitJob(request, options, null);
  }

  /** Submits a valuations job and returns its handle; see {@link #propertyDetails}. */
  public JobHandle valuations(ValuationsRequest request) {
    return submitJob(request, RequestOptions.none(), null);
  }

  /** {@link #valuations(ValuationsRequest)} with per-call options. */
  public JobHandle valuations(ValuationsRequest request, RequestOptions options) {
    return submitJob(request, options, null);
  }

  /**
   * Submits any job and returns its handle, set up with this client's poll policy, job timeout,
   * clock and sleeper, then by {@code customize} (e.g. {@code b -> b.onProgress(listener)}), and
   * registered with {@link #webhookRouter()}.
   *
   * @param customize changes to the handle's settings, or null
   */
  public JobHandle submitJob(JobRequest<?> request, RequestOptions options,
      Consumer<JobHandle.Builder> customize) {
    return handle(submit(request, options).jobId(), customize);
  }

  /** A handle on an existing job with this client's settings, registered for webhooks. */
  public JobHandle handle(String jobId) {
    return handle(jobId, null);
  }

  /** {@link #handle(String)}, its settings changed by {@code customize} (may be null). */
  public JobHandle handle(String jobId, Consumer<JobHandle.Builder> customize) {
    JobHandle.Builder builder = JobHandle.builder(this, requireId(jobId))
        .pollPolicy(pollPolicy).timeout(jobTimeout).clock(clock).sleeper(sleeper)
        .jitterSource(random);
    if (customize != null) {
      customize.accept(builder);
    }
    return webhookRouter.register(builder.build());
  }

  /**
   * Submits any number of records as jobs within the type's record limit (bulk-core's {@link
   * ChunkedSubmission}): each chunk gets an idempotency key derived from {@code callerKey}, so
   * calling again with the same input and key after a failure returns the same jobs.
   *
   * @param callerKey the key of this input; keep it to resubmit safely
   * @return a handle per chunk, in input order
   * @throws dev.bulkestate.core.jobs.ChunkedSubmissionException when a chunk is refused after
   *     others were accepted (it lists them)
   */
  public List<JobHandle> submitChunked(JobRequest<?> request, String callerKey) {
    Objects.requireNonNull(callerKey, "callerKey");
    List<JobAccepted> accepted = ChunkedSubmission.submit(this, request, callerKey);
    List<JobHandle> handles = new ArrayList<>(accepted.size());
    for (JobAccepted job : accepted) {
      handles.add(handle(job.jobId()));
    }
    return List.copyOf(handles);
  }

  /** Every result of a job, 100 per page, read lazily page by page. */
  public AutoPagingResults results(String jobId) {
    return AutoPagingResults.of(this, requireId(jobId));
  }

  /** A job's results from {@code query}'s page on, its limit and status filter on every page. */
  public AutoPagingResults results(String jobId, ResultsQuery query) {
    return AutoPagingResults.of(this, requireId(jobId), query);
  }

  /**
   * The router that hands webhook events to this client's job handles. Give it (composed with
   * your own listener, if any) to a {@link WebhookReceiver}; see {@link #webhookReceiver}.
   */
  public JobWebhookRouter webhookRouter() {
    return webhookRouter;
  }

  /**
   * A receiver that verifies deliveries with {@code verifier}, hands each new event to this
   * client's job handles, then to {@code listener}.
   */
  public WebhookReceiver webhookReceiver(WebhookVerifier verifier,
      Consumer<? super WebhookEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    Consumer<WebhookEvent> both = webhookRouter.andThen(listener);
    return WebhookReceiver.of(verifier, both);
  }

  // ---- accessors ----

  /** The base URL every path is appended to. */
  public String baseUrl() {
    return baseUrl.toString();
  }

  /** The retry rules of this client. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The OkHttp client this client derived (tests check what {@link #close()} releases). */
  OkHttpClient httpClient() {
    return http;
  }

  /** The {@code User-Agent} this client sends. */
  public String userAgent() {
    return userAgent;
  }

  /**
   * Releases the client's threads and idle connections when it made its own {@link OkHttpClient};
   * a caller-supplied one (and its pool) is left to its owner. Calls after close fail.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "BulkClient[baseUrl=" + baseUrl + ", apiKey=***, userAgent=" + userAgent + "]";
  }

  // ---- plumbing ----

  private static String requireId(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    if (jobId.isBlank()) {
      throw new IllegalArgumentException("jobId must not be blank");
    }
    return jobId;
  }

  /** {@code /bulk/{type}}; a skip trace job goes to {@code /bulk/skip-trace/async} (the spec's path). */
  private HttpUrl submitPath(JobType type) {
    return type.equals(JobType.SKIP_TRACE)
        ? url("bulk", "skip-trace", "async")
        : url("bulk", type.value());
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder builder = baseUrl.newBuilder();
    for (String segment : segments) {
      builder.addPathSegment(segment); // encodes '/', '?', '#', '%'... in ids
    }
    return builder.build();
  }

  private HttpUrl resultsUrl(String jobId, ResultsQuery query) {
    Objects.requireNonNull(query, "query");
    HttpUrl.Builder url = url("bulk", "jobs", requireId(jobId), "results").newBuilder()
        .addQueryParameter("page", Integer.toString(query.page()))
        .addQueryParameter("limit", Integer.toString(query.limit()));
    if (query.status() != null) {
      url.addQueryParameter("status", query.status().value());
    }
    return url.build();
  }

  private RequestBody json(Object body) {
    try {
      return RequestBody.create(BulkJson.mapper().writeValueAsBytes(body), JSON);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The request cannot be written as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  private Request.Builder base(HttpUrl url, RequestOptions options) {
    Objects.requireNonNull(options, "options");
    Request.Builder request = new Request.Builder().url(url);
    for (Map.Entry<String, String> header : options.headers().entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    // Set after the extra headers so that these cannot be replaced by them.
    return request.header(Transport.HEADER_API_KEY, apiKey)
        .header("User-Agent", userAgent);
  }

  private Request get(HttpUrl url, RequestOptions options, String accept) {
    return base(url, options).header("Accept", accept == null ? "application/json" : accept)
        .get().build();
  }

  private Request post(HttpUrl url, RequestBody body, RequestOptions options) {
    String key = options.idempotencyKey() != null ? options.idempotencyKey() : idempotencyKeys.get();
    return base(url, options).header("Accept", "application/json")
        .header(Transport.HEADER_IDEMPOTENCY_KEY, key)
        .post(body).build();
  }

  private Transport.Answer send(Request request, RequestOptions options) {
    if (closed.get()) {
      throw new IllegalStateException("This BulkClient is closed");
    }
    return transport.execute(request, options);
  }

  private <T> T call(Request request, RequestOptions options, Class<T> type) {
    Transport.Answer answer = send(request, options);
    String what = "a success envelope of " + type.getSimpleName();
    try {
      Envelope<T> envelope = BulkJson.mapper().readValue(answer.body(), BulkJson.envelopeOf(type));
      if (envelope == null || !envelope.succeeded() || envelope.data() == null) {
        throw ErrorResponses.unreadableSuccess(answer.status(), what, answer.requestId());
      }
      return envelope.data();
    } catch (IOException e) {
      throw ErrorResponses.unreadableSuccess(answer.status(), what, answer.requestId());
    }
  }

  private static String readVersion() {
    try (InputStream in = BulkClient.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Builds a {@link BulkClient}. Every setting is optional except the API key, which may come from
   * the {@value #API_KEY_ENV} environment variable; {@link #build()} checks them all.
   */
  public static final class Builder {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(2);

    private String apiKey;
    private String baseUrl = DEFAULT_BASE_URL;
    private OkHttpClient httpClient;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private String userAgent = "bulkestate-java/" + VERSION;
    private Sleeper sleeper = Sleeper.system();
    private PollPolicy pollPolicy = PollPolicy.DEFAULT;
    private Duration jobTimeout = JobHandle.DEFAULT_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private Supplier<String> idempotencyKeys = () -> UUID.randomUUID().toString();
    private Function<String, String> environment = System::getenv;

    private Builder() {}

    /** The API key; when not given, {@value #API_KEY_ENV} is read. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The base URL, e.g. {@code http://localhost:8080/v1}; default {@value #DEFAULT_BASE_URL}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * A client whose connection pool, dispatcher and settings to share. The client derives its own
     * with {@link OkHttpClient#newBuilder()} and never shuts the shared one down.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** Time to open a connection (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** Longest silence while reading or writing a body (default 60 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /** Longest one HTTP attempt may take in all (default 2 min); per call see {@link RequestOptions#timeout()}. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** Default {@code bulkestate-java/<version>}. */
    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /**
     * What waits between retries and between polls of a job handle (default: sleeps the thread,
     * and a poll wait ends early when a webhook says the job ended).
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** How the handles of this client poll their jobs (default {@link PollPolicy#DEFAULT}). */
    public Builder pollPolicy(PollPolicy pollPolicy) {
      this.pollPolicy = pollPolicy;
      return this;
    }

    /** The total wait of a handle's {@code await()} (default {@link JobHandle#DEFAULT_TIMEOUT}). */
    public Builder jobTimeout(Duration jobTimeout) {
      this.jobTimeout = jobTimeout;
      return this;
    }

    /** The clock of the retry budget, of {@code Retry-After} dates and of job handles' timeouts. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The source of jitter of retries and polls, numbers in [0, 1); default a thread-local random. */
    public Builder jitterSource(DoubleSupplier random) {
      this.random = random;
      return this;
    }

    /** Makes the idempotency keys of POSTs without one (default random UUIDs). */
    public Builder idempotencyKeys(Supplier<String> idempotencyKeys) {
      this.idempotencyKeys = idempotencyKeys;
      return this;
    }

    /** Where {@value #API_KEY_ENV} is read from (tests). */
    Builder environment(Function<String, String> environment) {
      this.environment = environment;
      return this;
    }

    /**
     * The client.
     *
     * @throws IllegalStateException when no API key was given or found in the environment
     * @throws IllegalArgumentException when a setting is invalid (the message names it)
     */
    public BulkClient build() {
      String key = apiKey != null ? apiKey : environment.apply(API_KEY_ENV);
      if (key == null || key.isBlank()) {
        throw new IllegalStateException(
            "No API key: call apiKey(...) or set the " + API_KEY_ENV + " environment variable");
      }
      if (!key.equals(key.strip()) || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        // The message must not echo the key.
        throw new IllegalArgumentException("apiKey must be printable ASCII without spaces");
      }
      Objects.requireNonNull(baseUrl, "baseUrl");
      HttpUrl base = HttpUrl.parse(baseUrl.endsWith("/")
          ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
      if (base == null) {
        throw new IllegalArgumentException("baseUrl must be an http or https URL, got " + baseUrl);
      }
      if (base.query() != null || base.fragment() != null) {
        throw new IllegalArgumentException("baseUrl must not have a query or fragment");
      }
      checkTimeout(connectTimeout, "connectTimeout");
      checkTimeout(readTimeout, "readTimeout");
      checkTimeout(callTimeout, "callTimeout");
      Objects.requireNonNull(retryPolicy, "retryPolicy");
      Objects.requireNonNull(sleeper, "sleeper");
      Objects.requireNonNull(pollPolicy, "pollPolicy");
      Objects.requireNonNull(jobTimeout, "jobTimeout");
      if (jobTimeout.isNegative()) {
        throw new IllegalArgumentException("jobTimeout must not be negative");
      }
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(random, "jitterSource");
      Objects.requireNonNull(idempotencyKeys, "idempotencyKeys");
      if (userAgent == null || userAgent.isBlank()
          || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException("userAgent must be non-blank printable ASCII");
      }
      return new BulkClient(this, key, base);
    }

    private static void checkTimeout(Duration timeout, String name) {
      if (timeout != null && timeout.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative (zero means none)");
      }
    }

    @Override
    public String toString() {
      return "BulkClient.Builder[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "***")
          + "]";
    }
  }
}
