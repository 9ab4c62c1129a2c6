package dev.bulkestate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.BulkService;
import dev.bulkestate.core.Envelope;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RateLimitException;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.request.ValuationsRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole HTTP contract of the API in one place: maps a method, path, headers and body to a
 * status, headers and body, in front of any {@link BulkService}. {@link BulkServer} (Javalin) and
 * {@code EngineDispatcher} (MockWebServer) are thin adapters around it, so both answer exactly alike.
 *
 * <p>Every answer is an envelope ({@code {"status":"success","data":...}} or
 * {@code {"status":"error","error":{code,message,details}}}), or CSV for results asked for as CSV,
 * and carries an {@code X-Request-Id}. Bad input gets a 4xx naming the field or position; a 500 is
 * kept for faults of the service and never shows a stack trace or class name. Thread-safe.
 */
public final class ApiHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

  /** Default largest request body: room for 10,000 records of any type. */
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
  /** Longest accepted {@code Idempotency-Key}. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

  static final String JSON = "application/json; charset=utf-8";
  static final String CSV = "text/csv; charset=utf-8";
  static final String UNAVAILABLE = "UNAVAILABLE";

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern TYPE_NAME = Pattern.compile("[a-z0-9-]{1,40}");
  private static final Map<JobType, Class<? extends JobRequest<?>>> REQUEST_TYPES = Map.of(
      JobType.PROPERTY_SEARCH, PropertySearchRequest.class,
      JobType.PROPERTY_DETAILS, PropertyDetailsRequest.class,
      JobType.SKIP_TRACE, SkipTraceRequest.class,
      JobType.ADDRESS_VERIFICATION, AddressVerificationRequest.class,
      JobType.VALUATIONS, ValuationsRequest.class);

  private final BulkService service;
  private final ApiKeys keys;
  private final long maxBodyBytes;
  private final String publicBaseUrl;
  private volatile boolean draining;

  private ApiHandler(Builder builder) {
    this.service = builder.service;
    this.keys = new ApiKeys(builder.credits.keySet());
    this.maxBodyBytes = builder.maxBodyBytes;
    this.publicBaseUrl = builder.publicBaseUrl;
    builder.credits.forEach((key, credits) -> {
      if (credits != null) {
        service.setCredits(key, credits);
      }
    });
  }

  public static Builder builder(BulkService service) {
    return new Builder(service);
  }

  /** The service behind this handler. */
  public BulkService service() {
    return service;
  }

  /** The largest body accepted, in bytes. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * From now on, API calls answer 503 {@code UNAVAILABLE} (with {@code Retry-After}) and
   * {@code /health} reports the server as not ready; used while shutting down.
   */
  public void startDraining() {
    draining = true;
  }

  /** Answers one request. Never throws. */
  public ApiResponse handle(ApiRequest request) {
    String requestId = newRequestId();
    long started = System.nanoTime();
    ApiResponse response;
    try {
      response = dispatch(request, requestId);
    } catch (BulkApiException e) {
      response = error(e, requestId);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError vmError) {
        throw vmError;
      }
      log.error("{} {} {} failed inside the service", requestId, request.method(), request.rawPath(), e);
      response = error(new BulkApiException(500, ApiError.of(ErrorCode.INTERNAL_ERROR,
          "Internal error; quote request id " + requestId + " when reporting it"), null), requestId);
    }
    if (log.isDebugEnabled()) {
      log.debug("{} {} {} -> {} in {} ms", requestId, request.method(), request.rawPath(),
          response.status(), (System.nanoTime() - started) / 1_000_000);
    }
    return response;
  }

  static String newRequestId() {
    return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
  }

  private ApiResponse dispatch(ApiRequest request, String requestId) {
    List<String> segments = segments(request.rawPath());
    if (segments != null && (segments.equals(List.of("health")) || segments.equals(List.of("v1", "health")))) {
      if (!request.method().equals("GET")) {
        return methodNotAllowed("GET", requestId);
      }
      return health(requestId);
    }
    Route route = segments == null || segments.isEmpty() || !segments.get(0).equals("v1")
        ? null : Route.match(segments.subList(1, segments.size()));
    if (route == null) {
      throw new BulkApiException(404, ApiError.of(ErrorCode.NOT_FOUND,
          "No such path; the API lives under /v1 (see the API reference)"), null);
    }
    if (!route.method().equals(request.method())) {
      return methodNotAllowed(route.method(), requestId);
    }
    if (draining) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Retry-After", "1");
      return envelope(503, Envelope.error(ApiError.of(UNAVAILABLE, "The server is shutting down")),
          headers, requestId);
    }
    String apiKey = authenticate(request);
    BulkApi api = service.forApiKey(apiKey);
    Map<String, String> query = Query.parse(request.rawQuery());
    return switch (route.kind()) {
      case SUBMIT -> submit(api, route, request, requestId);
      case SYNC_SKIP_TRACE -> ok(api.skipTraceSync(
          readBody(request, SkipTraceRequest.class), options(request)), requestId);
      case ESTIMATE -> ok(api.estimate(readBody(request, requestClass(route))), requestId);
      case LIST_JOBS -> ok(api.listJobs(new JobListQuery(
          Query.intParam(query, "page", 1, 1, Integer.MAX_VALUE),
          Query.intParam(query, "limit", ResultsQuery.DEFAULT_LIMIT, 1, ResultsQuery.MAX_LIMIT),
          Query.jobStatus(query))), requestId);
      case GET_JOB -> ok(api.getJob(jobId(route)), requestId);
      case RESULTS -> results(api, route, request, query, requestId);
      case CANCEL -> ok(api.cancel(jobId(route)), requestId);
      case RETRY -> accepted(api.retryFailed(jobId(route), options(request)), requestId);
      case USAGE -> ok(api.usage(), requestId);
    };
  }

  private ApiResponse submit(BulkApi api, Route route, ApiRequest request, String requestId) {
    JobRequest<?> body = readBody(request, requestClass(route));
    return accepted(api.submit(body, options(request)), requestId);
  }

  private ApiResponse results(BulkApi api, Route route, ApiRequest request,
      Map<String, String> query, String requestId) {
    String id = jobId(route);
    ResultsQuery results = new ResultsQuery(
        Query.intParam(query, "page", 1, 1, Integer.MAX_VALUE),
        Query.intParam(query, "limit", ResultsQuery.DEFAULT_LIMIT, 1, ResultsQuery.MAX_LIMIT),
        Query.recordStatus(query));
    if (Query.wantsCsv(query, request.header("Accept"))) {
      String csv = api.getResultsCsv(id, results);
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", CSV);
      headers.put("X-Request-Id", requestId);
      return new ApiResponse(200, headers, csv.getBytes(StandardCharsets.UTF_8));
    }
    return ok(api.getResults(id, results), requestId);
  }

  private Class<? extends JobRequest<?>> requestClass(Route route) {
    JobType type = JobType.of(route.type());
    Class<? extends JobRequest<?>> requestClass = REQUEST_TYPES.get(type);
    if (requestClass == null) {
      String named = TYPE_NAME.matcher(route.type()).matches() ? "'" + route.type() + "'" : "this";
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("field", "job_type");
      details.put("issue", "Unknown job type");
      details.put("known_types", JobType.KNOWN.stream().map(JobType::value).toList());
      throw new BulkApiException(400, new ApiError(ErrorCode.VALIDATION_ERROR,
          "Unknown job type " + named + "; known: " + JobType.KNOWN, details), null);
    }
    return requestClass;
  }

  private <T> T readBody(ApiRequest request, Class<T> type) {
    return JsonBodies.read(BoundedBody.read(request, maxBodyBytes), type);
  }

  private String authenticate(ApiRequest request) {
    String presented = request.header("X-API-Key");
    if (presented == null || presented.isBlank()) {
      throw new BulkApiException(401, ApiError.of(ErrorCode.UNAUTHORIZED,
          "Missing API key; send it in the X-API-Key header"), null);
    }
    return keys.match(presented.strip()).orElseThrow(() -> new BulkApiException(401,
        ApiError.of(ErrorCode.UNAUTHORIZED, "The API key is not valid"), null));
  }

  private static String jobId(Route route) {
    if (!JOB_ID.matcher(route.id()).matches()) {
      throw new BulkApiException(404, ApiError.of(ErrorCode.JOB_NOT_FOUND,
          "No such job for this API key"), null);
    }
    return route.id();
  }

  private static RequestOptions options(ApiRequest request) {
    String key = request.header("Idempotency-Key");
    if (key == null) {
      return RequestOptions.none();
    }
    if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
        || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      String issue = "An Idempotency-Key is 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
          + " printable ASCII characters";
      throw new BulkApiException(400, ApiError.field(ErrorCode.VALIDATION_ERROR, issue,
          "Idempotency-Key", issue), null);
    }
    return RequestOptions.idempotencyKey(key);
  }

  private ApiResponse accepted(JobAccepted accepted, String requestId) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (accepted.jobId() != null) {
      headers.put("Location", (publicBaseUrl == null ? "" : publicBaseUrl)
          + "/v1/bulk/jobs/" + accepted.jobId());
    }
    return envelope(202, Envelope.success(accepted), headers, requestId);
  }

  private static ApiResponse ok(Object data, String requestId) {
    return envelope(200, Envelope.success(data), Map.of(), requestId);
  }

  private ApiResponse health(String requestId) {
    if (draining) {
      return envelope(503, Envelope.error(ApiError.of(UNAVAILABLE, "The server is shutting down")),
          Map.of(), requestId);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", "ok");
    return envelope(200, Envelope.success(data), Map.of(), requestId);
  }

  private static ApiResponse methodNotAllowed(String allowed, String requestId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Allow", allowed);
    return envelope(405, Envelope.error(ApiError.of(ErrorCode.METHOD_NOT_ALLOWED,
        "This path takes " + allowed + " only")), headers, requestId);
  }

  private static ApiResponse error(BulkApiException e, String requestId) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (e instanceof RateLimitException limited) {
      Duration wait = limited.retryAfter().orElse(Duration.ofSeconds(1));
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      headers.put("Retry-After", Long.toString(seconds));
    }
    int status = e.httpStatus() >= 400 && e.httpStatus() <= 599 ? e.httpStatus() : 500;
    return envelope(status, Envelope.error(e.error()), headers, requestId);
  }

  private static ApiResponse envelope(int status, Envelope<?> envelope, Map<String, String> extra,
      String requestId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", JSON);
    headers.put("X-Request-Id", requestId);
    headers.putAll(extra);
    return new ApiResponse(status, headers, toJson(envelope));
  }

  private static byte[] toJson(Object value) {
    try {
      return BulkJson.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An answer could not be written as JSON", e);
    }
  }

  /** The decoded path segments, or null when the path is not validly percent-encoded. */
  static List<String> segments(String rawPath) {
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    List<String> out = new ArrayList<>();
    if (path.isEmpty()) {
      return out;
    }
    for (String raw : path.split("/", -1)) {
      String decoded = Query.percentDecode(raw);
      if (decoded == null) {
        return null;
      }
      out.add(decoded);
    }
    return out;
  }

  /** Builds an {@link ApiHandler}. */
  public static final class Builder {
    private final BulkService service;
    private final Map<String, Long> credits = new LinkedHashMap<>();
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private String publicBaseUrl;

    private Builder(BulkService service) {
      this.service = Objects.requireNonNull(service, "service");
    }

    /** Accepts {@code key} and sets its credit balance on the service. */
    public Builder apiKey(String key, long creditBalance) {
      checkKey(key);
      if (creditBalance < 0) {
        throw new IllegalArgumentException("A credit balance cannot be negative");
      }
      credits.put(key, creditBalance);
      return this;
    }

    /** Accepts {@code key} with whatever balance the service already holds for it. */
    public Builder apiKey(String key) {
      checkKey(key);
      credits.putIfAbsent(key, null);
      return this;
    }

    /** The largest request body accepted (default {@value #DEFAULT_MAX_BODY_BYTES} bytes). */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** The URL clients reach the server at, e.g. {@code https://bulk.example.com}; for {@code Location}. */
    public Builder publicBaseUrl(String url) {
      if (url != null && !url.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
        throw new IllegalArgumentException("publicBaseUrl must be an http(s) URL without query");
      }
      this.publicBaseUrl = url == null ? null : url.replaceAll("/+$", "");
      return this;
    }

    private static void checkKey(String key) {
      Objects.requireNonNull(key, "key");
      if (key.isBlank() || !key.equals(key.strip()) || key.length() > 256) {
        throw new IllegalArgumentException("An API key is 1 to 256 characters without surrounding spaces");
      }
    }

    public ApiHandler build() {
      if (credits.isEmpty()) {
        throw new IllegalStateException("Configure at least one API key");
      }
      return new ApiHandler(this);
    }
  }
}
