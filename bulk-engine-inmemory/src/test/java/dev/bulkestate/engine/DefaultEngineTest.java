package dev.bulkestate.engine;

import static dev.bulkestate.engine.TestSupport.awaitFinished;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.Job;
import dev.bulkestate.core.JobStatus;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.ResultsQuery;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.processors.Processors;
import dev.bulkestate.processors.data.Property;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code InMemoryBulkEngine.create()} runs the real processors over the synthetic dataset. */
@Timeout(60)
class DefaultEngineTest {
  @Test
  void oneLineGivesAnEngineWithTheRealProcessors() {
    Property known = Processors.defaultDataset().properties().get(0);
    try (InMemoryBulkEngine engine = InMemoryBulkEngine.create()) {
      String id = engine.submit(new ValuationsRequest("q1", List.of(
          PropertyRef.byPropertyId("v1", known.propertyId()),
          PropertyRef.byPropertyId("v2", "NO-SUCH-PROPERTY")), null, null)).jobId();
      Job job = awaitFinished(engine, id);
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      List<RecordResult> results = engine.getResults(id, ResultsQuery.first()).results();
      assertThat(results).extracting(RecordResult::id).containsExactly("v1", "v2");
      assertThat(results.get(0).status().isBillable()).isTrue();
      assertThat(results.get(0).data()).isNotNull();
      assertThat(results.get(1).status()).isEqualTo(RecordStatus.FAILED);
      assertThat(results.get(1).error().code()).isEqualTo(ErrorCode.PROPERTY_NOT_FOUND);
      assertThat(job.creditsUsed()).isEqualTo(1);
    }
  }
}
