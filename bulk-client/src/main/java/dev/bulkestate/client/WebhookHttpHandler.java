package dev.bulkestate.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves a {@link WebhookReceiver} on the JDK's {@code com.sun.net.httpserver.HttpServer}:
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * server.createContext("/webhooks/bulk", new WebhookHttpHandler(receiver));
 * server.start();
 * }</pre>
 *
 * <p>Answers 204 to a verified delivery (new or duplicate), 401 to a bad signature or stale
 * timestamp, 400 to a malformed delivery, 405 to anything but POST, 413 to a body over the limit,
 * and 500 when the listener failed. Error answers carry only the reason's name.
 */
public final class WebhookHttpHandler implements HttpHandler {
  /** Largest body read by default; the API's events are far smaller. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  private final WebhookReceiver receiver;
  private final int maxBodyBytes;

  public WebhookHttpHandler(WebhookReceiver receiver) {
    this(receiver, DEFAULT_MAX_BODY_BYTES);
  }

  public WebhookHttpHandler(WebhookReceiver receiver, int maxBodyBytes) {
    this.receiver = Objects.requireNonNull(receiver, "receiver");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1");
    }
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        answer(exchange, 405, "METHOD_NOT_ALLOWED");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(maxBodyBytes + 1);
      }
      if (body.length > maxBodyBytes) {
        answer(exchange, 413, "PAYLOAD_TOO_LARGE");
        return;
      }
      WebhookReceiver.Delivery delivery =
          receiver.receive(body, name -> exchange.getRequestHeaders().getFirst(name));
      String reason = delivery.reason() == null ? null : delivery.reason().name();
      answer(exchange, delivery.httpStatus(),
          delivery.outcome() == WebhookReceiver.Outcome.LISTENER_FAILED ? "LISTENER_FAILED" : reason);
    }
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    if (text == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
