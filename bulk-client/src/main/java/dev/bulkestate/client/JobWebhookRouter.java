package dev.bulkestate.client;

import dev.bulkestate.core.jobs.JobHandle;
import dev.bulkestate.core.webhook.WebhookEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * Hands verified webhook events to the {@link JobHandle}s waiting on their jobs, so a
 * {@code job_completed} or {@code job_failed} webhook ends a wait at once and polling is only the
 * backup. Use it as (part of) a {@link WebhookReceiver}'s listener. Handles are held weakly: one
 * that nobody uses any more is dropped without being unregistered. Thread-safe.
 */
public final class JobWebhookRouter implements Consumer<WebhookEvent> {
  private final Set<JobHandle> handles = Collections.newSetFromMap(new WeakHashMap<>());

  /** Routes this job's events to {@code handle} from now on; returns the handle. */
  public JobHandle register(JobHandle handle) {
    Objects.requireNonNull(handle, "handle");
    synchronized (handles) {
      handles.add(handle);
    }
    return handle;
  }

  /** Stops routing events to {@code handle}. */
  public void unregister(JobHandle handle) {
    synchronized (handles) {
      handles.remove(handle);
    }
  }

  /** Handles registered and still in use. */
  public int size() {
    synchronized (handles) {
      return handles.size();
    }
  }

  @Override
  public void accept(WebhookEvent event) {
    route(event);
  }

  /**
   * Signals {@code event} to the handles of its job.
   *
   * @return how many handles it woke (a job's end wakes its handles; other events wake none)
   */
  public int route(WebhookEvent event) {
    Objects.requireNonNull(event, "event");
    List<JobHandle> matching = new ArrayList<>();
    synchronized (handles) {
      for (JobHandle handle : handles) {
        if (handle.jobId().equals(event.jobId())) {
          matching.add(handle);
        }
      }
    }
    int woken = 0;
    for (JobHandle handle : matching) {
      if (handle.signal(event)) {
        woken++;
      }
    }
    return woken;
  }
}
