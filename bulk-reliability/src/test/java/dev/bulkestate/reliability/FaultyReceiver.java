package dev.bulkestate.reliability;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 over a raw {@link ServerSocket}, so it can misbehave the ways a
 * real receiver does: answer 500 or 410, answer slowly, never answer, reset the connection, fail
 * only the first attempt of each delivery, or redirect. It records every request it read whole.
 */
final class FaultyReceiver implements AutoCloseable {
  enum Mode { OK, FAIL_500, SLOW, HANG, RESET, GONE_410, FLAKY, REDIRECT }

  /** One request as read from the socket. */
  record Delivery(String path, Map<String, String> headers, byte[] body, long receivedNanos) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  final Mode mode;
  final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  private final ServerSocket server;
  private final long slowMillis;
  private final String redirectTo;
  private final Map<String, AtomicInteger> attemptsById = new ConcurrentHashMap<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean closed;

  FaultyReceiver(Mode mode) throws IOException {
    this(mode, 0, null);
  }

  FaultyReceiver(Mode mode, long slowMillis, String redirectTo) throws IOException {
    this.mode = mode;
    this.slowMillis = slowMillis;
    this.redirectTo = redirectTo;
    this.server = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));
    this.acceptor = new Thread(this::acceptLoop, "receiver-" + mode);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Requests read, grouped by {@code webhook-id}, in arrival order. */
  Map<String, List<Delivery>> byWebhookId() {
    Map<String, List<Delivery>> out = new TreeMap<>();
    for (Delivery d : deliveries) {
      out.computeIfAbsent(String.valueOf(d.header("webhook-id")), k -> new ArrayList<>()).add(d);
    }
    return out;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        open.add(socket);
        Thread handler = new Thread(() -> handle(socket), "receiver-conn");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      Delivery delivery = read(in);
      if (delivery == null) {
        return;
      }
      deliveries.add(delivery);
      int attempt = attemptsById.computeIfAbsent(String.valueOf(delivery.header("webhook-id")),
          k -> new AtomicInteger()).incrementAndGet();
      OutputStream out = socket.getOutputStream();
      switch (mode) {
        case OK -> answer(out, 200, null);
        case FAIL_500 -> answer(out, 500, null);
        case GONE_410 -> answer(out, 410, null);
        case FLAKY -> answer(out, attempt == 1 ? 500 : 200, null);
        case REDIRECT -> answer(out, 302, redirectTo);
        case SLOW -> {
          Thread.sleep(slowMillis);
          answer(out, 200, null);
        }
        case HANG -> {
          // Never answers: holds the connection until the caller gives up or the test ends.
          while (!closed && in.read() != -1) {
            // Drains whatever else arrives.
          }
        }
        case RESET -> {
          socket.setSoLinger(true, 0);
          socket.close();
        }
      }
    } catch (IOException | InterruptedException e) {
      // The sender gave up or the test ended; nothing to answer.
    } finally {
      open.remove(socket);
    }
  }

  private static void answer(OutputStream out, int status, String location) throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
    if (location != null) {
      head.append("Location: ").append(location).append("\r\n");
    }
    head.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static Delivery read(InputStream in) throws IOException {
    String requestLine = line(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return null;
    }
    Map<String, String> headers = new TreeMap<>();
    String header;
    while ((header = line(in)) != null && !header.isEmpty()) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            header.substring(colon + 1).trim());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    String[] parts = requestLine.split(" ");
    return new Delivery(parts.length > 1 ? parts[1] : "", headers, body, System.nanoTime());
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        out.write(c);
      }
    }
    if (c == -1 && out.size() == 0) {
      return null;
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
  }
}
