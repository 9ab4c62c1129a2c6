package dev.bulkestate.server.contract;

import dev.bulkestate.client.BulkClient;
import dev.bulkestate.core.BulkService;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.server.BulkServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a running {@link BulkServer} on a random loopback port and a {@link BulkClient}
 * configured for it. As a static field it serves the whole class; as an instance field, each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static BulkServerExtension bulk = BulkServerExtension.builder()
 *     .service(() -> InMemoryBulkEngine.builder().build())
 *     .apiKey("test_key_1234", 10_000)
 *     .build();
 *
 * @Test
 * void submits(BulkClient client) { client.submit(...); }
 * }</pre>
 *
 * <p>Test methods can also take the {@link BulkServer} and the {@link BulkService} as parameters.
 */
public final class BulkServerExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /** The key a default extension accepts. */
  public static final String DEFAULT_KEY = "test_key_0000";

  private final Supplier<? extends BulkService> serviceFactory;
  private final Map<String, Long> keys;
  private final String firstKey;
  private BulkService service;
  private BulkServer server;
  private final Map<String, BulkClient> clients = new ConcurrentHashMap<>();
  private boolean perClass;

  private BulkServerExtension(Builder builder) {
    this.serviceFactory = builder.serviceFactory;
    this.keys = Map.copyOf(builder.keys);
    this.firstKey = builder.keys.keySet().iterator().next();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A server over {@code InMemoryBulkEngine.create()} accepting {@link #DEFAULT_KEY}. */
  public static BulkServerExtension withDefaults() {
    return builder().build();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  private void start() {
    service = Objects.requireNonNull(serviceFactory.get(), "the service factory gave null");
    BulkServer.Builder builder = BulkServer.builder(service).port(0);
    keys.forEach(builder::apiKey);
    server = builder.build().start();
  }

  private void stop() {
    clients.values().forEach(BulkClient::close);
    clients.clear();
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The running server. */
  public BulkServer server() {
    return Objects.requireNonNull(server, "the server runs only while a test does");
  }

  /** The service behind the server. */
  public BulkService service() {
    return service;
  }

  /** A client for the first configured key. */
  public BulkClient client() {
    return client(firstKey);
  }

  /** A client for {@code apiKey} (one per key, closed with the server). */
  public BulkClient client(String apiKey) {
    BulkServer running = server();
    return clients.computeIfAbsent(apiKey, key -> BulkClient.builder()
        .baseUrl(running.url() + "/v1").apiKey(key).build());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == BulkClient.class || type == BulkServer.class || type == BulkService.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == BulkClient.class) {
      return client();
    }
    return type == BulkServer.class ? server() : service();
  }

  /** Builds a {@link BulkServerExtension}. */
  public static final class Builder {
    private Supplier<? extends BulkService> serviceFactory = InMemoryBulkEngine::create;
    private final Map<String, Long> keys = new LinkedHashMap<>();

    private Builder() {}

    /** Makes the service behind the server (default {@code InMemoryBulkEngine.create()}). */
    public Builder service(Supplier<? extends BulkService> factory) {
      this.serviceFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Accepts {@code key} with {@code credits}; the first key is the one of {@link #client()}. */
    public Builder apiKey(String key, long credits) {
      keys.put(Objects.requireNonNull(key, "key"), credits);
      return this;
    }

    public BulkServerExtension build() {
      if (keys.isEmpty()) {
        keys.put(DEFAULT_KEY, 1_000_000L);
      }
      return new BulkServerExtension(this);
    }
  }
}
