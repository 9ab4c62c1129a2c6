package dev.bulkestate.benchmarks;

import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.Webhook;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.engine.InMemoryBulkEngine;
import dev.bulkestate.engine.WebhookSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.ListItemReader;
import org.springframework.batch.infrastructure.item.support.SynchronizedItemReader;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.core.task.support.TaskExecutorAdapter;

/**
 * One timed pass of the same jobs through each contender: the engine, Spring Batch (two
 * step flavours), and the plain loop that is the ceiling. Each answers records per second and
 * checks that every record got its result.
 */
final class EngineRuns {
  static final int THREADS = 2;
  static final int CHUNK = 100;

  private EngineRuns() {}

  /**
   * A run's throughput: records per wall-clock second, and records per second of CPU time of the
   * whole JVM (all threads, GC and JIT included). The second barely moves when other processes
   * load the machine, so efficiency ratios are read from it.
   */
  record Rate(double wall, double cpu) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  static long cpuNanos() {
    return OS.getProcessCpuTime();
  }

  static Rate rate(long records, long t0, long cpu0) {
    long wall = System.nanoTime() - t0;
    long cpu = cpuNanos() - cpu0;
    // The process CPU clock ticks coarsely (often 10 ms): a run too short to measure gives NaN.
    return new Rate(records / (wall / 1e9), cpu <= 0 ? Double.NaN : records / (cpu / 1e9));
  }

  /** An engine with two workers, chunk 100, {@code processor} for its type, credits to spare. */
  static InMemoryBulkEngine.Builder engine(RecordProcessor<?, ?> processor) {
    return InMemoryBulkEngine.builder()
        .processor(processor)
        .workerThreads(THREADS)
        .chunkSize(CHUNK)
        .maxWaitingRecords(10_000_000)
        .maxRetainedRecords(10_000_000)
        .defaultCredits(1_000_000_000_000L);
  }

  /** Submits every job at once and waits for the last: records/s from first submit to last end. */
  static Rate engine(RecordProcessor<?, ?> processor, List<JobRequest<?>> jobs) throws Exception {
    return engine(engine(processor), jobs, null);
  }

  static Rate engine(InMemoryBulkEngine.Builder builder, List<JobRequest<?>> jobs, Webhook hook)
      throws Exception {
    try (InMemoryBulkEngine engine = builder.build()) {
      long t0 = System.nanoTime();
      long cpu0 = cpuNanos();
      List<String> ids = new ArrayList<>(jobs.size());
      for (JobRequest<?> job : jobs) {
        JobRequest<?> q = hook == null ? job : withWebhook(job, hook);
        ids.add(engine.submit(q).jobId());
      }
      long records = 0;
      for (String id : ids) {
        Job job = engine.awaitJob(id, Duration.ofMinutes(10));
        if (job.status() != JobStatus.COMPLETED) {
          throw new IllegalStateException("Job " + id + " ended " + job.status());
        }
        records += job.progress().processed();
      }
      Rate rate = rate(records, t0, cpu0);
      check(records, jobs);
      return rate;
    }
  }

  static JobRequest<?> withWebhook(JobRequest<?> job, Webhook hook) {
    return job.withWebhook(hook);
  }

  static WebhookSettings localWebhooks() {
    return WebhookSettings.builder().allowPrivateDestinations(true).build();
  }

  /**
   * The ceiling: the processor called in a plain loop on two threads that take the next 100
   * records from a shared counter (so a thread slowed by the OS does not hold the other back),
   * results kept in arrays.
   */
  static Rate loop(RecordProcessor<?, ?> processor, List<JobRequest<?>> jobs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      RecordResult[][] out = new RecordResult[jobs.size()][];
      int[] starts = new int[jobs.size() + 1];
      for (int j = 0; j < jobs.size(); j++) {
        out[j] = new RecordResult[jobs.get(j).records().size()];
        if (out[j].length % CHUNK != 0) {
          // Chunks never cross jobs, as in the engine.
          throw new IllegalArgumentException("job sizes must be multiples of " + CHUNK);
        }
        starts[j + 1] = starts[j] + out[j].length;
      }
      int total = starts[jobs.size()];
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      long cpu0 = cpuNanos();
      List<Future<Long>> parts = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        parts.add(pool.submit(() -> {
          long n = 0;
          int j = 0;
          int from;
          while ((from = next.getAndAdd(CHUNK)) < total) {
            while (starts[j + 1] <= from) {
              j++;
            }
            JobRequest<?> q = jobs.get(j);
            List<? extends InputRecord> records = q.records();
            int base = starts[j];
            int to = Math.min(from + CHUNK, starts[j + 1]);
            n += runChunk(processor, q, records, out[j], from - base, to - base);
          }
          return n;
        }));
      }
      long records = 0;
      for (Future<Long> f : parts) {
        records += f.get();
      }
      Rate rate = rate(records, t0, cpu0);
      check(records, jobs);
      return rate;
    } finally {
      pool.shutdownNow();
    }
  }

  // A method of its own, called once per chunk, so the JIT compiles it like any hot method.
  private static int runChunk(RecordProcessor<?, ?> processor, JobRequest<?> q,
      List<? extends InputRecord> records, RecordResult[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = BenchData.call(processor, records.get(i), q);
    }
    return to - from;
  }

  /**
   * Spring Batch 6: one job per request, run one after another, each a chunk-oriented step of
   * chunk size 100 over a synchronized list reader, with a two-thread task executor, a
   * {@link ResourcelessJobRepository} and a resourceless transaction manager. The writer keeps
   * the results (as the engine does).
   *
   * @param legacy true for the classic multi-threaded {@code TaskletStep} ({@code chunk(size,
   *     txManager)}: each thread reads, processes and writes whole chunks); false for Spring
   *     Batch 6's {@code ChunkOrientedStep} (items read on the step's thread, processed
   *     concurrently on the executor)
   */
  @SuppressWarnings({"removal", "deprecation"})
  static Rate springBatch(RecordProcessor<?, ?> processor, List<JobRequest<?>> jobs,
      boolean legacy) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      TaskExecutorAdapter executor = new TaskExecutorAdapter(threads);
      ResourcelessJobRepository repository = new ResourcelessJobRepository();
      ResourcelessTransactionManager tx = new ResourcelessTransactionManager();
      TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
      operator.setJobRepository(repository);
      operator.setJobRegistry(new org.springframework.batch.core.configuration.support.MapJobRegistry());
      operator.afterPropertiesSet();
      AtomicLong written = new AtomicLong();
      long t0 = System.nanoTime();
      long cpu0 = cpuNanos();
      for (int j = 0; j < jobs.size(); j++) {
        JobRequest<?> q = jobs.get(j);
        List<InputRecord> records = new ArrayList<>(q.records());
        List<RecordResult> results = new ArrayList<>(records.size());
        SynchronizedItemReader<InputRecord> reader =
            new SynchronizedItemReader<>(new ListItemReader<>(records));
        ItemProcessor<InputRecord, RecordResult> proc = r -> BenchData.call(processor, r, q);
        ItemWriter<RecordResult> writer = chunk -> {
          synchronized (results) {
            results.addAll(chunk.getItems());
          }
          written.addAndGet(chunk.size());
        };
        Step step = legacy
            ? new StepBuilder("step-" + j, repository).<InputRecord, RecordResult>chunk(CHUNK, tx)
                .reader(reader).processor(proc).writer(writer).taskExecutor(executor).build()
            : new StepBuilder("step-" + j, repository).<InputRecord, RecordResult>chunk(CHUNK)
                .transactionManager(tx)
                .reader(reader).processor(proc).writer(writer).taskExecutor(executor).build();
        org.springframework.batch.core.job.Job job =
            new JobBuilder("job-" + j, repository).start(step).build();
        JobExecution execution = operator.start(job,
            new JobParametersBuilder().addLong("run", (long) j).toJobParameters());
        if (!"COMPLETED".equals(execution.getStatus().name())) {
          throw new IllegalStateException("Spring Batch job " + j + " ended "
              + execution.getStatus() + " " + execution.getAllFailureExceptions());
        }
      }
      Rate rate = rate(written.get(), t0, cpu0);
      check(written.get(), jobs);
      return rate;
    } finally {
      threads.shutdownNow();
    }
  }

  private static void check(long records, List<JobRequest<?>> jobs) {
    long expected = jobs.stream().mapToLong(q -> q.records().size()).sum();
    if (records != expected) {
      throw new IllegalStateException("Processed " + records + " records of " + expected);
    }
  }

  /** {@code n} jobs of {@code size} records of {@code type}, each over other properties. */
  static List<JobRequest<?>> jobs(dev.bulkestate.core.JobType type, int n, int size) {
    List<JobRequest<?>> out = new ArrayList<>(n);
    AtomicInteger offset = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      out.add(BenchData.request(type, size, offset.getAndAdd(size)));
    }
    return out;
  }
}
