package dev.bulkestate.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers the {@code webhook-id}s already handled, so an event the sender delivers twice (its
 * deliveries are at least once) reaches the listener once. Bounded: past {@code capacity} ids the
 * least recently seen are forgotten, so memory stays flat however long the receiver runs.
 * Thread-safe.
 */
public final class WebhookDeduplicator {
  /** Default number of ids remembered. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final Map<String, Boolean> seen;

  public WebhookDeduplicator(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.seen = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > WebhookDeduplicator.this.capacity;
      }
    };
  }

  public WebhookDeduplicator() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * Claims {@code webhookId} for handling.
   *
   * @return true the first time; false when it was claimed before (a duplicate delivery)
   */
  public synchronized boolean claim(String webhookId) {
    Objects.requireNonNull(webhookId, "webhookId");
    return seen.put(webhookId, Boolean.TRUE) == null;
  }

  /** Forgets {@code webhookId}, so a redelivery is handled again (its handling failed). */
  public synchronized void release(String webhookId) {
    seen.remove(webhookId);
  }

  /** Ids remembered now. */
  public synchronized int size() {
    return seen.size();
  }

  public int capacity() {
    return capacity;
  }
}
