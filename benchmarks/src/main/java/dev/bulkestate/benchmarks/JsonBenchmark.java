package dev.bulkestate.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressVerificationRequest;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JSON mapping of a 10,000-record address verification request with bulk-core's one mapper:
 * bytes to request (what the server does on submission) and request to bytes (what the client
 * does). One operation is one whole request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsonBenchmark {
  static final int RECORDS = 10_000;

  private final ObjectMapper mapper = BulkJson.mapper();
  private AddressVerificationRequest request;
  private byte[] bytes;

  @Setup
  public void setUp() throws IOException {
    request = (AddressVerificationRequest) BenchData.request(JobType.ADDRESS_VERIFICATION, RECORDS, 0);
    bytes = mapper.writeValueAsBytes(request);
  }

  @Benchmark
  public AddressVerificationRequest read10kRequest() throws IOException {
    return mapper.readValue(bytes, AddressVerificationRequest.class);
  }

  @Benchmark
  public byte[] write10kRequest() throws IOException {
    return mapper.writeValueAsBytes(request);
  }
}
