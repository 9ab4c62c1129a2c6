package dev.bulkestate.processors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.data.PropertySearchResult;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.SearchCriteria;
import dev.bulkestate.core.request.SearchQuery;
import dev.bulkestate.core.request.ValuationOptions;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessorsTest {

  @SuppressWarnings("unchecked")
  private static <P extends RecordProcessor<?, ?>> P find(List<RecordProcessor<?, ?>> all, JobType type) {
    return (P) all.stream().filter(p -> p.type().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void defaultsAreBuiltOnceOverTheSeed42Dataset() {
    List<RecordProcessor<?, ?>> defaults = Processors.defaults();
    assertThat(Processors.defaults()).isSameAs(defaults);
    PropertyDataset dataset = Processors.defaultDataset();
    assertThat(dataset.size()).isEqualTo(20_000);
    assertThat(dataset.inZip("78701")).isNotEmpty();
    assertThat(defaults).extracting(RecordProcessor::type).containsExactlyElementsOf(JobType.KNOWN);
    RecordProcessor<PropertySearchRequest, SearchQuery> search = find(defaults, JobType.PROPERTY_SEARCH);
    RecordResult austin = search.process(new SearchQuery("s", SearchCriteria.zip("78701"), 5),
        PropertySearchRequest.builder().add(new SearchQuery("s", SearchCriteria.zip("78701"), 5)).build());
    assertThat(austin.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(((PropertySearchResult) austin.data()).returned()).isEqualTo(5);

    // Verification knows the dataset's addresses: a generated house geocodes to its rooftop.
    Property house = dataset.inZip("78701").stream().filter(p -> p.unit() == null).findFirst().orElseThrow();
    RecordProcessor<AddressVerificationRequest, AddressInput> verify =
        find(defaults, JobType.ADDRESS_VERIFICATION);
    AddressInput input = AddressInput.of("a", house.primaryLine().toLowerCase(), "Austin", "TX", "78701");
    RecordResult verified = verify.process(input, AddressVerificationRequest.builder().add(input).build());
    assertThat(verified.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(BulkJson.mapper().valueToTree(verified.data()).toString())
        .contains("\"rooftop\"").contains(house.propertyId());
  }

  @Test
  void processorsAreSafeToShareBetweenThreads() throws Exception {
    PropertyDataset dataset = Processors.defaultDataset();
    List<Property> sample = dataset.inZip("78701");
    ValuationsRequest valuations = ValuationsRequest.builder()
        .add(PropertyRef.byPropertyId("x", "P1")).options(ValuationOptions.all()).build();
    PropertyDetailsRequest details = PropertyDetailsRequest.builder()
        .add(PropertyRef.byPropertyId("x", "P1")).build();

    // Sequential answers from processors of their own, then the same from 4 threads sharing one set.
    List<RecordProcessor<?, ?>> alone = Processors.create(dataset);
    RecordProcessor<ValuationsRequest, PropertyRef> soloValue = find(alone, JobType.VALUATIONS);
    RecordProcessor<PropertyDetailsRequest, PropertyRef> soloDetails = find(alone, JobType.PROPERTY_DETAILS);
    List<RecordResult> expected = new ArrayList<>();
    for (Property p : sample) {
      expected.add(soloValue.process(PropertyRef.byPropertyId(p.propertyId(), p.propertyId()), valuations));
      expected.add(soloDetails.process(PropertyRef.byPropertyId(p.propertyId(), p.propertyId()), details));
    }

    List<RecordProcessor<?, ?>> shared = Processors.create(dataset);
    RecordProcessor<ValuationsRequest, PropertyRef> value = find(shared, JobType.VALUATIONS);
    RecordProcessor<PropertyDetailsRequest, PropertyRef> detail = find(shared, JobType.PROPERTY_DETAILS);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<RecordResult>>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(pool.submit(() -> {
          List<RecordResult> out = new ArrayList<>();
          for (Property p : sample) {
            out.add(value.process(PropertyRef.byPropertyId(p.propertyId(), p.propertyId()), valuations));
            out.add(detail.process(PropertyRef.byPropertyId(p.propertyId(), p.propertyId()), details));
          }
          return out;
        }));
      }
      for (Future<List<RecordResult>> run : runs) {
        assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(expected).anySatisfy(r -> assertThat(r.data()).isInstanceOf(PropertyDetails.class));
  }
}
