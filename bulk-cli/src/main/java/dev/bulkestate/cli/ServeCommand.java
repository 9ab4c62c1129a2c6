package dev.bulkestate.cli;

import dev.bulkestate.core.webhook.WebhookSecret;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.engine.WebhookSettings;
import dev.bulkestate.processors.Processors;
import dev.bulkestate.processors.data.DatasetLoader;
import dev.bulkestate.processors.data.PropertyDataset;
import dev.bulkestate.processors.generator.SyntheticDataGenerator;
import dev.bulkestate.server.BulkServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulk serve}: the API over HTTP in front of an in-memory engine, until SIGTERM/Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the Bulk Processing API over HTTP (in-memory engine, synthetic data by default).")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 for any free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--api-key", paramLabel = "KEY=CREDITS",
      description = "An accepted API key and its credits; repeat for several. Default: one generated key.")
  List<String> apiKeys = List.of();

  @Option(names = "--webhook-secret", paramLabel = "whsec_...",
      description = "The webhook signing secret (default: a generated one, printed).")
  String webhookSecret;

  @Option(names = "--allow-private-webhooks",
      description = "Deliver webhooks to private, loopback and link-local addresses (local development).")
  boolean allowPrivateWebhooks;

  @Option(names = "--dataset", paramLabel = "FILE",
      description = "Your properties (.csv or .jsonl) instead of the synthetic dataset.")
  Path dataset;

  @Option(names = "--people", paramLabel = "FILE",
      description = "People (.csv or .jsonl) living at or owning the --dataset properties, for skip trace.")
  Path people;

  @Option(names = "--seed", description = "Seed of the synthetic dataset (default ${DEFAULT-VALUE}).",
      defaultValue = "" + Processors.DEFAULT_SEED)
  long seed;

  @Option(names = "--size", description = "Properties in the synthetic dataset (default ${DEFAULT-VALUE}).",
      defaultValue = "" + Processors.DEFAULT_SIZE)
  int size;

  @Option(names = "--public-url", paramLabel = "URL",
      description = "The URL clients reach this server at, for results_url and Location (default: the bound address).")
  String publicUrl;

  @Spec
  CommandLine.Model.CommandSpec spec;

  /** Counted down by the shutdown hook once the server has stopped (tests wait on it too). */
  final CountDownLatch stopped = new CountDownLatch(1);
  /** Counted down once the server listens and its address is printed. */
  final CountDownLatch ready = new CountDownLatch(1);
  volatile BulkServer server;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Long> keys = parseKeys();
    String generatedKey = null;
    if (keys.isEmpty()) {
      generatedKey = "bk_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
      keys.put(generatedKey, 1_000_000L);
    }
    WebhookSecret secret = webhookSecret == null ? WebhookSecret.generate() : parseSecret();
    if (size < 1 || size > 2_000_000) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--size must be 1..2000000");
    }
    if (people != null && dataset == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--people needs --dataset");
    }
    PropertyDataset data = dataset != null
        ? DatasetLoader.standard().load(dataset, people, LocalDate.now(ZoneOffset.UTC))
        : SyntheticDataGenerator.standard().generate(seed, size).dataset();
    String base = publicUrl != null ? publicUrl
        : "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port;
    InMemoryBulkEngine engine = InMemoryBulkEngine.builder()
        .defaultProcessors(false)
        .processors(Processors.create(data))
        .webhookSecret(secret)
        .webhookSettings(WebhookSettings.defaults().withAllowPrivateDestinations(allowPrivateWebhooks))
        .publicBaseUrl(port == 0 && publicUrl == null ? "" : base)
        .build();
    BulkServer.Builder builder = BulkServer.builder(engine).host(host).port(port);
    if (publicUrl != null || port != 0) {
      builder.publicBaseUrl(base);
    }
    keys.forEach(builder::apiKey);
    server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "bulk-serve-shutdown"));

    out.println("bulk server listening on " + server.url() + "/v1  (health: " + server.url() + "/health)");
    out.println("dataset: " + (dataset != null ? dataset + " (" : "synthetic, seed " + seed + " (")
        + data.size() + " properties)");
    for (Map.Entry<String, Long> key : keys.entrySet()) {
      // A generated key has to be shown once to be usable; keys given on the command line are masked.
      String shown = key.getKey().equals(generatedKey) ? key.getKey() + "  (generated)"
          : BulkServer.maskKey(key.getKey());
      out.println("api key: " + shown + "  credits: " + key.getValue());
    }
    out.println("webhook secret: " + (webhookSecret == null ? secret.reveal() + "  (generated)" : "whsec_***")
        + (allowPrivateWebhooks ? "  (private webhook destinations allowed)" : ""));
    out.println("stop with Ctrl-C or SIGTERM");
    out.flush();
    ready.countDown();
    stopped.await();
    return 0;
  }

  /** Stops the server gracefully; runs on SIGTERM/SIGINT through the shutdown hook. */
  void stop() {
    BulkServer running = server;
    if (running != null) {
      running.close();
    }
    stopped.countDown();
  }

  private Map<String, Long> parseKeys() {
    Map<String, Long> keys = new LinkedHashMap<>();
    for (String spec : apiKeys) {
      int eq = spec.lastIndexOf('=');
      String key = eq < 0 ? spec : spec.substring(0, eq);
      long credits;
      try {
        credits = eq < 0 ? 1_000_000L : Long.parseLong(spec.substring(eq + 1));
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(this.spec.commandLine(),
            "--api-key takes KEY=CREDITS with a whole number of credits");
      }
      if (key.isBlank() || credits < 0) {
        throw new CommandLine.ParameterException(this.spec.commandLine(),
            "--api-key takes KEY=CREDITS with a non-blank key and credits >= 0");
      }
      keys.put(key, credits);
    }
    return keys;
  }

  private WebhookSecret parseSecret() {
    try {
      return WebhookSecret.parse(webhookSecret);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--webhook-secret must be whsec_ followed by base64 of at least 16 bytes");
    }
  }
}
