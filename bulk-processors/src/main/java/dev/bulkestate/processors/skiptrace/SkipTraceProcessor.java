package dev.bulkestate.processors.skiptrace;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.data.SkipTraceResult;
import dev.bulkestate.core.request.PersonName;
import dev.bulkestate.core.request.PostalAddress;
import dev.bulkestate.core.request.SkipTraceOptions;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.processors.address.AddressStandardizer;
import dev.bulkestate.processors.address.ParsedAddress;
import dev.bulkestate.processors.data.Keys;
import dev.bulkestate.processors.data.Person;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyDataset;
import dev.bulkestate.processors.data.PropertyResolver;
import dev.bulkestate.processors.geo.ZipInfo;
import dev.bulkestate.processors.geo.ZipTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Skip trace: the persons behind a record, with their phones (type, Do Not Call flag) and emails,
 * and, only when the options ask, their relatives and property history. Thread-safe.
 *
 * <p>A record is traced by the first identifier it has, in this order:
 * <ol>
 *   <li>{@code property_address}: the owners of record of that property ({@code owner_of_record});
 *   <li>{@code phone}: the persons reachable at that number ({@code phone});
 *   <li>{@code name} + {@code address}: the persons of that last name (and first name or initial,
 *       when given) living at the address ({@code name_address}); failing that, living in its ZIP
 *       code, or in its city's ZIP codes when it has none ({@code name_zip}, a {@code partial}
 *       result since the street is not confirmed).
 * </ol>
 * It fails with {@code INSUFFICIENT_DATA} when the input identifies nobody (no such property, a
 * company as the only owner, an unknown number, no such name), {@code AMBIGUOUS_MATCH} for a
 * property address without the unit of a building of several units, and {@code INVALID_ADDRESS}
 * for an address that cannot be parsed. Every result records the compliance mode and permissible
 * purpose it ran under ({@code standard} when none was given).
 */
public final class SkipTraceProcessor implements RecordProcessor<SkipTraceRequest, SkipTraceRecord> {
  private final PropertyResolver resolver;
  private final PropertyDataset dataset;
  private final AddressStandardizer standardizer;
  /** "STATE|city key" to the place's ZIP codes, for a name + address without a ZIP code. */
  private final Map<String, List<String>> zipsByPlace;

  public SkipTraceProcessor(PropertyResolver resolver, AddressStandardizer standardizer,
      ZipTable zipTable) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.dataset = resolver.dataset();
    this.standardizer = Objects.requireNonNull(standardizer, "standardizer");
    Map<String, List<String>> places = new HashMap<>();
    for (ZipInfo zip : zipTable.all()) {
      places.computeIfAbsent(zip.state() + "|" + AddressStandardizer.cityKey(zip.city()),
          k -> new ArrayList<>(2)).add(zip.zip());
    }
    places.replaceAll((k, v) -> List.copyOf(v));
    this.zipsByPlace = places;
  }

  @Override
  public JobType type() {
    return JobType.SKIP_TRACE;
  }

  @Override
  public RecordResult process(SkipTraceRecord record, SkipTraceRequest request) {
    var problem = record.problem();
    if (problem.isPresent()) {
      return RecordResult.failed(record.id(), problem.get());
    }
    SkipTraceOptions options = request.optionsOrDefault();
    if (options.fcraMode()
        && (options.permissiblePurpose() == null || options.permissiblePurpose().isBlank())) {
      // The request validator refuses such a job; this guards engines that skip it.
      return RecordResult.failed(record.id(), ApiError.field(ErrorCode.VALIDATION_ERROR,
          "compliance_mode fcra requires a permissible_purpose", "options.permissible_purpose",
          "Missing permissible_purpose"));
    }
    Match match;
    if (present(record.propertyAddress())) {
      match = byProperty(record.propertyAddress());
    } else if (present(record.phone())) {
      match = byPhone(record.phone());
    } else {
      match = byName(record.name(), record.address());
    }
    if (match.error != null) {
      return RecordResult.failed(record.id(), match.error);
    }
    List<SkipTraceResult.Person> persons = new ArrayList<>(match.persons.size());
    boolean anyContact = false;
    for (Person person : match.persons) {
      persons.add(describe(person, options));
      anyContact |= !person.phones().isEmpty() || !person.emails().isEmpty();
    }
    List<String> warnings = new ArrayList<>(match.warnings);
    if (!anyContact) {
      warnings.add("No phone number or email found");
    }
    String mode = options.complianceMode() == null ? SkipTraceOptions.STANDARD : options.complianceMode();
    SkipTraceResult result = new SkipTraceResult(match.type, persons,
        new SkipTraceResult.Compliance(mode, options.permissiblePurpose()));
    return warnings.isEmpty()
        ? RecordResult.success(record.id(), result)
        : RecordResult.partial(record.id(), result, warnings);
  }

  /** The normalized identifier (as {@link #process} picks it) and the options. */
  @Override
  public String cacheKey(SkipTraceRecord record, SkipTraceRequest request) {
    String input;
    if (present(record.propertyAddress())) {
      input = "property:" + PropertyResolver.addressKey(standardizer.parse(record.propertyAddress()));
    } else if (present(record.phone())) {
      input = "phone:" + Keys.phone(record.phone());
    } else if (record.name() != null && record.address() != null) {
      PostalAddress a = record.address();
      input = "name:" + Keys.name(record.name().first()) + "|" + Keys.name(record.name().last())
          + "|" + PropertyResolver.addressKey(standardizer.parse(a.street(), a.city(), a.state(), a.zip()));
    } else {
      return null;
    }
    SkipTraceOptions o = request.optionsOrDefault();
    return "skip-trace|" + input + "|" + o.relativesOrDefault() + "," + o.propertyHistoryOrDefault()
        + "," + o.complianceMode() + "," + o.permissiblePurpose();
  }

  private Match byProperty(String propertyAddress) {
    PropertyResolver.Resolution found =
        resolver.resolveAddress(standardizer.parse(propertyAddress), "property_address");
    if (!found.isFound()) {
      ApiError error = found.error();
      if (ErrorCode.PROPERTY_NOT_FOUND.equals(error.code())) {
        error = insufficient("property_address", String.valueOf(error.details().get("issue")));
      }
      return Match.failed(error);
    }
    Property p = found.property();
    List<Person> owners = dataset.ownersOf(p.propertyId());
    if (owners.isEmpty()) {
      String name = p.owners().isEmpty() ? "unknown" : p.owners().get(0).name();
      return Match.failed(insufficient("property_address",
          "The owner of record (" + name + ") is not a person"));
    }
    return new Match(SkipTraceResult.OWNER_OF_RECORD, owners, found.warnings(), null);
  }

  private Match byPhone(String phone) {
    String digits = Keys.phone(phone);
    if (digits == null) {
      return Match.failed(insufficient("phone", "Not a 10-digit phone number"));
    }
    List<Person> persons = dataset.byPhone(digits);
    if (persons.isEmpty()) {
      return Match.failed(insufficient("phone", "No person found at " + Keys.formatPhone(digits)));
    }
    return new Match(SkipTraceResult.PHONE, persons, List.of(), null);
  }

  private Match byName(PersonName name, PostalAddress address) {
    ParsedAddress parsed = standardizer.parse(address.street(), address.city(), address.state(),
        address.zip());
    ApiError invalid = PropertyResolver.invalid(parsed, "address.street");
    if (invalid != null) {
      return Match.failed(invalid);
    }
    // At the address: its residents and owners, when the property is in the dataset.
    PropertyResolver.Resolution at = resolver.resolveAddress(parsed, "address");
    Set<Person> here = new LinkedHashSet<>();
    if (at.isFound()) {
      for (Person p : dataset.residentsOf(at.property().propertyId())) {
        if (sameName(p, name)) {
          here.add(p);
        }
      }
      for (Person p : dataset.ownersOf(at.property().propertyId())) {
        if (sameName(p, name)) {
          here.add(p);
        }
      }
    }
    // Elsewhere in the ZIP: a person whose current street line is this one is an address match.
    List<Person> inZip = new ArrayList<>();
    for (String zip : zips(parsed)) {
      for (Person p : dataset.byLastNameInZip(name.last(), zip)) {
        if (sameName(p, name) && !here.contains(p)) {
          String line = p.currentAddress() == null ? null : p.currentAddress().line1();
          if (line != null && line.equals(parsed.deliveryLine())) {
            here.add(p);
          } else {
            inZip.add(p);
          }
        }
      }
    }
    if (!here.isEmpty()) {
      return new Match(SkipTraceResult.NAME_ADDRESS, List.copyOf(here), List.of(), null);
    }
    if (!inZip.isEmpty()) {
      inZip.sort(Comparator.comparing(Person::personId));
      return new Match(SkipTraceResult.NAME_ZIP, inZip,
          List.of("Matched by name and ZIP code; the street address is not on record for this person"),
          null);
    }
    String who = (present(name.first()) ? name.first().trim() + " " : "") + name.last().trim();
    return Match.failed(insufficient("name", "No person named " + who + " found at or near "
        + parsed.deliveryLine()));
  }

  private List<String> zips(ParsedAddress parsed) {
    if (parsed.zip5() != null) {
      return List.of(parsed.zip5());
    }
    return zipsByPlace.getOrDefault(parsed.state() + "|" + AddressStandardizer.cityKey(parsed.city()),
        List.of());
  }

  /** Same last name; same first name, or its initial when only an initial was given. */
  static boolean sameName(Person p, PersonName name) {
    if (!Keys.name(p.lastName()).equals(Keys.name(name.last()))) {
      return false;
    }
    String first = Keys.name(name.first());
    if (first.isEmpty()) {
      return true;
    }
    String theirs = Keys.name(p.firstName());
    return first.length() == 1 ? theirs.startsWith(first) : theirs.equals(first);
  }

  private SkipTraceResult.Person describe(Person p, SkipTraceOptions options) {
    Integer age = p.birthYear() == null ? null : dataset.asOf().getYear() - p.birthYear();
    List<SkipTraceResult.Phone> phones = new ArrayList<>(p.phones());
    // Most recently seen first: the likeliest to reach the person.
    phones.sort(Comparator.comparing(SkipTraceResult.Phone::lastSeen,
        Comparator.nullsLast(Comparator.reverseOrder())));
    List<SkipTraceResult.Relative> relatives = null;
    if (options.relativesOrDefault()) {
      relatives = new ArrayList<>(p.relatives().size());
      for (Person.RelativeLink link : p.relatives()) {
        Person r = dataset.person(link.personId()).orElse(null);
        if (r != null) {
          relatives.add(new SkipTraceResult.Relative(r.personId(), r.fullName(), link.relationship(),
              r.birthYear() == null ? null : dataset.asOf().getYear() - r.birthYear()));
        }
      }
    }
    List<SkipTraceResult.PropertyRecord> history = null;
    if (options.propertyHistoryOrDefault()) {
      history = new ArrayList<>(p.propertyHistory().size());
      for (Person.OwnershipSpan span : p.propertyHistory()) {
        Property owned = dataset.byId(span.propertyId()).orElse(null);
        if (owned != null) {
          history.add(new SkipTraceResult.PropertyRecord(owned.propertyId(), owned.address(),
              "owner", span.from(), span.to()));
        }
      }
    }
    return new SkipTraceResult.Person(p.personId(), p.firstName(), p.middleName(), p.lastName(),
        age, p.currentAddress(), phones, p.emails(), relatives, history);
  }

  private static ApiError insufficient(String field, String issue) {
    return ApiError.field(ErrorCode.INSUFFICIENT_DATA,
        "Not enough information to perform skip trace", field, issue);
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  /** What a record matched: persons, or the error to fail it with. */
  private record Match(String type, List<Person> persons, List<String> warnings, ApiError error) {
    static Match failed(ApiError error) {
      return new Match(null, List.of(), List.of(), error);
    }
  }
}
