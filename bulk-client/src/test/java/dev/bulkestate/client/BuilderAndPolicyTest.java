package dev.bulkestate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuilderAndPolicyTest {
  private static final String KEY = "sk_live_Zq81xYt";

  @Test
  void defaultsToTheHostedApiAndAVersionedUserAgent() {
    try (BulkClient client = BulkClient.builder().apiKey(KEY).build()) {
      assertThat(client.baseUrl()).isEqualTo("https://api.realestateapi.com/v1");
      assertThat(client.userAgent()).isEqualTo("bulkestate-java/" + BulkClient.VERSION);
      assertThat(BulkClient.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
      assertThat(client.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
    }
  }

  @Test
  void readsTheKeyFromTheEnvironmentWhenNotGiven() {
    BulkClient.Builder builder = BulkClient.builder()
        .environment(Map.of(BulkClient.API_KEY_ENV, KEY)::get);
    try (BulkClient client = builder.build()) {
      assertThat(client.toString()).doesNotContain(KEY).contains("apiKey=***");
    }
  }

  @Test
  void refusesToBuildWithoutAKey() {
    assertThatThrownBy(() -> BulkClient.builder().environment(name -> null).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(BulkClient.API_KEY_ENV);
  }

  @Test
  void neverShowsTheKeyInMessagesOrToString() {
    String badKey = "sk_live secret";
    assertThatThrownBy(() -> BulkClient.builder().apiKey(badKey).build())
        .isInstanceOf(IllegalArgumentException.class)
        .message().doesNotContain("secret");
    assertThat(BulkClient.builder().apiKey(KEY).toString()).doesNotContain(KEY);
  }

  @Test
  void validatesSettingsInBuild() {
    assertThatThrownBy(() -> BulkClient.builder().apiKey(KEY).baseUrl("ftp://example.com").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> BulkClient.builder().apiKey(KEY).baseUrl("http://h/v1?x=1").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
    assertThatThrownBy(() -> BulkClient.builder().apiKey(KEY)
        .readTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> BulkClient.builder().apiKey(KEY).userAgent(" ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userAgent");
    assertThatThrownBy(() -> BulkClient.builder().apiKey(KEY).retryPolicy(null).build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("retryPolicy");
  }

  @Test
  void aTrailingSlashInTheBaseUrlMakesNoEmptySegment() {
    try (BulkClient client = BulkClient.builder().apiKey(KEY).baseUrl("http://127.0.0.1:9/v1/")
        .build()) {
      assertThat(client.baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
    }
  }

  @Test
  void closeShutsDownOnlyWhatTheClientOwns() {
    BulkClient owning = BulkClient.builder().apiKey(KEY).build();
    owning.close();
    assertThat(owning.httpClient().dispatcher().executorService().isShutdown()).isTrue();

    okhttp3.OkHttpClient shared = new okhttp3.OkHttpClient();
    BulkClient borrowing = BulkClient.builder().apiKey(KEY).httpClient(shared)
        .readTimeout(Duration.ofSeconds(7)).build();
    borrowing.close();
    assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
    assertThat(borrowing.httpClient().connectionPool()).isSameAs(shared.connectionPool());
    assertThat(borrowing.httpClient().readTimeoutMillis()).isEqualTo(7000);
    assertThat(shared.readTimeoutMillis()).isEqualTo(10_000);
    shared.dispatcher().executorService().shutdown();
  }

  @Test
  void aClosedClientRefusesCalls() {
    BulkClient client = BulkClient.builder().apiKey(KEY).baseUrl("http://127.0.0.1:9/v1").build();
    client.close();
    assertThatThrownBy(() -> client.getJob("j")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void computesExponentialBackoffWithJitterAndCaps() {
    RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofMillis(1000)).multiplier(3).jitter(0.5).build();
    assertThat(policy.delayBeforeRetry(1, null, 0.0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayBeforeRetry(2, null, 0.0)).isEqualTo(Duration.ofMillis(300));
    assertThat(policy.delayBeforeRetry(3, null, 0.0)).isEqualTo(Duration.ofMillis(900));
    assertThat(policy.delayBeforeRetry(4, null, 0.0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy.delayBeforeRetry(2, null, 0.5)).isEqualTo(Duration.ofMillis(225));
    assertThat(policy.delayBeforeRetry(2, null, 0.999)).isEqualTo(Duration.ofMillis(150));
    assertThat(policy.delayBeforeRetry(9, Duration.ofSeconds(4), 0.9)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delayBeforeRetry(1, Duration.ofMinutes(5), 0.0)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void rejectsInvalidPolicies() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1).build())
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5).build())
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(10))
        .maxBackoff(Duration.ofSeconds(1)).build()).hasMessageContaining("maxBackoff");
  }

  @Test
  void parsesRetryAfter() {
    Instant now = Instant.parse("2024-01-15T10:30:00Z");
    assertThat(RetryAfter.parse("120", now)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 1.5 ", now)).isEqualTo(Duration.ofMillis(1500));
    assertThat(RetryAfter.parse("Mon, 15 Jan 2024 10:31:00 GMT", now)).isEqualTo(Duration.ofSeconds(60));
    assertThat(RetryAfter.parse("Mon, 15 Jan 2024 10:00:00 GMT", now)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse("-3", now)).isNull();
    assertThat(RetryAfter.parse("soon", now)).isNull();
    assertThat(RetryAfter.parse(null, now)).isNull();
  }
}
