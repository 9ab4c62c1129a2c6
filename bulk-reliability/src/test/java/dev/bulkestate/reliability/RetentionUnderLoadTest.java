package dev.bulkestate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.NotFoundException;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.engine.InMemoryBulkEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Readers racing the workers while the retained-records bound drops old jobs: every read of a job
 * is one consistent snapshot (a completed job shows exactly the credits of its successes, never
 * the credits of an earlier moment), or 404 once the bound has dropped it; the key's balance adds
 * up exactly whatever was dropped; the bound holds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetentionUnderLoadTest {
  static final int THREADS = 16;
  static final int JOBS_PER_THREAD = 80;
  static final int RECORDS = 20;
  static final long BOUND = 2_000;

  @Test
  void readsAreConsistentSnapshotsAndBalancesExactWhileOldJobsAreDropped() throws Exception {
    AtomicInteger dropped = new AtomicInteger();
    AtomicInteger snapshots = new AtomicInteger();
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.builder()
        .defaultProcessors(false).processors(Support.forEveryType(Support::echo))
        .workerThreads(4).chunkSize(5).maxRetainedRecords(BOUND).build()) {
      StringBuilder body = new StringBuilder("{\"properties\":[");
      for (int i = 0; i < RECORDS; i++) {
        body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i % 10 == 3 ? "fail" : "r")
            .append(i).append("\",\"property_id\":\"P").append(i).append("\"}");
      }
      PropertyDetailsRequest request =
          BulkJson.mapper().readValue(body.append("]}").toString(), PropertyDetailsRequest.class);
      long successes = RECORDS - RECORDS / 10;
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String key = "rk_retention_" + t;
        engine.setCredits(key, 1_000_000);
        futures.add(pool.submit(() -> {
          BulkApi api = engine.forApiKey(key);
          for (int j = 0; j < JOBS_PER_THREAD; j++) {
            String id = api.submit(request).jobId();
            // Reads while the job runs and after: each a consistent snapshot.
            while (true) {
              Job job;
              try {
                job = api.getJob(id);
              } catch (NotFoundException e) {
                dropped.incrementAndGet();
                break;
              }
              snapshots.incrementAndGet();
              int done = job.progress().successful() + job.progress().partial();
              assertThat(job.creditsUsed()).as("credits of %s", job).isEqualTo((long) done);
              if (job.status().equals(JobStatus.COMPLETED)) {
                assertThat(job.progress().successful()).isEqualTo((int) successes);
                break;
              }
              assertThat(job.status()).isIn(JobStatus.QUEUED, JobStatus.PROCESSING);
              java.util.concurrent.locks.LockSupport.parkNanos(200_000); // a reader, not a spinner
            }
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(50, TimeUnit.SECONDS);
      }
      pool.shutdown();
      for (int t = 0; t < THREADS; t++) {
        String key = "rk_retention_" + t;
        assertThat(engine.usage(key).reservedCredits()).isZero();
        assertThat(engine.availableCredits(key)).isEqualTo(1_000_000 - successes * JOBS_PER_THREAD);
      }
      assertThat(engine.retainedRecords()).isLessThanOrEqualTo(BOUND);
    }
    Support.figure("retention.snapshotsRead", snapshots.get());
    Support.figure("retention.readsAfterDrop404", dropped.get());
  }
}
