package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.CreditUsage;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobListQuery;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.RequestOptions;
import dev.bulkestate.core.ResultsQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 50 threads submit, read, cancel and retry at once; afterwards every count is exact. */
@Timeout(60)
class ConcurrencyTest {
  private static final int THREADS = 50;
  private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4");
  private static final long START_CREDITS = 1_000_000;

  private record Submitted(String key, String jobId, int records) {}

  @Test
  void fiftyThreadsSubmittingAndReadingLeaveEveryCountExact() throws Exception {
    InMemoryBulkEngine engine = InMemoryBulkEngine.builder()
        .defaultProcessors(false)
        .workerThreads(4)
        .chunkSize(7)
        .maxWaitingRecords(20_000)
        .defaultCredits(START_CREDITS)
        .processor(FnProcessor.of(JobType.ADDRESS_VERIFICATION, r -> {
          // Ids ending in 3 fail, in 5 are partial: known totals per job.
          if (r.id().endsWith("3")) {
            return RecordResult.failed(r.id(), ApiError.of(ErrorCode.PROPERTY_NOT_FOUND, "no"));
          }
          if (r.id().endsWith("5")) {
            return RecordResult.partial(r.id(), Map.of(), List.of("w"));
          }
          return RecordResult.success(r.id(), Map.of());
        }))
        .build();
    List<Submitted> submitted = new CopyOnWriteArrayList<>();
    Map<String, String> idempotent = new ConcurrentHashMap<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    AtomicLong reads = new AtomicLong();
    AtomicLong rateLimited = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(THREADS);
    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
          String key = KEYS.get(thread % KEYS.size());
          BulkApi api = engine.forApiKey(key);
          int n = 0;
          while (System.nanoTime() < until) {
            n++;
            int records = 1 + ThreadLocalRandom.current().nextInt(40);
            try {
              String idem = n % 10 == 0 ? key + "-shared-" + (n / 10) : null;
              var request = TestSupport.addresses("t" + thread + "n" + n + "r", records);
              if (idem != null) {
                request = TestSupport.addresses("same" + (n / 10) + "r", 5);
              }
              String jobId = api.submit(request,
                  idem == null ? RequestOptions.none() : RequestOptions.idempotencyKey(idem)).jobId();
              if (idem == null) {
                submitted.add(new Submitted(key, jobId, records));
              } else {
                String first = idempotent.putIfAbsent(key + "|" + idem, jobId);
                if (first == null) {
                  submitted.add(new Submitted(key, jobId, 5));
                } else if (!first.equals(jobId)) {
                  throw new AssertionError("idempotency key gave two jobs");
                }
              }
              api.getJob(jobId);
              api.getResults(jobId, ResultsQuery.first());
              api.listJobs(JobListQuery.first());
              api.usage();
              reads.addAndGet(4);
            } catch (BulkApiException e) {
              if (!e.code().equals(ErrorCode.RATE_LIMITED)) {
                throw e;
              }
              rateLimited.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        } finally {
          done.countDown();
        }
      }, "test-client-" + t);
      worker.start();
    }
    start.countDown();
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(errors).isEmpty();

    Map<String, Long> charged = new ConcurrentHashMap<>();
    for (Submitted s : submitted) {
      Job job = awaitFinished(engine, s.key(), s.jobId());
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      int failed = 0;
      int partial = 0;
      for (int i = 1; i <= s.records(); i++) {
        String last = Integer.toString(i);
        if (last.endsWith("3")) {
          failed++;
        } else if (last.endsWith("5")) {
          partial++;
        }
      }
      int successful = s.records() - failed - partial;
      assertThat(job.progress().totalRecords()).isEqualTo(s.records());
      assertThat(job.progress().successful()).isEqualTo(successful);
      assertThat(job.progress().partial()).isEqualTo(partial);
      assertThat(job.progress().failed()).isEqualTo(failed);
      assertThat(job.creditsUsed()).isEqualTo(successful + partial);
      List<RecordResult> results = engine.forApiKey(s.key())
          .getResults(s.jobId(), new ResultsQuery(1, 1000, null)).results();
      assertThat(results).hasSize(s.records());
      assertThat(results.stream().filter(r -> r.status().equals(RecordStatus.FAILED)).count())
          .isEqualTo(failed);
      charged.merge(s.key(), (long) (successful + partial), Long::sum);
    }
    for (String key : KEYS) {
      CreditUsage usage = engine.usage(key);
      long used = charged.getOrDefault(key, 0L);
      assertThat(usage.usedCredits()).as(key).isEqualTo(used);
      assertThat(usage.reservedCredits()).as(key).isZero();
      assertThat(usage.availableCredits()).as(key).isEqualTo(START_CREDITS - used);
      long jobs = submitted.stream().filter(s -> s.key().equals(key)).count();
      assertThat(engine.forApiKey(key).listJobs(new JobListQuery(1, 1000, null)).pagination()
          .totalResults()).as(key).isEqualTo((int) jobs);
    }
    assertThat(engine.waitingRecords()).isZero();
    assertThat(submitted.size()).isGreaterThan(THREADS);
    assertThat(reads.get()).isGreaterThan(0);
    engine.close();
  }
}
