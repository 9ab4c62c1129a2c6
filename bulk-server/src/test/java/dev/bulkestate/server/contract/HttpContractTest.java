package dev.bulkestate.server.contract;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.engine.InMemoryBulkEngine;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract over real HTTP: BulkClient -> BulkServer (random loopback port) -> engine. */
class HttpContractTest extends BulkApiContract {
  @RegisterExtension
  static final BulkServerExtension BULK = BulkServerExtension.builder()
      .service(ContractEngines::engine)
      .apiKey(KEY_A, RICH)
      .apiKey(KEY_B, RICH)
      .apiKey(KEY_POOR, 5)
      .build();

  private InMemoryBulkEngine engine() {
    return (InMemoryBulkEngine) BULK.service();
  }

  @Override
  protected BulkApi api(String apiKey) {
    return BULK.client(apiKey);
  }

  @Override
  protected void setCredits(String apiKey, long credits) {
    engine().setCredits(apiKey, credits);
  }

  @Override
  protected WebhookSecret webhookSecret() {
    return engine().webhookSecret();
  }
}
