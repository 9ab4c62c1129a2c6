package dev.bulkestate.server.contract;

import dev.bulkestate.client.BulkClient;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.server.testing.EngineDispatcher;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract through MockWebServer: BulkClient -> EngineDispatcher -> engine. */
class DispatcherContractTest extends BulkApiContract {
  static InMemoryBulkEngine engine;
  static MockWebServer server;
  static final Map<String, BulkClient> clients = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    engine = ContractEngines.engine();
    server = new MockWebServer();
    server.setDispatcher(EngineDispatcher.builder(engine)
        .apiKey(KEY_A, RICH).apiKey(KEY_B, RICH).apiKey(KEY_POOR, 5).build());
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterAll
  static void stop() {
    clients.values().forEach(BulkClient::close);
    server.close();
    engine.close();
  }

  @Override
  protected BulkApi api(String apiKey) {
    return clients.computeIfAbsent(apiKey, key -> BulkClient.builder()
        .baseUrl(server.url("/v1").toString()).apiKey(key).build());
  }

  @Override
  protected void setCredits(String apiKey, long credits) {
    engine.setCredits(apiKey, credits);
  }

  @Override
  protected WebhookSecret webhookSecret() {
    return engine.webhookSecret();
  }
}
