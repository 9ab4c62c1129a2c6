package dev.bulkestate.server;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkService;
import dev.bulkestate.core.Envelope;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.json.BulkJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bulk Processing API over HTTP, in front of any {@link BulkService}: Javalin 7 on Jetty 12,
 * with every request answered by one {@link ApiHandler}.
 *
 * <pre>{@code
 * try (BulkServer server = BulkServer.builder(engine)
 *     .apiKey("key_live_1234", 10_000)
 *     .port(0)
 *     .build()
 *     .start()) {
 *   String url = server.url(); // http://127.0.0.1:54321
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down gracefully: new API calls get 503, Jetty stops accepting
 * connections and lets requests in flight finish, then the service finishes its chunks in flight
 * ({@link BulkService#close()}). The server owns the service it was given.
 */
public final class BulkServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BulkServer.class);
  private static final String ANSWERED = "dev.bulkestate.server.answered";

  private final ApiHandler handler;
  private final String host;
  private final int requestedPort;
  private final Duration stopTimeout;
  private final Javalin javalin;
  private volatile boolean started;
  private volatile int boundPort;
  private volatile boolean closed;

  private BulkServer(Builder builder) {
    this.handler = builder.handler.build();
    this.host = builder.host;
    this.requestedPort = builder.port;
    this.stopTimeout = builder.stopTimeout;
    this.javalin = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = host;
      config.jetty.port = requestedPort;
      config.jetty.modifyServer(server -> {
        server.setStopTimeout(stopTimeout.toMillis());
        // Requests Jetty refuses before routing (bad URI, bad headers) still get the envelope.
        server.setErrorHandler(new EnvelopeErrorHandler());
      });
      config.jetty.modifyServletContextHandler(context ->
          context.setErrorHandler(new org.eclipse.jetty.ee10.servlet.ErrorHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
              return writeJettyError(request, response, callback);
            }
          }));
      for (HandlerType method : HandlerType.values()) {
        if (method.isHttpMethod()) {
          config.routes.addHttpHandler(method, "/<path>", this::serve);
          config.routes.addHttpHandler(method, "/", this::serve);
        }
      }
      // Methods Javalin has no route type for (PROPFIND...) reach this: answer them the same way.
      config.routes.error(404, ctx -> {
        if (ctx.attribute(ANSWERED) == null) {
          serve(ctx);
        }
      });
    });
  }

  public static Builder builder(BulkService service) {
    return new Builder(service);
  }

  /** Starts listening; answers once the port is bound. */
  public BulkServer start() {
    if (closed) {
      throw new IllegalStateException("This server was closed");
    }
    javalin.start(host, requestedPort);
    boundPort = javalin.port();
    started = true;
    log.info("bulk server listening on {}", url());
    return this;
  }

  /** The bound port (the chosen one when the builder asked for port 0). */
  public int port() {
    if (!started) {
      throw new IllegalStateException("The server is not started");
    }
    return boundPort;
  }

  /** {@code http://host:port}, the base the {@code /v1} paths go under. */
  public String url() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + shown + ":" + port();
  }

  /** The handler that answers every request, shared with {@code EngineDispatcher}. */
  public ApiHandler handler() {
    return handler;
  }

  /** Masks all but the last four characters of an API key, for printing. */
  public static String maskKey(String key) {
    return ApiKeys.mask(key);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    handler.startDraining();
    try {
      if (started) {
        javalin.stop();
      }
    } finally {
      handler.service().close();
      log.info("bulk server stopped");
    }
  }

  private void serve(Context ctx) throws IOException {
    HttpServletRequest req = ctx.req();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      headers.putIfAbsent(name, req.getHeader(name));
    }
    ApiRequest request = new ApiRequest(req.getMethod(), req.getRequestURI(), req.getQueryString(),
        headers, req.getContentLengthLong(), req.getInputStream());
    ApiResponse response = handler.handle(request);
    ctx.attribute(ANSWERED, Boolean.TRUE);
    ctx.status(response.status());
    response.headers().forEach(ctx::header);
    if (!request.method().equals("HEAD")) {
      ctx.result(response.body());
    }
  }

  /** Writes Jetty's own error answers (before routing) as the API's error envelope. */
  private static boolean writeJettyError(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : 400;
    String code = switch (status) {
      case 404 -> ErrorCode.NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 431 -> ErrorCode.VALIDATION_ERROR;
      default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_ERROR;
    };
    String message = status >= 500 ? "Internal error" : "The HTTP request is malformed or not allowed";
    byte[] body;
    try {
      body = BulkJson.mapper().writeValueAsBytes(Envelope.error(ApiError.of(code, message)));
    } catch (IOException e) {
      body = ("{\"status\":\"error\",\"error\":{\"code\":\"" + code + "\"}}")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    response.getHeaders().put("Content-Type", ApiHandler.JSON);
    response.getHeaders().put("X-Request-Id", ApiHandler.newRequestId());
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** The server-level error handler: Jetty's error page replaced by the envelope. */
  private static final class EnvelopeErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      return writeJettyError(request, response, callback);
    }
  }

  /** Builds a {@link BulkServer}. */
  public static final class Builder {
    private final ApiHandler.Builder handler;
    private String host = "127.0.0.1";
    private int port = 8080;
    private Duration stopTimeout = Duration.ofSeconds(10);

    private Builder(BulkService service) {
      this.handler = ApiHandler.builder(Objects.requireNonNull(service, "service"));
    }

    /** The port to listen on; 0 picks a free one (see {@link #port()}). Default 8080. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0..65535");
      }
      this.port = port;
      return this;
    }

    /** The address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} for every interface). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Accepts {@code key} and gives it {@code credits}. */
    public Builder apiKey(String key, long credits) {
      handler.apiKey(key, credits);
      return this;
    }

    /** Accepts {@code key} with the balance the service already holds for it. */
    public Builder apiKey(String key) {
      handler.apiKey(key);
      return this;
    }

    /** The largest request body (default {@link ApiHandler#DEFAULT_MAX_BODY_BYTES}). */
    public Builder maxBodyBytes(long bytes) {
      handler.maxBodyBytes(bytes);
      return this;
    }

    /** The URL clients reach this server at (for {@code Location} headers). */
    public Builder publicBaseUrl(String url) {
      handler.publicBaseUrl(url);
      return this;
    }

    /** How long {@link #close()} waits for requests in flight (default 10 s). */
    public Builder stopTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative()) {
        throw new IllegalArgumentException("stopTimeout must be >= 0");
      }
      this.stopTimeout = timeout;
      return this;
    }

    public BulkServer build() {
      return new BulkServer(this);
    }
  }
}
