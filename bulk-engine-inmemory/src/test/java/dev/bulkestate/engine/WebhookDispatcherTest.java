package dev.bulkestate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.core.webhook.WebhookSigner;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {
  private static WebhookDispatcher dispatcher(WebhookSettings settings) {
    return new WebhookDispatcher(settings, (url, headers, body) -> new WebhookSender.Attempt(200, null, null),
        DestinationPolicy.strict(), new WebhookSigner(WebhookSecret.generate()), Clock.systemUTC());
  }

  @Test
  void waitsFollowTheScheduleExactlyWithoutJitter() {
    try (WebhookDispatcher d = dispatcher(WebhookSettings.builder().jitter(0)
        .retrySchedule(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)).build())) {
      assertThat(d.waitBefore(1, null)).isEqualTo(Duration.ofSeconds(5));
      assertThat(d.waitBefore(2, null)).isEqualTo(Duration.ofSeconds(30));
      assertThat(d.waitBefore(3, null)).isEqualTo(Duration.ofMinutes(2));
    }
  }

  @Test
  void jitterStaysWithinItsFraction() {
    try (WebhookDispatcher d = dispatcher(WebhookSettings.builder().jitter(0.2)
        .retrySchedule(Duration.ofSeconds(10)).build())) {
      boolean varied = false;
      for (int i = 0; i < 200; i++) {
        Duration wait = d.waitBefore(1, null);
        assertThat(wait).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
        varied |= !wait.equals(Duration.ofSeconds(10));
      }
      assertThat(varied).isTrue();
    }
  }

  @Test
  void retryAfterIsUsedUpToItsBound() {
    try (WebhookDispatcher d = dispatcher(WebhookSettings.builder()
        .maxRetryAfter(Duration.ofMinutes(10)).build())) {
      assertThat(d.waitBefore(1, Duration.ofSeconds(42))).isEqualTo(Duration.ofSeconds(42));
      assertThat(d.waitBefore(1, Duration.ofHours(5))).isEqualTo(Duration.ofMinutes(10));
      assertThat(d.waitBefore(1, Duration.ZERO)).isEqualTo(Duration.ZERO);
    }
  }

  @Test
  void retryAfterHeadersAreReadAsSecondsOrDates() {
    Clock clock = Clock.fixed(java.time.Instant.parse("2026-03-01T10:00:00Z"), java.time.ZoneOffset.UTC);
    OkHttpWebhookSender sender = new OkHttpWebhookSender(WebhookSettings.defaults(), DestinationPolicy.strict(), clock);
    assertThat(sender.parseRetryAfter("120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(sender.parseRetryAfter("Sun, 01 Mar 2026 10:01:30 GMT")).isEqualTo(Duration.ofSeconds(90));
    assertThat(sender.parseRetryAfter("Sun, 01 Mar 2026 09:00:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(sender.parseRetryAfter("soon")).isNull();
    assertThat(sender.parseRetryAfter("-5")).isNull();
    assertThat(sender.parseRetryAfter(null)).isNull();
    sender.close();
  }
}
