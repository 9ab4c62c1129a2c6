package dev.bulkestate.server.contract;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.engine.InMemoryBulkEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against the engine in-process. */
class InMemoryEngineContractTest extends BulkApiContract {
  static InMemoryBulkEngine engine;

  @BeforeAll
  static void startEngine() {
    engine = ContractEngines.engine();
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @Override
  protected BulkApi api(String apiKey) {
    return engine.forApiKey(apiKey);
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
