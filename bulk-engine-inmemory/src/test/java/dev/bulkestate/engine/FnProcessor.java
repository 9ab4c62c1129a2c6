package dev.bulkestate.engine;

import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import java.util.Map;
import java.util.function.Function;

/** A test processor of any job type whose behaviour is a function of the record. */
@SuppressWarnings({"rawtypes"})
final class FnProcessor implements RecordProcessor {
  private final JobType type;
  private final Function<InputRecord, RecordResult> fn;
  private final boolean cacheable;

  FnProcessor(JobType type, Function<InputRecord, RecordResult> fn, boolean cacheable) {
    this.type = type;
    this.fn = fn;
    this.cacheable = cacheable;
  }

  static FnProcessor of(JobType type, Function<InputRecord, RecordResult> fn) {
    return new FnProcessor(type, fn, false);
  }

  /** Answers every record with success and {@code {"echo": id}}. */
  static FnProcessor noop(JobType type) {
    return of(type, r -> RecordResult.success(r.id(), Map.of("echo", r.id())));
  }

  @Override
  public JobType type() {
    return type;
  }

  @Override
  public RecordResult process(InputRecord record, JobRequest request) {
    return fn.apply(record);
  }

  @Override
  public String cacheKey(InputRecord record, JobRequest request) {
    if (!cacheable) {
      return null;
    }
    if (record instanceof dev.bulkestate.core.request.AddressInput a) {
      return a.street();
    }
    return null;
  }
}
