package dev.bulkestate.server.contract;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The processors an implementation runs while the contract suite tests it: the suite checks the
 * API's semantics, not real-estate data, so each record's outcome follows from its id.
 *
 * <ul>
 *   <li>{@code fail...}: failed with {@code PROPERTY_NOT_FOUND}</li>
 *   <li>{@code partial...}: partial with one warning</li>
 *   <li>{@code hold...}: waits for {@link #release()} (at most 30 s), then succeeds</li>
 *   <li>anything else: success with {@code data = {"echo": id, "type": type}}</li>
 * </ul>
 */
public final class ContractProcessors {
  private static volatile CountDownLatch gate = new CountDownLatch(0);

  private ContractProcessors() {}

  /** One processor per job type. */
  public static List<RecordProcessor<?, ?>> all() {
    return JobType.KNOWN.stream().<RecordProcessor<?, ?>>map(Echo::new).toList();
  }

  /** Makes {@code hold...} records wait until {@link #release()}. */
  public static void hold() {
    gate = new CountDownLatch(1);
  }

  /** Lets every waiting {@code hold...} record go on. */
  public static void release() {
    gate.countDown();
  }

  private static final class Echo<Q extends JobRequest<R>, R extends InputRecord>
      implements RecordProcessor<Q, R> {
    private final JobType type;

    Echo(JobType type) {
      this.type = type;
    }

    @Override
    public JobType type() {
      return type;
    }

    @Override
    public RecordResult process(R record, Q request) {
      String id = record.id();
      if (id.startsWith("hold")) {
        try {
          gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (id.startsWith("fail")) {
        return RecordResult.failed(id, ApiError.of(ErrorCode.PROPERTY_NOT_FOUND,
            "Property not found in database"));
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("echo", id);
      data.put("type", type.value());
      if (id.startsWith("partial")) {
        return RecordResult.partial(id, data, List.of("Phone number not verified"));
      }
      return RecordResult.success(id, data);
    }
  }
}
