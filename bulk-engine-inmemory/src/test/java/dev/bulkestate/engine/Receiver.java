package dev.bulkestate.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A webhook receiver on 127.0.0.1 that answers the n-th request (from 1) with {@code answer}. */
final class Receiver implements AutoCloseable {
  final MockWebServer server = new MockWebServer();
  final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  Receiver(IntFunction<MockResponse> answer) throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        return answer.apply(requests.size());
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  @Override
  public void close() {
    server.close();
  }
}
