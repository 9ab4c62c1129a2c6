package dev.bulkestate.core.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Submits any number of records as jobs within the per-type record limit.
 *
 * <p>The input is checked as a whole first (ids unique across all chunks, webhook, options), then
 * cut in input order into chunks of at most the limit ({@link
 * dev.bulkestate.core.JobType#defaultMaxRecords()} unless set). Each chunk goes with an
 * idempotency key made of the caller's key, the chunk's place and a hash of its content, so
 * submitting the same input again after a crash returns the same jobs instead of new ones, while
 * a changed input never reuses the key of other content. When split, job names get the suffix
 * {@code " (part i/n)"}.
 */
public final class ChunkedSubmission {
  private static final int HASH_HEX_CHARS = 16;

  private final BulkApi api;
  private final int maxRecordsPerJob;
  private final RequestOptions baseOptions;

  private ChunkedSubmission(Builder builder) {
    this.api = builder.api;
    this.maxRecordsPerJob = builder.maxRecordsPerJob;
    this.baseOptions = builder.baseOptions;
  }

  public static Builder builder(BulkApi api) {
    return new Builder(api);
  }

  /** Submits {@code request} in chunks of the type's default limit; see {@link #submit(JobRequest, String)}. */
  public static List<JobAccepted> submit(BulkApi api, JobRequest<?> request, String idempotencyKey) {
    return builder(api).build().submit(request, idempotencyKey);
  }

  /**
   * Submits {@code request} as one job per chunk, in order.
   *
   * @param idempotencyKey the caller's key for this input (keep it to resubmit safely), or null
   *     for the key of the builder's request options, if any; with neither, no keys are sent
   * @return the accepted jobs, one per chunk, in input order
   * @throws dev.bulkestate.core.ValidationException when the input as a whole is invalid
   *     (nothing is submitted)
   * @throws ChunkedSubmissionException when a chunk is refused after others were accepted
   * @throws dev.bulkestate.core.BulkApiException when the first chunk is refused
   */
  public List<JobAccepted> submit(JobRequest<?> request, String idempotencyKey) {
    RequestValidator.validate(request, Integer.MAX_VALUE);
    int max = maxRecordsPerJob > 0 ? maxRecordsPerJob : request.type().defaultMaxRecords();
    List<? extends JobRequest<?>> chunks = split(request, max);
    // One key for every chunk would make the second chunk conflict; derive one per chunk instead.
    String callerKey = idempotencyKey != null ? idempotencyKey : baseOptions.idempotencyKey();
    List<JobAccepted> accepted = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      JobRequest<?> chunk = chunks.get(i);
      RequestOptions options = callerKey == null
          ? baseOptions
          : baseOptions.withIdempotencyKey(chunkKey(callerKey, i, chunks.size(), chunk));
      try {
        accepted.add(api.submit(chunk, options));
      } catch (RuntimeException e) {
        if (accepted.isEmpty()) {
          throw e;
        }
        throw new ChunkedSubmissionException(accepted, i, chunks.size(), e);
      }
    }
    return List.copyOf(accepted);
  }

  /**
   * {@code request} cut into requests of at most {@code maxRecordsPerJob} records, in input order,
   * with the same options and webhook. When there is more than one, each name gets
   * {@code " (part i/n)"} (a missing name becomes {@code "part i/n"}; a long one is shortened to fit
   * {@link RequestValidator#MAX_JOB_NAME_LENGTH}).
   */
  public static <R extends InputRecord> List<JobRequest<R>> split(JobRequest<R> request,
      int maxRecordsPerJob) {
    Objects.requireNonNull(request, "request");
    if (maxRecordsPerJob < 1) {
      throw new IllegalArgumentException("maxRecordsPerJob must be at least 1, got " + maxRecordsPerJob);
    }
    List<R> records = request.records() == null ? List.of() : request.records();
    if (records.size() <= maxRecordsPerJob) {
      return List.of(request);
    }
    int count = (records.size() + maxRecordsPerJob - 1) / maxRecordsPerJob;
    List<JobRequest<R>> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<R> part = records.subList(i * maxRecordsPerJob,
          Math.min(records.size(), (i + 1) * maxRecordsPerJob));
      chunks.add(request.withRecords(List.copyOf(part))
          .withJobName(partName(request.jobName(), i, count)));
    }
    return chunks;
  }

  /**
   * The idempotency key of chunk {@code index} (from 0) of {@code count}:
   * {@code <callerKey>-<index+1>of<count>-<16 hex chars of SHA-256 of the chunk's JSON>}.
   */
  public static String chunkKey(String callerKey, int index, int count, JobRequest<?> chunk) {
    Objects.requireNonNull(callerKey, "callerKey");
    return callerKey + "-" + (index + 1) + "of" + count + "-" + contentHash(chunk);
  }

  static String partName(String name, int index, int count) {
    String suffix = "part " + (index + 1) + "/" + count;
    if (name == null || name.isBlank()) {
      return suffix;
    }
    String withParens = " (" + suffix + ")";
    int room = RequestValidator.MAX_JOB_NAME_LENGTH - withParens.length();
    String base = name.length() > room ? name.substring(0, room) : name;
    return base + withParens;
  }

  private static String contentHash(JobRequest<?> chunk) {
    try {
      byte[] json = BulkJson.mapper().writeValueAsBytes(chunk);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A request always serializes", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Builds a {@link ChunkedSubmission}. */
  public static final class Builder {
    private final BulkApi api;
    private int maxRecordsPerJob;
    private RequestOptions baseOptions = RequestOptions.none();

    private Builder(BulkApi api) {
      this.api = Objects.requireNonNull(api, "api");
    }

    /** The most records per job; by default the type's {@code defaultMaxRecords()}. */
    public Builder maxRecordsPerJob(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxRecordsPerJob must be at least 1, got " + max);
      }
      this.maxRecordsPerJob = max;
      return this;
    }

    /** Options sent with every chunk (timeout, retries, headers); the idempotency key is set per chunk. */
    public Builder requestOptions(RequestOptions options) {
      this.baseOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    public ChunkedSubmission build() {
      return new ChunkedSubmission(this);
    }
  }
}
