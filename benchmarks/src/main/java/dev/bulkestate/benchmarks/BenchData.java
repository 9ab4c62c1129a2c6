package dev.bulkestate.benchmarks;

import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.InputRecord;
import dev.bulkestate.core.request.JobRequest;
import dev.bulkestate.core.request.PersonName;
import dev.bulkestate.core.request.PostalAddress;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.SearchCriteria;
import dev.bulkestate.core.request.SearchQuery;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.processors.Processors;
import dev.bulkestate.processors.data.Person;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The records every benchmark feeds: drawn deterministically from the default synthetic dataset
 * ({@link Processors#defaultDataset()}), in the mix a real batch has (clean, messy, by id, by
 * address, some that fail).
 */
public final class BenchData {
  private BenchData() {}

  /** Short names used on the command line and in tables, in {@link JobType#KNOWN} order. */
  public static final Map<String, JobType> TYPES = Map.of(
      "property-search", JobType.PROPERTY_SEARCH,
      "property-details", JobType.PROPERTY_DETAILS,
      "skip-trace", JobType.SKIP_TRACE,
      "address-verification", JobType.ADDRESS_VERIFICATION,
      "valuations", JobType.VALUATIONS);

  /** The records per job the benchmarks use for a type (property details allows at most 1,000). */
  public static int recordsPerJob(JobType type) {
    return type.equals(JobType.PROPERTY_DETAILS) ? 1_000 : 10_000;
  }

  /** The real processor of {@code type} over the default dataset. */
  public static RecordProcessor<?, ?> processor(JobType type) {
    for (RecordProcessor<?, ?> p : Processors.defaults()) {
      if (p.type().equals(type)) {
        return p;
      }
    }
    throw new IllegalArgumentException("No processor for " + type);
  }

  /** A job of {@code type} with {@code n} records; {@code offset} shifts which properties are used. */
  public static JobRequest<?> request(JobType type, int n, int offset) {
    PropertyDataset ds = Processors.defaultDataset();
    List<Property> props = ds.properties();
    String name = "bench " + type.value() + " @" + offset;
    if (type.equals(JobType.ADDRESS_VERIFICATION)) {
      List<AddressInput> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(address("r" + i, pick(props, i + offset), i + offset));
      }
      return AddressVerificationRequest.builder().jobName(name).addAll(out).build();
    }
    if (type.equals(JobType.PROPERTY_DETAILS) || type.equals(JobType.VALUATIONS)) {
      List<PropertyRef> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Property p = pick(props, i + offset);
        String id = "r" + i;
        int k = (i + offset) % 10;
        out.add(k < 5 ? PropertyRef.byPropertyId(id, p.propertyId())
            : k < 8 ? PropertyRef.byAddress(id, oneLine(p))
            : type.equals(JobType.PROPERTY_DETAILS) ? PropertyRef.byApn(id, p.apn(), p.county(), p.state())
            : PropertyRef.byPropertyId(id, p.propertyId()));
      }
      return type.equals(JobType.VALUATIONS)
          ? ValuationsRequest.builder().jobName(name).addAll(out).build()
          : PropertyDetailsRequest.builder().jobName(name).addAll(out).build();
    }
    if (type.equals(JobType.SKIP_TRACE)) {
      List<Person> people = ds.people();
      List<SkipTraceRecord> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Property p = pick(props, i + offset);
        String id = "r" + i;
        int k = (i + offset) % 10;
        if (k < 6) {
          out.add(SkipTraceRecord.byPropertyAddress(id, oneLine(p)));
        } else {
          Person person = people.get((int) (((i + offset) * 7_919L) % people.size()));
          if (k < 8 && !person.phones().isEmpty()) {
            out.add(SkipTraceRecord.byPhone(id, person.phones().get(0).number()));
          } else if (person.currentAddress() != null) {
            var a = person.currentAddress();
            out.add(SkipTraceRecord.byNameAndAddress(id,
                PersonName.of(person.firstName(), person.lastName()),
                new PostalAddress(a.line1(), a.city(), a.state(), a.zip())));
          } else {
            out.add(SkipTraceRecord.byPropertyAddress(id, oneLine(p)));
          }
        }
      }
      return SkipTraceRequest.builder().jobName(name).addAll(out).build();
    }
    if (type.equals(JobType.PROPERTY_SEARCH)) {
      List<SearchQuery> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Property p = pick(props, i + offset);
        SearchCriteria c = (i + offset) % 2 == 0
            ? SearchCriteria.builder().zip(p.zip5()).beds(2, 4).build()
            : SearchCriteria.builder().zip(p.zip5()).ownerOccupied(false).build();
        out.add(new SearchQuery("r" + i, c, 25));
      }
      return PropertySearchRequest.builder().jobName(name).addAll(out).build();
    }
    throw new IllegalArgumentException("Unknown type " + type);
  }

  private static Property pick(List<Property> props, int i) {
    // A stride co-prime with the size spreads records over ZIPs and owners.
    return props.get((int) ((i * 7_919L) % props.size()));
  }

  static String oneLine(Property p) {
    String line = p.unit() == null ? p.primaryLine() : p.primaryLine() + " " + p.unit();
    return line + ", " + p.city() + ", " + p.state() + " " + p.zip5();
  }

  // Clean, messy, by components, an unknown house number, and one without a number (fails).
  private static AddressInput address(String id, Property p, int i) {
    switch (i % 10) {
      case 0, 1, 2, 3:
        return AddressInput.full(id, oneLine(p));
      case 4, 5: {
        String unit = p.unit() == null ? "" : " #" + p.unit().replaceAll("^\\S+\\s+", "");
        return AddressInput.full(id, (p.primaryLine() + unit + " " + p.city() + " "
            + p.state() + " " + p.zip5()).toLowerCase(Locale.ROOT).replace(" st", " street."));
      }
      case 6, 7:
        return AddressInput.of(id, p.unit() == null ? p.primaryLine() : p.primaryLine() + " " + p.unit(),
            p.city(), p.state(), p.zip5());
      case 8: {
        String[] parts = p.primaryLine().split(" ", 2);
        String street = parts.length == 2 ? (parts[0].length() + 9_000) + " " + parts[1] : p.primaryLine();
        return AddressInput.full(id, street + ", " + p.city() + ", " + p.state() + " " + p.zip5());
      }
      default: {
        String[] parts = p.primaryLine().split(" ", 2);
        String street = parts.length == 2 ? parts[1] : p.primaryLine();
        return AddressInput.full(id, street + ", " + p.city() + ", " + p.state() + " " + p.zip5());
      }
    }
  }

  /** Calls {@code processor} on one record of {@code request}, as an engine does. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static RecordResult call(RecordProcessor<?, ?> processor, InputRecord record,
      JobRequest<?> request) {
    return ((RecordProcessor) processor).process(record, request);
  }

  /** A processor that does no work: it answers every record with the same small success. */
  public static RecordProcessor<?, ?> noop(JobType type) {
    return new Noop<>(type);
  }

  private static final class Noop<Q extends JobRequest<R>, R extends InputRecord>
      implements RecordProcessor<Q, R> {
    private static final Map<String, Object> DATA = Map.of("ok", true);
    private final JobType type;

    Noop(JobType type) {
      this.type = type;
    }

    @Override
    public JobType type() {
      return type;
    }

    @Override
    public RecordResult process(R record, Q request) {
      return RecordResult.success(record.id(), DATA);
    }
  }
}
