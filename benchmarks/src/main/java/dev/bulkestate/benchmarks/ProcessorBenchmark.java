package dev.bulkestate.benchmarks;

import dev.bulkestate.core.JobType;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Records per second of each real processor, one thread, over the default synthetic dataset
 * (seed 42, 20,000 properties) with the record mix of {@link BenchData}. One operation is one
 * record, so the score is records/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProcessorBenchmark {
  static final int BATCH = 1_000;

  @Param({"address-verification", "property-details", "property-search", "skip-trace",
      "valuations"})
  public String type;

  private RecordProcessor<?, ?> processor;
  private JobRequest<?> request;
  private List<? extends InputRecord> records;

  @Setup
  public void setUp() {
    JobType jobType = BenchData.TYPES.get(type);
    processor = BenchData.processor(jobType);
    request = BenchData.request(jobType, BATCH, 0);
    records = request.records();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void process(Blackhole bh) {
    for (int i = 0; i < BATCH; i++) {
      bh.consume(BenchData.call(processor, records.get(i), request));
    }
  }
}
