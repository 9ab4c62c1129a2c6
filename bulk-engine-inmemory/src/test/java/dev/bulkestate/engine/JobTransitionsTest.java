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
}
