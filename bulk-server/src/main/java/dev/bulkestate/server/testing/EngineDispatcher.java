package dev.bulkestate.server.testing;

import dev.bulkestate.core.BulkService;
import dev.bulkestate.server.ApiHandler;
import dev.bulkestate.server.ApiRequest;
import dev.bulkestate.server.ApiResponse;
import java.io.ByteArrayInputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okio.Buffer;

/**
 * A MockWebServer {@link Dispatcher} that answers with the real semantics of any
 * {@link BulkService} (for example an {@code InMemoryBulkEngine}), through the same
 * {@link ApiHandler} as {@code BulkServer}. A test keeps what MockWebServer gives: every request
 * recorded ({@code takeRequest()}), and faults injected in front of the real answers.
 *
 * <pre>{@code
 * EngineDispatcher dispatcher = EngineDispatcher.builder(engine).apiKey("test-key", 1_000).build();
 * mockWebServer.setDispatcher(dispatcher);
 * dispatcher.enqueueFault(new MockResponse.Builder().code(503).build()); // first call fails
 * dispatcher.decorateResponses(b -> b.throttleBody(1024, 10, TimeUnit.MILLISECONDS));
 * BulkClient client = BulkClient.builder().baseUrl(mockWebServer.url("/v1").toString())
 *     .apiKey("test-key").build();
 * }</pre>
 *
 * <p>Scripted faults are answered in the order enqueued, each to the first request its predicate
 * accepts, and that request does not reach the service. The dispatcher does not close the service.
 */
public final class EngineDispatcher extends Dispatcher {
  private final ApiHandler handler;
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private volatile UnaryOperator<MockResponse.Builder> decorator = UnaryOperator.identity();

  private record Fault(Predicate<RecordedRequest> when, MockResponse response) {}

  private EngineDispatcher(ApiHandler handler) {
    this.handler = handler;
  }

  public static Builder builder(BulkService service) {
    return new Builder(service);
  }

  /** The shared handler (the same code a {@code BulkServer} runs). */
  public ApiHandler handler() {
    return handler;
  }

  /** Answers the next request with {@code response} instead of the real answer. */
  public EngineDispatcher enqueueFault(MockResponse response) {
    return enqueueFault(request -> true, response);
  }

  /** Answers the next request that {@code when} accepts with {@code response}. */
  public EngineDispatcher enqueueFault(Predicate<RecordedRequest> when, MockResponse response) {
    faults.add(new Fault(Objects.requireNonNull(when, "when"), Objects.requireNonNull(response, "response")));
    return this;
  }

  /** Scripted faults not answered yet. */
  public int pendingFaults() {
    return faults.size();
  }

  /**
   * Changes every real answer before it is sent (throttled bodies, delays, a socket closed
   * mid-body...); the identity by default.
   */
  public EngineDispatcher decorateResponses(UnaryOperator<MockResponse.Builder> decorator) {
    this.decorator = Objects.requireNonNull(decorator, "decorator");
    return this;
  }

  @Override
  public MockResponse dispatch(RecordedRequest recorded) {
    for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
      Fault fault = it.next();
      if (fault.when.test(recorded) && faults.remove(fault)) {
        return fault.response;
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Headers recordedHeaders = recorded.getHeaders();
    for (String name : recordedHeaders.names()) {
      headers.put(name, recordedHeaders.get(name));
    }
    byte[] body = recorded.getBody() == null ? new byte[0] : recorded.getBody().toByteArray();
    ApiRequest request = new ApiRequest(recorded.getMethod(), recorded.getUrl().encodedPath(),
        recorded.getUrl().encodedQuery(), headers, body.length, new ByteArrayInputStream(body));
    ApiResponse answer = handler.handle(request);
    MockResponse.Builder builder = new MockResponse.Builder().code(answer.status());
    answer.headers().forEach(builder::setHeader);
    builder.body(new Buffer().write(answer.body()));
    return decorator.apply(builder).build();
  }

  /** Builds an {@link EngineDispatcher}; the same options as {@code BulkServer.Builder}. */
  public static final class Builder {
    private final ApiHandler.Builder handler;

    private Builder(BulkService service) {
      this.handler = ApiHandler.builder(service);
    }

    public Builder apiKey(String key, long credits) {
      handler.apiKey(key, credits);
      return this;
    }

    public Builder apiKey(String key) {
      handler.apiKey(key);
      return this;
    }

    public Builder maxBodyBytes(long bytes) {
      handler.maxBodyBytes(bytes);
      return this;
    }

    public Builder publicBaseUrl(String url) {
      handler.publicBaseUrl(url);
      return this;
    }

    public EngineDispatcher build() {
      return new EngineDispatcher(handler.build());
    }
  }
}
