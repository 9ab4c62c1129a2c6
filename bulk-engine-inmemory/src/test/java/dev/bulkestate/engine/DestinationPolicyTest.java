package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.addresses;
import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.ValidationException;
import dev.bulkestate.core.request.Webhook;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class DestinationPolicyTest {
  private final DestinationPolicy strict = new DestinationPolicy(false, host -> {
    throw new UnknownHostException("no DNS in this test: " + host);
  });

  @ParameterizedTest
  @ValueSource(strings = {
      "127.0.0.1", "127.1.2.3", "[::1]", "::1", "0.0.0.0", "0", "10.0.0.1", "10.255.255.255",
      "172.16.0.1", "172.31.255.254", "192.168.1.1", "169.254.169.254", "169.254.0.1",
      "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:169.254.169.254]", "[::ffff:10.0.0.1]",
      "[::127.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[fe80::1]", "[fc00::1]", "[fd12:3456::1]", "[::]",
      "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "017700000001",
      "100.64.0.1", "224.0.0.1", "255.255.255.255", "127.0.0.1."})
  void privateLoopbackAndLinkLocalLiteralsAreRefusedInEveryForm(String host) {
    assertThat(DestinationPolicy.parseLiteral(host)).as(host).isPresent();
    assertThat(strict.literalProblem(host)).as(host).isPresent();
    assertThatThrownBy(() -> strict.resolve(host))
        .isInstanceOf(DestinationPolicy.RefusedDestinationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "93.184.215.14", "[2606:4700::1111]", "172.32.0.1", "11.0.0.1",
      "192.169.0.1", "1.1.1.1"})
  void publicLiteralsAreAllowed(String host) throws Exception {
    assertThat(strict.literalProblem(host)).as(host).isEmpty();
    assertThat(strict.resolve(host)).hasSize(1);
  }

  @Test
  void decimalAndOctalFormsMeanLoopback() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    assertThat(DestinationPolicy.parseLiteral("2130706433")).contains(loopback);
    assertThat(DestinationPolicy.parseLiteral("0177.0.0.1")).contains(loopback);
    assertThat(DestinationPolicy.parseLiteral("0x7f.1")).map(InetAddress::getHostAddress).contains("127.0.0.1");
  }

  @Test
  void hostNamesAreNotLiteralsAndAreCheckedOnceResolved() throws Exception {
    for (String name : List.of("example.com", "localhost", "1.2.3.com", "0x7g.0.0.1", "256.1.1.1.1")) {
      assertThat(DestinationPolicy.parseLiteral(name)).as(name).isEmpty();
    }
    DestinationPolicy resolving = new DestinationPolicy(false, host -> switch (host) {
      case "localhost" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
      case "rebind.example" -> new InetAddress[] {
          InetAddress.getByName("93.184.215.14"), InetAddress.getByName("169.254.169.254")};
      default -> new InetAddress[] {InetAddress.getByName("93.184.215.14")};
    });
    assertThatThrownBy(() -> resolving.resolve("localhost"))
        .isInstanceOf(DestinationPolicy.RefusedDestinationException.class);
    assertThatThrownBy(() -> resolving.resolve("rebind.example"))
        .isInstanceOf(DestinationPolicy.RefusedDestinationException.class);
    assertThat(resolving.resolve("example.com")).hasSize(1);
    DestinationPolicy allowing = new DestinationPolicy(true, host -> new InetAddress[] {
        InetAddress.getByName("127.0.0.1")});
    assertThat(allowing.resolve("localhost")).hasSize(1);
    assertThat(allowing.literalProblem("127.0.0.1")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1/h", "http://[::1]:8080/h", "http://0.0.0.0/",
      "http://10.1.2.3/", "http://172.16.5.4/", "http://192.168.0.10/", "http://169.254.169.254/latest",
      "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0177.0.0.1/", "https://127.0.0.1:443/"})
  void theEngineRefusesPrivateLiteralsAtSubmission(String url) {
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.builder().defaultProcessors(false)
        .processor(FnProcessor.noop(JobType.ADDRESS_VERIFICATION)).build()) {
      assertThatThrownBy(() -> engine.submit(addresses("a", 1, Webhook.of(url))))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.field()).isEqualTo("webhook.url");
          });
      assertThat(engine.availableCredits("default")).isEqualTo(1_000_000);
    }
  }

  @Test
  void aHostNameResolvingToLoopbackIsAcceptedButNeverCalled() throws Exception {
    try (Receiver receiver = new Receiver(n -> Receiver.status(200));
        InMemoryBulkEngine engine = InMemoryBulkEngine.builder().defaultProcessors(false)
            .processor(FnProcessor.noop(JobType.ADDRESS_VERIFICATION))
            .webhookSettings(WebhookSettings.builder().jitter(0)
                .retrySchedule(Duration.ofMillis(10), Duration.ofMillis(10)).build())
            .build()) {
      String url = "http://localhost:" + receiver.server.getPort() + "/h";
      String id = engine.submit(addresses("a", 1, Webhook.of(url))).jobId();
      awaitFinished(engine, id);
      TestSupport.await("delivery given up", () -> engine.webhookDeliveries(id).stream()
          .anyMatch(d -> d.state() == WebhookDelivery.State.FAILED));
      WebhookDelivery delivery = engine.webhookDeliveries(id).get(0);
      assertThat(delivery.attempts()).isEqualTo(3);
      assertThat(delivery.lastStatusCode()).isNull();
      assertThat(delivery.lastError()).startsWith("Destination refused: localhost");
      assertThat(receiver.requests).isEmpty();
    }
  }
}
