package dev.bulkestate.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out chunks of waiting jobs, round-robin across API keys and, within a key, across its
 * jobs: a worker takes one chunk from the next key's next job, so a small job never waits behind
 * all of a large one.
 */
final class ChunkScheduler {
  /** Records {@code [from, to)} of {@code job}. */
  record Chunk(StoredJob job, int from, int to) {
    int size() {
      return to - from;
    }
  }

  private final int chunkSize;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workAvailable = lock.newCondition();
  private final ArrayDeque<String> keys = new ArrayDeque<>();
  private final Map<String, ArrayDeque<StoredJob>> jobsByKey = new HashMap<>();
  private boolean closed;

  ChunkScheduler(int chunkSize) {
    this.chunkSize = chunkSize;
  }

  /** Queues all of {@code job}'s records. */
  void add(StoredJob job) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      ArrayDeque<StoredJob> jobs = jobsByKey.get(job.apiKey());
      if (jobs == null) {
        jobs = new ArrayDeque<>();
        jobsByKey.put(job.apiKey(), jobs);
        keys.addLast(job.apiKey());
      }
      jobs.addLast(job);
      workAvailable.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Drops the chunks of {@code job} not handed out yet (it was cancelled or failed). */
  void remove(StoredJob job) {
    lock.lock();
    try {
      ArrayDeque<StoredJob> jobs = jobsByKey.get(job.apiKey());
      if (jobs != null && jobs.remove(job) && jobs.isEmpty()) {
        jobsByKey.remove(job.apiKey());
        keys.remove(job.apiKey());
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next chunk, waiting up to {@code timeout} for one; null on timeout or once closed.
   */
  Chunk take(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (!closed && keys.isEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        nanos = workAvailable.awaitNanos(nanos);
      }
      if (closed) {
        return null;
      }
      String key = keys.pollFirst();
      ArrayDeque<StoredJob> jobs = jobsByKey.get(key);
      StoredJob job = jobs.pollFirst();
      int from = job.nextIndex;
      int to = Math.min(from + chunkSize, job.totalRecords());
      job.nextIndex = to;
      if (to < job.totalRecords()) {
        jobs.addLast(job);
      }
      if (jobs.isEmpty()) {
        jobsByKey.remove(key);
      } else {
        keys.addLast(key);
      }
      return new Chunk(job, from, to);
    } finally {
      lock.unlock();
    }
  }

  /** Hands out nothing more; waiting workers return null. */
  void close() {
    lock.lock();
    try {
      closed = true;
      workAvailable.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
