package dev.bulkestate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApi;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.spi.FatalProcessingException;
import dev.bulkestate.engine.InMemoryBulkEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Processors that throw, hang or fail fatally, and {@code close()} in the middle of 20 running
 * jobs. Afterwards every job has ended, every record the processor answered with a success before
 * the stop is readable as that success (and no other record is), every record not processed is
 * failed with {@code JOB_CANCELLED} or {@code JOB_FAILED}, and the credits charged are exactly
 * the number of successful records: nothing for failed, timed-out or unprocessed records, and no
 * reservation left behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessorFaultsTest {
  static final String KEY = "rk_faults_key_001";
  static final long CREDITS = 1_000_000;
  static final int JOBS = 20;
  static final int RECORDS = 400;

  final Set<String> answeredSuccess = ConcurrentHashMap.newKeySet();
  final AtomicInteger calls = new AtomicInteger();
  final CountDownLatch enoughDone = new CountDownLatch(1500);

  /** t...: throws; h...: hangs 2 s then succeeds (too late); x...: fatal; else success. */
  RecordResult process(InputRecord record) {
    calls.incrementAndGet();
    enoughDone.countDown();
    String id = record.id();
    String kind = id.substring(id.indexOf('-') + 1, id.indexOf('-') + 2);
    switch (kind) {
      case "t" -> throw new IllegalStateException("processor bug on " + id);
      case "x" -> throw new FatalProcessingException("the data source is gone");
      case "h" -> {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
          LockSupport.parkNanos(until - System.nanoTime());
        }
      }
      default -> LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(300)); // a little real work
    }
    answeredSuccess.add(id);
    return RecordResult.success(id, Map.of("echo", id));
  }

  @Test
  void closeInTheMiddleOfTwentyJobsKeepsEveryProcessedRecordAndChargesOnlyThose() throws Exception {
    InMemoryBulkEngine engine = InMemoryBulkEngine.builder()
        .defaultProcessors(false).processors(Support.forEveryType(this::process))
        .workerThreads(2).chunkSize(20).recordTimeout(Duration.ofMillis(200))
        .drainTimeout(Duration.ofSeconds(20)).build();
    engine.setCredits(KEY, CREDITS);
    BulkApi api = engine.forApiKey(KEY);
    List<String> jobIds = new ArrayList<>();
    for (int j = 0; j < JOBS; j++) {
      StringBuilder body = new StringBuilder("{\"properties\":[");
      for (int i = 0; i < RECORDS; i++) {
        String kind = i % 50 == 7 ? "t" // 2 % of the records throw
            : j == 17 && i % 100 == 3 ? "h" // job 17 has records that hang past the timeout
            : j == 18 && i == 30 ? "x" // job 18 fails fatally at its 31st record
            : "r";
        body.append(i == 0 ? "" : ",").append("{\"id\":\"j").append(j).append("-").append(kind)
            .append(i).append("\",\"property_id\":\"P").append(i).append("\"}");
      }
      body.append("]}");
      jobIds.add(api.submit(BulkJson.mapper().readValue(body.toString(), PropertyDetailsRequest.class))
          .jobId());
    }

    assertThat(enoughDone.await(30, TimeUnit.SECONDS)).isTrue();
    engine.close();
    int callsAtClose = calls.get();

    long successes = 0;
    Map<String, Integer> failures = new TreeMap<>();
    Map<String, Integer> jobStates = new TreeMap<>();
    for (int j = 0; j < JOBS; j++) {
      Job job = api.getJob(jobIds.get(j));
      jobStates.merge(job.status().value(), 1, Integer::sum);
      assertThat(job.status()).isIn(JobStatus.COMPLETED, JobStatus.CANCELLED, JobStatus.FAILED);
      if (j == 18) {
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
      }
      List<RecordResult> results = api.getResults(jobIds.get(j), new ResultsQuery(1, 1000, null)).results();
      assertThat(results).hasSize(RECORDS);
      long jobSuccesses = 0;
      for (int i = 0; i < RECORDS; i++) {
        RecordResult result = results.get(i);
        assertThat(result.id()).matches("j" + j + "-[a-z]" + i);
        if (result.status().equals(RecordStatus.SUCCESS)) {
          assertThat(answeredSuccess).as("a success nobody processed").contains(result.id());
          jobSuccesses++;
        } else {
          assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
          ApiError error = result.error();
          failures.merge(error.code(), 1, Integer::sum);
          String kind = result.id().substring(result.id().indexOf('-') + 1, result.id().indexOf('-') + 2);
          switch (error.code()) {
            case ErrorCode.PROCESSING_ERROR -> assertThat(kind).isEqualTo("t");
            case ErrorCode.RECORD_TIMEOUT -> assertThat(kind).isEqualTo("h");
            case ErrorCode.JOB_CANCELLED, ErrorCode.JOB_FAILED -> {
              if (!kind.equals("h")) {
                assertThat(answeredSuccess).as("%s was processed but not kept", result.id())
                    .doesNotContain(result.id());
              }
            }
            default -> throw new AssertionError("Unexpected code " + error.code() + " on " + result.id());
          }
          assertThat(Support.KNOWN_CODES).contains(error.code());
        }
      }
      // Every record the processor answered in time is readable as its success.
      for (int i = 0; i < RECORDS; i++) {
        String id = results.get(i).id();
        if (answeredSuccess.contains(id) && !id.contains("-h")) {
          assertThat(results.get(i).status()).as(id).isEqualTo(RecordStatus.SUCCESS);
        }
      }
      assertThat(job.creditsUsed()).isEqualTo(jobSuccesses);
      assertThat(job.progress().successful()).isEqualTo((int) jobSuccesses);
      successes += jobSuccesses;
    }

    // Credit arithmetic: exactly one credit per success, nothing reserved any more.
    assertThat(engine.availableCredits(KEY)).isEqualTo(CREDITS - successes);
    assertThat(engine.usage(KEY).reservedCredits()).isZero();
    assertThat(engine.usage(KEY).usedCredits()).isEqualTo(successes);
    assertThat(engine.waitingRecords()).isZero();
    assertThat(failures.getOrDefault(ErrorCode.JOB_CANCELLED, 0)).as("close stopped work").isPositive();
    assertThat(successes).isGreaterThanOrEqualTo(1000);

    Support.figure("close.callsAtClose", callsAtClose);
    Support.figure("close.jobStates", jobStates);
    Support.figure("close.successesKeptAndCharged", successes);
    Support.figure("close.failedByCode", failures);
  }
}
