package dev.bulkestate.core;

/**
 * An engine that serves many API keys: what a server needs beyond {@link BulkApi}. Each key sees
 * only its own jobs and spends its own credits.
 */
public interface BulkService extends AutoCloseable {

  /** The API as the holder of {@code apiKey} sees it. */
  BulkApi forApiKey(String apiKey);

  /** Sets the credit balance of {@code apiKey} (credits not reserved by running jobs). */
  void setCredits(String apiKey, long credits);

  /** The credits {@code apiKey} can still spend. */
  long availableCredits(String apiKey);

  /** Stops taking work, finishes the chunks in flight, and releases threads. */
  @Override
  void close();
}
