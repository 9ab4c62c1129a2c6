package dev.bulkestate.benchmarks;

import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.Webhook;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.engine.WebhookSettings;
import dev.bulkestate.processors.Processors;
import dev.bulkestate.server.BulkServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The macro runs: each comparison measured side by side in the same JVM and the same run, with
 * warm-up rounds, then several measured rounds whose order alternates between the contenders.
 * Writes a Markdown fragment.
 *
 * <pre>
 * java -cp benchmarks-all.jar dev.bulkestate.benchmarks.MacroBench [--quick] [--out file.md]
 *     [--only engine,types,memory,server,client,webhooks]
 * </pre>
 */
public final class MacroBench {
  private final boolean quick;
  private final StringBuilder md = new StringBuilder();

  private MacroBench(boolean quick) {
    this.quick = quick;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path out = null;
    List<String> only = List.of("engine", "types", "memory", "server", "client", "webhooks");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only = List.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
      }
    }
    MacroBench bench = new MacroBench(quick);
    Processors.defaultDataset();
    long t0 = System.nanoTime();
    for (String section : only) {
      long s0 = System.nanoTime();
      switch (section) {
        case "engine" -> bench.enginePeers();
        case "types" -> bench.engineByType();
        case "memory" -> bench.memory();
        case "server" -> bench.server();
        case "client" -> bench.client();
        case "webhooks" -> bench.webhooks();
        case "profile" -> bench.profile(false);
        case "profile-noop" -> bench.profile(true);
        case "profile-dead" -> bench.profileDeadReceiver();
        default -> throw new IllegalArgumentException("Unknown section " + section);
      }
      log("section %s took %.1f s", section, (System.nanoTime() - s0) / 1e9);
    }
    bench.md.append(String.format(Locale.ROOT, "%nMacro runs took %.0f s in all.%n",
        (System.nanoTime() - t0) / 1e9));
    if (out != null) {
      Files.writeString(out, bench.md.toString(), StandardCharsets.UTF_8);
    } else {
      System.out.print(bench.md);
    }
    System.exit(0);
  }

  static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[macro] " + format + "%n", args);
  }

  private int warmups() {
    return 1;
  }

  // The engine section moves 1,000,000 records per contender and round in full mode.
  private int engineRounds() {
    return quick ? 2 : 3;
  }

  private int rounds() {
    return quick ? 2 : 5;
  }

  // ------------------------------------------------------------------ engine vs peers

  private void enginePeers() throws Exception {
    int jobs = quick ? 2 : 100;
    int size = 10_000;
    List<JobRequest<?>> requests = EngineRuns.jobs(JobType.ADDRESS_VERIFICATION, jobs, size);
    md.append("## Engine vs Spring Batch vs the plain loop\n\n")
        .append(String.format(Locale.ROOT, "%d jobs x %,d address-verification records, 2 worker "
            + "threads, chunk %d, median of %d rounds (min..max) after %d warm-up round(s); the "
            + "contenders alternate within each round. Engine: all jobs submitted at once, timed "
            + "to the end of the last. Spring Batch: one job per request, run one after another, "
            + "each one step over a synchronized list reader with a 2-thread executor, a "
            + "`ResourcelessJobRepository` and a `ResourcelessTransactionManager`, the writer "
            + "keeping the results as the engine does. Plain loop: the processor called by 2 "
            + "threads taking 100 records at a time, results kept in arrays.%n%n",
            jobs, size, EngineRuns.CHUNK, engineRounds(), warmups()))
        .append("Ratios are taken round by round (both sides measured in the same round) and "
            + "given as median (min..max). \"engine, no timeout\" is the same engine built with "
            + "`recordTimeout(null)`: no watchdog, so it shows what enforcing the default 30 s "
            + "per-record timeout costs (records run on the worker either way). Records per CPU-second count the CPU time of "
            + "the whole JVM (GC and JIT included); on a loaded machine they are the steadier "
            + "measure of efficiency.\n\n");
    StringBuilder wallRows = new StringBuilder();
    StringBuilder cpuRows = new StringBuilder();
    for (String which : List.of("no-op", "address-verification (real)")) {
      RecordProcessor<?, ?> p = which.startsWith("no-op")
          ? BenchData.noop(JobType.ADDRESS_VERIFICATION)
          : BenchData.processor(JobType.ADDRESS_VERIFICATION);
      Pair engine = new Pair();
      Pair untimed = new Pair();
      Pair batch6 = new Pair();
      Pair classic = new Pair();
      Pair loop = new Pair();
      for (int r = 0; r < warmups() + engineRounds(); r++) {
        boolean measured = r >= warmups();
        // Alternate the order so neither side always runs right after a GC-heavy one.
        List<Runnable> order = new ArrayList<>();
        order.add(() -> run(measured, engine, () -> EngineRuns.engine(p, requests)));
        order.add(() -> run(measured, untimed, () -> EngineRuns.engine(
            EngineRuns.engine(p).recordTimeout(null), requests, null)));
        order.add(() -> run(measured, batch6, () -> EngineRuns.springBatch(p, requests, false)));
        order.add(() -> run(measured, classic, () -> EngineRuns.springBatch(p, requests, true)));
        order.add(() -> run(measured, loop, () -> EngineRuns.loop(p, requests)));
        if (r % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        order.forEach(Runnable::run);
        log("%s round %d done", which, r);
      }
      for (boolean cpu : new boolean[] {false, true}) {
        Stats e = cpu ? engine.cpu : engine.wall;
        Stats u = cpu ? untimed.cpu : untimed.wall;
        Stats b6 = cpu ? batch6.cpu : batch6.wall;
        Stats cl = cpu ? classic.cpu : classic.wall;
        Stats lo = cpu ? loop.cpu : loop.wall;
        (cpu ? cpuRows : wallRows).append("| ").append(which).append(" | ").append(e.format())
            .append(" | ").append(u.format()).append(" | ").append(b6.format()).append(" | ")
            .append(cl.format()).append(" | ").append(lo.format()).append(" | **")
            .append(Stats.pairedRatio(e, Stats.pairMax(b6, cl))).append("** | **")
            .append(Stats.pairedRatio(e, lo)).append("** | ")
            .append(Stats.pairedRatio(u, lo)).append(" |\n");
      }
    }
    String header = " | engine (default) | engine, no timeout | Spring Batch 6 "
        + "(ChunkOrientedStep) | Spring Batch (classic multi-threaded step) | plain loop "
        + "(ceiling) | engine / best Spring Batch | engine / ceiling | engine, no timeout / "
        + "ceiling |\n|---|---|---|---|---|---|---|---|---|\n";
    md.append("Records/s (wall clock):\n\n| processor").append(header).append(wallRows)
        .append("\nRecords per CPU-second:\n\n| processor").append(header).append(cpuRows)
        .append("\n");
  }

  interface Measure {
    EngineRuns.Rate get() throws Exception;
  }

  /** Records/s by wall clock and per CPU-second, over the same rounds. */
  static final class Pair {
    final Stats wall = new Stats();
    final Stats cpu = new Stats();
  }

  private static void run(boolean measured, Pair into, Measure m) {
    try {
      System.gc();
      EngineRuns.Rate v = m.get();
      if (measured) {
        into.wall.add(v.wall());
        into.cpu.add(v.cpu());
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What run.sh records with JFR: the engine with the real address processor, no report. */
  private void profile(boolean noop) throws Exception {
    List<JobRequest<?>> requests = EngineRuns.jobs(JobType.ADDRESS_VERIFICATION, 10, 10_000);
    RecordProcessor<?, ?> p = noop ? BenchData.noop(JobType.ADDRESS_VERIFICATION)
        : BenchData.processor(JobType.ADDRESS_VERIFICATION);
    for (int r = 0; r < (quick ? 2 : 8); r++) {
      log("profile round %d: engine %.0f records/s", r, EngineRuns.engine(p, requests).wall());
    }
  }

  /** The engine with the real address processor and a webhook to a dead port, for JFR. */
  private void profileDeadReceiver() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Webhook dead = Webhook.of("http://127.0.0.1:" + port + "/hook", Webhook.JOB_COMPLETED,
        Webhook.PROGRESS_UPDATE, Webhook.BATCH_COMPLETED);
    List<JobRequest<?>> requests = EngineRuns.jobs(JobType.ADDRESS_VERIFICATION, 20, 10_000);
    RecordProcessor<?, ?> p = BenchData.processor(JobType.ADDRESS_VERIFICATION);
    for (int r = 0; r < 3; r++) {
      EngineRuns.Rate rate = EngineRuns.engine(EngineRuns.engine(p)
          .webhookSettings(EngineRuns.localWebhooks()), requests, dead);
      log("dead receiver round %d: %.0f records/s, %.0f per CPU-s", r, rate.wall(), rate.cpu());
    }
  }

  // ------------------------------------------------------------------ engine per job type

  private void engineByType() throws Exception {
    md.append("## Engine vs the plain loop, each real processor\n\n")
        .append(String.format(Locale.ROOT, "Records/s, 2 threads, median of %d rounds after %d "
            + "warm-up; the engine's overhead is what it loses against the loop.%n%n",
            rounds(), warmups()))
        .append("| job type | jobs x records | engine, records/s | plain loop, records/s | "
            + "engine / ceiling (wall) | engine, records/CPU-s | loop, records/CPU-s | "
            + "engine / ceiling (CPU) |\n|---|---|---|---|---|---|---|---|\n");
    for (JobType type : JobType.KNOWN) {
      int size = BenchData.recordsPerJob(type);
      int total = quick ? 5_000 : 100_000;
      if (type.equals(JobType.PROPERTY_SEARCH) || type.equals(JobType.VALUATIONS)) {
        total /= quick ? 2 : 4;
      }
      size = Math.min(size, total);
      int jobs = Math.max(1, total / size);
      List<JobRequest<?>> requests = EngineRuns.jobs(type, jobs, size);
      RecordProcessor<?, ?> p = BenchData.processor(type);
      Pair engine = new Pair();
      Pair loop = new Pair();
      for (int r = 0; r < warmups() + rounds(); r++) {
        boolean measured = r >= warmups();
        if (r % 2 == 0) {
          run(measured, engine, () -> EngineRuns.engine(p, requests));
          run(measured, loop, () -> EngineRuns.loop(p, requests));
        } else {
          run(measured, loop, () -> EngineRuns.loop(p, requests));
          run(measured, engine, () -> EngineRuns.engine(p, requests));
        }
      }
      log("%s: engine %.0f loop %.0f", type.value(), engine.wall.median(), loop.wall.median());
      md.append("| ").append(type.value()).append(" | ")
          .append(String.format(Locale.ROOT, "%d x %,d", jobs, size)).append(" | ")
          .append(engine.wall.format()).append(" | ").append(loop.wall.format()).append(" | ")
          .append(Stats.pairedRatio(engine.wall, loop.wall)).append(" | ")
          .append(engine.cpu.format()).append(" | ").append(loop.cpu.format()).append(" | **")
          .append(Stats.pairedRatio(engine.cpu, loop.cpu)).append("** |\n");
    }
    md.append("\n");
  }

  // ------------------------------------------------------------------ memory

  private void memory() throws Exception {
    int runs = quick ? 1 : 3;
    md.append("## Memory: retained heap per finished record\n\n")
        .append(String.format(Locale.ROOT, "Heap in use after a full GC with the engine holding "
            + "finished jobs, minus the same before they were submitted, divided by their records "
            + "(input, result and job state; default options). Median of %d runs (min..max).%n%n",
            runs))
        .append("| job type | records per run | bytes per retained record |\n|---|---|---|\n");
    for (JobType type : JobType.KNOWN) {
      int size = BenchData.recordsPerJob(type);
      int total = quick ? 3_000 : 20_000;
      if (type.equals(JobType.PROPERTY_SEARCH) || type.equals(JobType.VALUATIONS)) {
        total /= 2;
      }
      size = Math.min(size, total);
      int jobs = total / size;
      Stats perRecord = new Stats();
      for (int run = 0; run < runs; run++) {
        try (InMemoryBulkEngine engine = EngineRuns.engine(BenchData.processor(type)).build()) {
          // Warm the engine's own structures with one small job first.
          Job warm = engine.awaitJob(engine.submit(BenchData.request(type, 10, 0)).jobId(),
              Duration.ofMinutes(1));
          if (warm.status() != JobStatus.COMPLETED) {
            throw new IllegalStateException("warm-up job " + warm.status());
          }
          long before = usedAfterGc();
          List<String> ids = new ArrayList<>();
          for (int j = 0; j < jobs; j++) {
            // The request is built here and dropped: only the engine keeps it.
            ids.add(engine.submit(BenchData.request(type, size, 1_000 + j * size)).jobId());
          }
          for (String id : ids) {
            engine.awaitJob(id, Duration.ofMinutes(10));
          }
          long after = usedAfterGc();
          perRecord.add((after - before) / (double) (jobs * size));
          if (engine.retainedRecords() < (long) jobs * size) {
            throw new IllegalStateException("engine retains " + engine.retainedRecords());
          }
        }
      }
      log("%s: %.0f bytes/record", type.value(), perRecord.median());
      md.append("| ").append(type.value()).append(" | ")
          .append(String.format(Locale.ROOT, "%,d", jobs * size)).append(" | ")
          .append(perRecord.format()).append(" |\n");
    }
    md.append("\n");
  }

  static long usedAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  // ------------------------------------------------------------------ server

  private void server() throws Exception {
    int submissions = quick ? 6 : 20;
    int pageRounds = quick ? 3 : 10;
    // Address verification answers with a no-op here so the submissions measure parsing and
    // accepting, not the processing the engine then does in the background.
    InMemoryBulkEngine engine = EngineRuns.engine(BenchData.noop(JobType.ADDRESS_VERIFICATION))
        .defaultApiKey(HttpRuns.KEY).build();
    AtomicInteger count = new AtomicInteger();
    OkHttpClient http = HttpRuns.counting(count);
    try (BulkServer server = BulkServer.builder(engine).apiKey(HttpRuns.KEY, 1_000_000_000_000L)
        .port(0).build().start()) {
      AddressVerificationRequest request = HttpRuns.addresses(10_000, 0);
      byte[] body = HttpRuns.MAPPER.writeValueAsBytes(request);
      byte[] acceptedBytes = HttpRuns.post(http, server.url() + "/v1/bulk/address-verification",
          body, 202);
      // A finished job with real results to page through: valuations, 10,000 records.
      var valuations = BenchData.request(JobType.VALUATIONS, 10_000, 0);
      String jobId = engine.submit(valuations).jobId();
      engine.awaitJob(jobId, Duration.ofMinutes(10));
      List<String> paths = HttpRuns.pagePaths(jobId, 10, 1_000);
      List<byte[]> pages = new ArrayList<>();
      for (String path : paths) {
        pages.add(HttpRuns.get(http, server.url() + path));
      }
      long pageBytes = pages.stream().mapToLong(b -> b.length).sum();
      Javalin bare = HttpRuns.bare(
          Map.of("/v1/bulk/address-verification", ctx -> {
            HttpRuns.MAPPER.readValue(ctx.bodyAsBytes(), AddressVerificationRequest.class);
            ctx.status(202).contentType("application/json").result(acceptedBytes);
          }),
          Map.of("/v1/bulk/jobs/{id}/results", ctx -> {
            int page = Integer.parseInt(ctx.queryParam("page"));
            ctx.contentType("application/json").result(pages.get(page - 1));
          }));
      String bareUrl = "http://127.0.0.1:" + bare.port();
      try {
        Stats serverSubmit = new Stats();
        Stats bareSubmit = new Stats();
        for (int i = 0; i < 2 + submissions; i++) {
          boolean measured = i >= 2;
          timeSubmit(http, server.url(), body, measured ? serverSubmit : null);
          timeSubmit(http, bareUrl, body, measured ? bareSubmit : null);
          // Let the engine finish the accepted job before the next one.
          awaitIdle(engine);
        }
        Stats serverPages = new Stats();
        Stats barePages = new Stats();
        for (int i = 0; i < 1 + pageRounds; i++) {
          boolean measured = i >= 1;
          timePages(http, server.url(), paths, measured ? serverPages : null);
          timePages(http, bareUrl, paths, measured ? barePages : null);
        }
        md.append("## Server vs a bare Javalin handler\n\n")
            .append("Loopback, one OkHttp client, sequential requests. The bare handler parses the "
                + "same body with the same mapper and answers fixed bytes, or returns the very "
                + "bytes the server served: it is the ceiling of Javalin + Jackson on this "
                + "machine. The engine behind the server answers address verification with a "
                + "no-op, so only parsing, validation and accepting are timed.\n\n")
            .append("| what | bulk server | bare Javalin | server / bare (time) |\n|---|---|---|---|\n")
            .append("| submit 10,000 records (").append(body.length / 1024)
            .append(" KiB), ms per submission | ").append(serverSubmit.format()).append(" | ")
            .append(bareSubmit.format()).append(" | **")
            .append(Stats.pairedRatio(serverSubmit, bareSubmit)).append("** |\n")
            .append("| 10 result pages of 1,000 valuations (").append(pageBytes / 1024)
            .append(" KiB in all), ms for all 10 | ").append(serverPages.format()).append(" | ")
            .append(barePages.format()).append(" | **")
            .append(Stats.pairedRatio(serverPages, barePages)).append("** |\n\n");
        md.append(String.format(Locale.ROOT, "Submissions/s: server %s, bare %s. Result records "
            + "served/s: server %s, bare %s.%n%n",
            Stats.num(1000 / serverSubmit.median()), Stats.num(1000 / bareSubmit.median()),
            Stats.num(10_000 / (serverPages.median() / 1000)),
            Stats.num(10_000 / (barePages.median() / 1000))));
      } finally {
        bare.stop();
      }
    } finally {
      http.dispatcher().executorService().shutdown();
    }
  }

  private static void timeSubmit(OkHttpClient http, String base, byte[] body, Stats into)
      throws IOException {
    long t0 = System.nanoTime();
    HttpRuns.post(http, base + "/v1/bulk/address-verification", body, 202);
    if (into != null) {
      into.add((System.nanoTime() - t0) / 1e6);
    }
  }

  private static void timePages(OkHttpClient http, String base, List<String> paths, Stats into)
      throws IOException {
    long t0 = System.nanoTime();
    for (String path : paths) {
      HttpRuns.get(http, base + path);
    }
    if (into != null) {
      into.add((System.nanoTime() - t0) / 1e6);
    }
  }

  private static void awaitIdle(InMemoryBulkEngine engine) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (engine.waitingRecords() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  // ------------------------------------------------------------------ client

  private void client() throws Exception {
    int rounds = quick ? 1 : 3;
    try (BulkServer server = BulkServer.builder(EngineRuns.engine(
            BenchData.processor(JobType.ADDRESS_VERIFICATION)).defaultApiKey(HttpRuns.KEY).build())
        .apiKey(HttpRuns.KEY, 1_000_000_000_000L).port(0).build().start()) {
      Stats clientWall = new Stats();
      Stats handWall = new Stats();
      Stats clientCalls = new Stats();
      Stats handCalls = new Stats();
      for (int r = 0; r < 1 + rounds; r++) {
        boolean measured = r >= 1;
        AddressVerificationRequest request = HttpRuns.addresses(10_000, r * 10_000);
        double[] c;
        double[] h;
        if (r % 2 == 0) {
          c = HttpRuns.followWithClient(server.url(), request);
          h = HttpRuns.followByHand(server.url(), request, 1_000);
        } else {
          h = HttpRuns.followByHand(server.url(), request, 1_000);
          c = HttpRuns.followWithClient(server.url(), request);
        }
        if (measured) {
          clientWall.add(c[0]);
          clientCalls.add(c[1]);
          handWall.add(h[0]);
          handCalls.add(h[1]);
        }
        log("client round %d: handle %.2f s/%d calls, hand %.2f s/%d calls", r, c[0], (int) c[1],
            h[0], (int) h[1]);
      }
      md.append("## Client: JobHandle + auto-paging vs a hand-written OkHttp + Jackson loop\n\n")
          .append("A 10,000-record address verification job (real processor) against the same "
              + "server, followed to its last result. The hand loop is the spec's example in "
              + "Java: POST, poll the job at a fixed 1 s (the spec's examples use 5 s; 1 s is "
              + "the client's first wait, so the poll interval does not decide the comparison), "
              + "then `results?page=N&limit=100` until `has_more` is false. "
              + String.format(Locale.ROOT, "Median of %d rounds (min..max).%n%n", rounds))
          .append("| | BulkClient JobHandle + auto-paging | hand-written loop | client / hand |\n"
              + "|---|---|---|---|\n")
          .append("| wall time, s | ").append(clientWall.format()).append(" | ")
          .append(handWall.format()).append(" | **")
          .append(Stats.pairedRatio(clientWall, handWall)).append("** |\n")
          .append("| HTTP requests | ").append(clientCalls.format()).append(" | ")
          .append(handCalls.format()).append(" | ")
          .append(Stats.ratio(clientCalls.median(), handCalls.median())).append(" |\n\n");
    }
  }

  // ------------------------------------------------------------------ webhooks

  private void webhooks() throws Exception {
    int deliveries = quick ? 2_000 : 10_000;
    int rounds = quick ? 2 : 3;
    AtomicInteger received = new AtomicInteger();
    ConcurrentLinkedQueue<Captured> captured = new ConcurrentLinkedQueue<>();
    boolean[] capture = {false};
    CountDownLatch[] done = {new CountDownLatch(1)};
    int[] target = {0};
    Javalin receiver = HttpRuns.bare(Map.of("/hook", ctx -> {
      if (capture[0]) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
          headers.put(h, ctx.header(h));
        }
        captured.add(new Captured(ctx.bodyAsBytes(), headers));
      } else {
        ctx.bodyAsBytes();
      }
      if (received.incrementAndGet() == target[0]) {
        done[0].countDown();
      }
      ctx.status(204);
    }), Map.of());
    String hookUrl = "http://127.0.0.1:" + receiver.port() + "/hook";
    try {
      Stats engineRate = new Stats();
      Stats bareRate = new Stats();
      for (int r = 0; r < 1 + rounds; r++) {
        boolean measured = r >= 1;
        // Engine: one record_processed delivery per record of a no-op job.
        received.set(0);
        target[0] = deliveries;
        done[0] = new CountDownLatch(1);
        captured.clear();
        capture[0] = true;
        WebhookSettings settings = WebhookSettings.builder().allowPrivateDestinations(true)
            .maxQueuedDeliveries(deliveries * 2).build();
        int threads = settings.deliveryThreads();
        try (InMemoryBulkEngine engine = EngineRuns.engine(
            BenchData.noop(JobType.ADDRESS_VERIFICATION)).webhookSettings(settings).build()) {
          JobRequest<?> job = HttpRuns.addresses(deliveries, 0)
              .withWebhook(Webhook.of(hookUrl, Webhook.RECORD_PROCESSED));
          long t0 = System.nanoTime();
          engine.submit(job);
          if (!done[0].await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("only " + received.get() + " deliveries arrived");
          }
          double rate = deliveries / ((System.nanoTime() - t0) / 1e9);
          if (measured) {
            engineRate.add(rate);
          }
        }
        capture[0] = false;
        List<Captured> bodies = new ArrayList<>(captured);
        // Bare: the same bytes and headers, posted by as many threads as the engine's sender has.
        received.set(0);
        done[0] = new CountDownLatch(1);
        double rate = bareLoop(hookUrl, bodies, threads);
        if (!done[0].await(1, TimeUnit.MINUTES)) {
          throw new IllegalStateException("bare loop: only " + received.get() + " arrived");
        }
        if (measured) {
          bareRate.add(rate);
        }
        log("webhooks round %d: engine %.0f/s bare %.0f/s", r, engineRate.count() > 0
            ? engineRate.max() : 0, rate);
      }
      // Dead receiver vs no webhook: record throughput must not suffer.
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Webhook dead = Webhook.of("http://127.0.0.1:" + port + "/hook", Webhook.JOB_COMPLETED,
          Webhook.PROGRESS_UPDATE, Webhook.BATCH_COMPLETED);
      int jobs = quick ? 3 : 20;
      List<JobRequest<?>> requests = EngineRuns.jobs(JobType.ADDRESS_VERIFICATION, jobs, 10_000);
      RecordProcessor<?, ?> real = BenchData.processor(JobType.ADDRESS_VERIFICATION);
      Pair none = new Pair();
      Pair deadRate = new Pair();
      for (int r = 0; r < 1 + rounds; r++) {
        boolean measured = r >= 1;
        Measure withNone = () -> EngineRuns.engine(EngineRuns.engine(real), requests, null);
        Measure withDead = () -> EngineRuns.engine(EngineRuns.engine(real)
            .webhookSettings(EngineRuns.localWebhooks()), requests, dead);
        if (r % 2 == 0) {
          run(measured, none, withNone);
          run(measured, deadRate, withDead);
        } else {
          run(measured, deadRate, withDead);
          run(measured, none, withNone);
        }
      }
      md.append("## Webhooks\n\n")
          .append(String.format(Locale.ROOT, "Deliveries/s to a local Javalin receiver (answers "
              + "204): the engine's signed `record_processed` deliveries of a %,d-record no-op job, "
              + "timed from submission to the last arrival, vs a bare OkHttp loop posting the "
              + "same bytes and headers with the same number of threads (%d). Then records/s of "
              + "%d address-verification jobs x 10,000 records (real processor) with a webhook "
              + "to a dead port (connection refused; `batch_completed`, `progress_update`, "
              + "`job_completed`) vs with no webhook. Median of %d rounds (min..max).%n%n",
              deliveries, EngineRuns.THREADS, jobs, rounds))
          .append("| | engine | bare | engine / bare |\n|---|---|---|---|\n")
          .append("| deliveries/s | ").append(engineRate.format()).append(" | ")
          .append(bareRate.format()).append(" | **")
          .append(Stats.pairedRatio(engineRate, bareRate)).append("** |\n")
          .append("| records/s, dead receiver vs no webhook | ").append(deadRate.wall.format())
          .append(" | ").append(none.wall.format()).append(" | **")
          .append(Stats.pairedRatio(deadRate.wall, none.wall)).append("** |\n")
          .append("| records per CPU-s, dead receiver vs no webhook | ")
          .append(deadRate.cpu.format()).append(" | ").append(none.cpu.format()).append(" | **")
          .append(Stats.pairedRatio(deadRate.cpu, none.cpu)).append("** |\n\n");
    } finally {
      receiver.stop();
    }
  }

  record Captured(byte[] body, Map<String, String> headers) {}

  private static double bareLoop(String url, List<Captured> bodies, int threads) throws Exception {
    OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        parts.add(pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < bodies.size()) {
            Captured c = bodies.get(i);
            Request.Builder b = new Request.Builder().url(url)
                .post(RequestBody.create(c.body(), HttpRuns.JSON));
            c.headers().forEach((k, v) -> {
              if (v != null) {
                b.header(k, v);
              }
            });
            try (Response response = http.newCall(b.build()).execute()) {
              if (!response.isSuccessful()) {
                throw new IllegalStateException("receiver answered " + response.code());
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
      return bodies.size() / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
      http.dispatcher().executorService().shutdown();
    }
  }
}
