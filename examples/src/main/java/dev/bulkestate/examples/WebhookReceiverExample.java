package dev.bulkestate.examples;

import com.sun.net.httpserver.HttpServer;
import dev.bulkestate.client.WebhookHttpHandler;
import dev.bulkestate.client.WebhookReceiver;
import dev.bulkestate.core.webhook.WebhookEvent;
import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.core.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on the JDK's own HTTP server: every delivery's Standard Webhooks signature is
 * checked (a bad or stale one gets 401), a redelivery of an event already handled (same
 * {@code webhook-id}) is acknowledged with 204 but not handled twice, and each new event is
 * handed to the application, here a list and a latch for {@code job_completed}.
 *
 * <pre>{@code
 * WEBHOOK_SECRET=whsec_... java ... dev.bulkestate.examples.WebhookReceiverExample 8081
 * }</pre>
 */
public final class WebhookReceiverExample implements AutoCloseable {

  /** The path deliveries are posted to. */
  public static final String PATH = "/webhooks/bulk";

  private final HttpServer server;
  private final List<WebhookEvent> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch completed = new CountDownLatch(1);

  /** Listens on {@code address:port} (port 0 for any free one) for deliveries signed with {@code secret}. */
  public WebhookReceiverExample(InetAddress address, int port, WebhookSecret secret)
      throws IOException {
    WebhookReceiver receiver = WebhookReceiver.of(WebhookVerifier.of(secret), this::onEvent);
    server = HttpServer.create(new InetSocketAddress(address, port), 0);
    server.createContext(PATH, new WebhookHttpHandler(receiver));
    server.start();
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
    WebhookSecret secret = WebhookSecret.parse(System.getenv("WEBHOOK_SECRET"));
    try (WebhookReceiverExample receiver =
        new WebhookReceiverExample(InetAddress.getLoopbackAddress(), port, secret)) {
      System.out.println("listening on " + receiver.url());
      receiver.awaitCompleted(1, TimeUnit.HOURS);
    }
  }

  /** Runs once per distinct event; keep it quick (or hand the event to a queue). */
  private void onEvent(WebhookEvent event) {
    events.add(event);
    if (event instanceof WebhookEvent.JobCompleted done) {
      System.out.printf("job %s completed: %d successful, %d failed%n", done.jobId(),
          done.data().summary().successful(), done.data().summary().failed());
      completed.countDown();
    }
  }

  /** The URL to give a job as its webhook. */
  public String url() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
        + server.getAddress().getPort() + PATH;
  }

  /** The events handled so far, each once, in arrival order. */
  public List<WebhookEvent> events() {
    return List.copyOf(events);
  }

  /** Waits for a {@code job_completed} event; false when the time passes first. */
  public boolean awaitCompleted(long timeout, TimeUnit unit) throws InterruptedException {
    return completed.await(timeout, unit);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
