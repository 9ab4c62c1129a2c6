package dev.bulkestate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.core.JobStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {
  private static final List<JobStatus> ALL = JobStatus.KNOWN;
  private static final Set<String> ALLOWED = Set.of(
      "queued->processing", "queued->cancelled",
      "processing->completed", "processing->failed", "processing->cancelled");

  @Test
  void everyPairIsAllowedOrForbiddenExactlyAsTheTableSays() {
    int allowed = 0;
    for (JobStatus from : ALL) {
      for (JobStatus to : ALL) {
        String pair = from + "->" + to;
        if (ALLOWED.contains(pair)) {
          allowed++;
          assertThat(JobTransitions.allowed(from, to)).as(pair).isTrue();
          JobTransitions.check(from, to);
        } else {
          assertThat(JobTransitions.allowed(from, to)).as(pair).isFalse();
          assertThatThrownBy(() -> JobTransitions.check(from, to)).as(pair)
              .isInstanceOf(IllegalStateException.class)
              .hasMessage("Illegal job transition " + from + " -> " + to);
        }
      }
    }
    assertThat(allowed).isEqualTo(5);
  }

  @Test
  void unknownStatusesGoNowhere() {
    JobStatus unknown = JobStatus.of("paused");
    assertThat(JobTransitions.allowed(unknown, JobStatus.PROCESSING)).isFalse();
    assertThat(JobTransitions.allowed(JobStatus.QUEUED, unknown)).isFalse();
  }

  @Test
  void aStoredJobEnforcesTheTableOnEveryChange() {
    java.time.Instant now = java.time.Instant.parse("2026-03-01T10:00:00Z");
    StoredJob job = new StoredJob("job_1", "k", 1, TestSupport.addresses("a", 2), now, null, 2,
        null, null);
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThatThrownBy(() -> job.transition(JobStatus.COMPLETED, now))
        .isInstanceOf(IllegalStateException.class);
    assertThat(job.startIfQueued(now)).isTrue();
    assertThat(job.startIfQueued(now)).isFalse();
    assertThatThrownBy(() -> job.transition(JobStatus.QUEUED, now))
        .isInstanceOf(IllegalStateException.class);
    job.transition(JobStatus.COMPLETED, now);
    for (JobStatus to : ALL) {
      assertThatThrownBy(() -> job.transition(to, now)).as("completed -> " + to)
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    // A finished job takes no more results.
    assertThat(job.commit(0, dev.bulkestate.core.RecordResult.success("a1", null), now)).isFalse();
  }
}
