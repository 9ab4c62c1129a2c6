package dev.bulkestate.server.contract;

import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.engine.WebhookSettings;
import java.time.Duration;

/** The engine both runs of the contract suite use: contract processors, loopback webhooks allowed. */
public final class ContractEngines {
  private ContractEngines() {}

  public static InMemoryBulkEngine engine() {
    return InMemoryBulkEngine.builder()
        .defaultProcessors(false)
        .processors(ContractProcessors.all())
        .workerThreads(2)
        .webhookSettings(WebhookSettings.builder()
            .allowPrivateDestinations(true)
            .retrySchedule(Duration.ofMillis(50), Duration.ofMillis(100))
            .progressInterval(Duration.ZERO)
            .build())
        .build();
  }
}
