package dev.bulkestate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.client.BulkClient;
import dev.bulkestate.client.RetryPolicy;
import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobAccepted;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsPage;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.server.BulkServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 200 concurrent clients (each its own {@link BulkClient}, sharing one connection pool, on a fixed
 * pool of 200 threads) submit, poll and page against one server for
 * {@code -Dreliability.load.seconds} (default 30). Every job completes, every record comes back in
 * order with its expected status, every job's and key's credits are exact, the only non-2xx
 * answers are 429 RATE_LIMITED with {@code Retry-After} (the waiting-records bound is set low so
 * they happen), and the heap after the run, with what the engine retains, stays bounded.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LoadTest {
  static final int CLIENTS = 200;
  static final int KEYS = 20;
  static final long CREDITS = 100_000_000L;
  static final long SECONDS = Long.getLong("reliability.load.seconds", 30);
  static final long MAX_RETAINED = 300_000;

  final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  final AtomicInteger badRateLimits = new AtomicInteger();

  @Test
  void twoHundredClientsForThirtySecondsLoseNothingAndCountEveryCredit() throws Exception {
    InMemoryBulkEngine engine = InMemoryBulkEngine.builder()
        .defaultProcessors(false).processors(Support.forEveryType(Support::echo))
        .workerThreads(2).chunkSize(100).maxWaitingRecords(2_000)
        .maxRetainedRecords(MAX_RETAINED).build();
    BulkServer.Builder builder = BulkServer.builder(engine).port(0);
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      keys.add(String.format("rk_load_key_%02d", k));
      builder.apiKey(keys.get(k), CREDITS);
    }
    OkHttpClient shared = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(CLIENTS, 1, TimeUnit.MINUTES))
        .readTimeout(Duration.ofSeconds(30))
        .addNetworkInterceptor(chain -> {
          Response response = chain.proceed(chain.request());
          statuses.computeIfAbsent(response.code(), c -> new AtomicInteger()).incrementAndGet();
          if (response.code() == 429) {
            String code = BulkJson.mapper().readTree(response.peekBody(4096).string())
                .at("/error/code").asText();
            if (response.header("Retry-After") == null || !code.equals("RATE_LIMITED")) {
              badRateLimits.incrementAndGet();
            }
          }
          return response;
        })
        .build();
    Map<String, AtomicLong> expectedCharges = new ConcurrentHashMap<>();
    keys.forEach(k -> expectedCharges.put(k, new AtomicLong()));
    AtomicInteger jobs = new AtomicInteger();
    AtomicLong records = new AtomicLong();
    AtomicLong pagesRead = new AtomicLong();

    try (BulkServer server = builder.build().start()) {
      long heapBefore = Support.heapUsedAfterGc();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      long started = System.nanoTime();
      long deadline = started + TimeUnit.SECONDS.toNanos(SECONDS);
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        String key = keys.get(c % KEYS);
        Random random = new Random(c);
        BulkClient client = BulkClient.builder().apiKey(key).baseUrl(server.url() + "/v1")
            .httpClient(shared)
            .retryPolicy(RetryPolicy.builder().maxRetries(100).initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(500)).retryAfterCap(Duration.ofSeconds(1))
                .totalBudget(Duration.ofSeconds(120)).build())
            .build();
        futures.add(pool.submit(() -> {
          try (client) {
            while (System.nanoTime() < deadline) {
              int n = 1 + random.nextInt(100);
              long successes = runOneJob(client, random, n, pagesRead);
              expectedCharges.get(key).addAndGet(successes);
              jobs.incrementAndGet();
              records.addAndGet(n);
            }
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(SECONDS + 120, TimeUnit.SECONDS);
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      pool.shutdown();

      for (String key : keys) {
        assertThat(engine.availableCredits(key)).as(key)
            .isEqualTo(CREDITS - expectedCharges.get(key).get());
        CreditUsage usage = engine.usage(key);
        assertThat(usage.reservedCredits()).isZero();
        assertThat(usage.usedCredits()).isEqualTo(expectedCharges.get(key).get());
      }
      try (BulkClient reader = BulkClient.builder().apiKey(keys.get(0)).baseUrl(server.url() + "/v1")
          .httpClient(shared).build()) {
        assertThat(reader.usage().availableCredits()).isEqualTo(CREDITS - expectedCharges.get(keys.get(0)).get());
      }
      assertThat(engine.waitingRecords()).isZero();
      assertThat(engine.retainedRecords()).isLessThanOrEqualTo(MAX_RETAINED);
      assertThat(badRateLimits.get()).isZero();
      assertThat(statuses.keySet()).allSatisfy(s -> assertThat(s).isIn(200, 202, 429));
      long heapAfter = Support.heapUsedAfterGc();
      int requests = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
      Support.figure("load.seconds", String.format("%.1f", elapsed));
      Support.figure("load.clients", CLIENTS);
      Support.figure("load.jobs", jobs.get());
      Support.figure("load.records", records.get());
      Support.figure("load.pagesRead", pagesRead.get());
      Support.figure("load.requests", requests);
      Support.figure("load.requestsPerSecond", String.format("%.0f", requests / elapsed));
      Support.figure("load.statuses", new TreeMap<>(statuses));
      Support.figure("load.retainedRecords", engine.retainedRecords());
      Support.figure("load.heapUsedAfterGcMiB.before", heapBefore / (1024 * 1024));
      Support.figure("load.heapUsedAfterGcMiB.after", heapAfter / (1024 * 1024));
      assertThat(jobs.get()).isGreaterThanOrEqualTo(CLIENTS);
      // Bounded: what the engine retains (at most 300,000 records at a few hundred bytes each)
      // plus the server, far below what 30 s of unbounded growth would take.
      assertThat(heapAfter - heapBefore).isLessThan(256L * 1024 * 1024);
    } finally {
      shared.connectionPool().evictAll();
    }
  }

  /** Submits one job of {@code n} records, waits for it, reads every page; returns its successes. */
  private static long runOneJob(BulkClient client, Random random, int n, AtomicLong pagesRead)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder("{\"properties\":[");
    long successes = 0;
    for (int i = 0; i < n; i++) {
      boolean fail = i % 10 == 3;
      successes += fail ? 0 : 1;
      body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(fail ? "fail" : "r").append(i)
          .append("\",\"property_id\":\"P").append(i).append("\"}");
    }
    body.append("]}");
    JobAccepted accepted = client.submit(
        BulkJson.mapper().readValue(body.toString(), PropertyDetailsRequest.class));
    assertThat(accepted.totalRecords()).isEqualTo(n);
    assertThat(accepted.creditsEstimated()).isEqualTo((long) n);
    Job job = client.getJob(accepted.jobId());
    long pollDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!job.status().equals(JobStatus.COMPLETED)) {
      assertThat(job.status()).isIn(JobStatus.QUEUED, JobStatus.PROCESSING);
      assertThat(System.nanoTime()).as("job %s never completed", job.jobId()).isLessThan(pollDeadline);
      Thread.sleep(20 + random.nextInt(30));
      job = client.getJob(accepted.jobId());
    }
    assertThat(job.progress().processed()).isEqualTo(n);
    assertThat(job.progress().successful()).isEqualTo((int) successes);
    assertThat(job.creditsUsed()).isEqualTo(successes);
    int limit = new int[] {7, 50, 100}[random.nextInt(3)];
    int index = 0;
    for (int page = 1; ; page++) {
      ResultsPage results = client.getResults(accepted.jobId(), new ResultsQuery(page, limit, null));
      pagesRead.incrementAndGet();
      for (RecordResult result : results.results()) {
        boolean fail = index % 10 == 3;
        assertThat(result.id()).isEqualTo((fail ? "fail" : "r") + index);
        assertThat(result.status()).isEqualTo(fail ? RecordStatus.FAILED : RecordStatus.SUCCESS);
        index++;
      }
      if (!results.pagination().hasMore()) {
        break;
      }
    }
    assertThat(index).isEqualTo(n);
    return successes;
  }
}
