package dev.bulkestate.processors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.request.PersonName;
import dev.bulkestate.core.request.PostalAddress;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.processors.data.Fixture;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a record holds, a processor answers it with a result, never an exception. */
class NeverThrowsPropertiesTest {
  private static final List<RecordProcessor<?, ?>> PROCESSORS = Processors.create(Fixture.dataset());
  private static final Set<String> RECORD_CODES = Set.of(ErrorCode.INVALID_ADDRESS,
      ErrorCode.PROPERTY_NOT_FOUND, ErrorCode.AMBIGUOUS_MATCH, ErrorCode.INSUFFICIENT_DATA);

  @SuppressWarnings("unchecked")
  private static <P extends RecordProcessor<?, ?>> P processor(JobType type) {
    return (P) PROCESSORS.stream().filter(p -> p.type().equals(type)).findFirst().orElseThrow();
  }

  @Provide
  Arbitrary<String> messy() {
    Arbitrary<String> words = Arbitraries.of("100", "n", "N.", "north", "main", "St", "street", "apt",
        "#", "102", "200", "E", "6th", ",", "Austin", "TX", "Texas", "78701", "PO", "Box", "RR", "2",
        "-", "1/2", "unit", "", " ", "\t", "'", "\"", "78701-1234", "ÉLAN", "☃");
    return Arbitraries.oneOf(words.list().ofMaxSize(12).map(w -> String.join(" ", w)),
        Arbitraries.strings().ofMaxLength(60));
  }

  @Property(tries = 300)
  void detailsAndValuationsAnswerAnyAddress(@ForAll("messy") String address) {
    RecordProcessor<PropertyDetailsRequest, PropertyRef> details = processor(JobType.PROPERTY_DETAILS);
    RecordProcessor<ValuationsRequest, PropertyRef> valuations = processor(JobType.VALUATIONS);
    PropertyRef ref = PropertyRef.byAddress("r", address);
    check(details.process(ref, PropertyDetailsRequest.builder().add(ref).build()));
    check(valuations.process(ref, ValuationsRequest.builder().add(ref).build()));
    details.cacheKey(ref, PropertyDetailsRequest.builder().add(ref).build());
  }

  @Property(tries = 300)
  void skipTraceAnswersAnyInput(@ForAll("messy") String text, @ForAll("messy") String other) {
    RecordProcessor<SkipTraceRequest, SkipTraceRecord> trace = processor(JobType.SKIP_TRACE);
    for (SkipTraceRecord r : List.of(SkipTraceRecord.byPhone("p", text),
        SkipTraceRecord.byPropertyAddress("a", text),
        SkipTraceRecord.byNameAndAddress("n", PersonName.of(other, other),
            new PostalAddress(text, other, "TX", null)))) {
      check(trace.process(r, SkipTraceRequest.builder().add(r).build()));
      trace.cacheKey(r, SkipTraceRequest.builder().add(r).build());
    }
  }

  private static void check(RecordResult result) {
    if (result.status().equals(RecordStatus.FAILED)) {
      assertThat(result.error().code()).isIn(RECORD_CODES);
    } else {
      assertThat(result.data()).isNotNull();
    }
  }
}
