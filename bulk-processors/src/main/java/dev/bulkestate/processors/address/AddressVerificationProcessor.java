package dev.bulkestate.processors.address;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.JobType;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.data.VerifiedAddress;
import dev.bulkestate.core.data.VerifiedAddress.Components;
import dev.bulkestate.core.data.VerifiedAddress.Correction;
import dev.bulkestate.core.data.VerifiedAddress.Deliverability;
import dev.bulkestate.core.data.VerifiedAddress.Geocode;
import dev.bulkestate.core.data.VerifiedAddress.Suggestion;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.VerificationOptions;
import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.processors.geo.GeoMath;
import dev.bulkestate.processors.geo.ZipInfo;
import dev.bulkestate.processors.geo.ZipTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Verifies addresses: parses {@code full_address} (or the components), standardizes them per USPS
 * Publication 28, checks city, state and ZIP code against the {@link ZipTable}, geocodes, and tells
 * deliverability as far as the {@link AddressDirectory} knows. Thread-safe; it holds only
 * immutable state built in the constructor.
 *
 * <h2>Outcome rules</h2>
 * <b>failed</b> with {@code INVALID_ADDRESS} and {@code details.field} / {@code details.issue}:
 * <ul>
 *   <li>street: "Missing street", "Missing street number", "Missing street name", "Missing box
 *       number" (PO box, rural route, highway contract or military box without its box number);</li>
 *   <li>zip: "Invalid ZIP code format", "Unknown ZIP code" (not in the ZIP table), "Missing ZIP
 *       code" (and it cannot be found from the city and state);</li>
 *   <li>state: "State does not match ZIP code", "Unrecognized state";</li>
 *   <li>city: "City not found in state" (no ZIP code given and the table has no such place).</li>
 * </ul>
 * <b>partial</b> (data plus {@code warnings}) when verification had to change or could not fully
 * check the input: a city that does not match the ZIP code is replaced by the ZIP code's city (a
 * city is accepted as it is when it is the ZIP code's place, or a place of the same state with a
 * ZIP code centroid within 10 miles, since USPS accepts the enclosing city and neighbourhood
 * names while GeoNames lists one place per ZIP code); a
 * missing city or state is filled from the ZIP code; a missing ZIP code is filled from the city and
 * state when that is unambiguous (one ZIP code, or the one whose data has the address); a ZIP code
 * that lost its leading zero gets it back; a missing ZIP code that stays ambiguous; a unit is
 * missing, unknown or extra by the data (deliverability {@code missing_unit}, {@code unknown_unit},
 * {@code extra_unit}); a unit designator is corrected ("# 4" to the data's "APT 4"). Every change is
 * listed in {@code corrections}.
 *
 * <p><b>success</b> otherwise, including an address the data does not have (deliverability
 * {@code not_in_dataset}: the data says nothing against it).
 *
 * <p>Geocode: {@code rooftop} with the data's point when the primary line is in the directory, else
 * {@code zip5} with the ZIP code's centroid; none without a ZIP code. ZIP+4 comes only from the input
 * or the directory. Suggestions (when {@code return_suggestions}): the directory's streets in the
 * ZIP code ranked by edit distance to the input's street (at most a third of its length, at least
 * 2), nearest first, then those the data has at the input's house number, then by name.
 */
public final class AddressVerificationProcessor
    implements RecordProcessor<AddressVerificationRequest, AddressInput> {
  private static final Pattern SPACES = Pattern.compile("\\s+");
  /** How far a ZIP code may be from a place for that place's name to be accepted as its city. */
  static final double NEARBY_PLACE_MILES = 10.0;

  private final AddressStandardizer standardizer;
  private final ZipTable zips;
  private final AddressDirectory directory;
  /** "STATE|city key" to the ZIP codes of that place, for finding a missing ZIP code. */
  private final Map<String, List<ZipInfo>> byPlace;
  /** A ZIP table city name to the city key of its upper-case form, computed once per name. */
  private final Map<String, String> zipCityKeys;

  public AddressVerificationProcessor(
      AddressStandardizer standardizer, ZipTable zips, AddressDirectory directory) {
    this.standardizer = Objects.requireNonNull(standardizer, "standardizer");
    this.zips = Objects.requireNonNull(zips, "zips");
    this.directory = Objects.requireNonNull(directory, "directory");
    Map<String, List<ZipInfo>> places = new HashMap<>();
    Map<String, String> cityKeys = new HashMap<>();
    for (ZipInfo zip : zips.all()) {
      cityKeys.computeIfAbsent(zip.city(), AddressVerificationProcessor::upperCityKey);
      places.computeIfAbsent(placeKey(zip.state(), AddressStandardizer.cityKey(zip.city())),
          k -> new ArrayList<>(2)).add(zip);
    }
    places.replaceAll((k, v) -> List.copyOf(v));
    this.byPlace = Map.copyOf(places);
    this.zipCityKeys = Map.copyOf(cityKeys);
  }

  @Override
  public JobType type() {
    return JobType.ADDRESS_VERIFICATION;
  }

  @Override
  public String cacheKey(AddressInput record, AddressVerificationRequest request) {
    VerificationOptions o = request.optionsOrDefault();
    StringBuilder key = new StringBuilder(96).append("address-verification/1|");
    if (present(record.fullAddress())) {
      key.append("F|").append(normalize(record.fullAddress()));
    } else {
      key.append("C|").append(normalize(record.street())).append('|').append(normalize(record.city()))
          .append('|').append(normalize(record.state())).append('|').append(normalize(record.zip()));
    }
    return key.append('|').append(o.standardizeOrDefault() ? 'S' : 's')
        .append(o.geocodeOrDefault() ? 'G' : 'g').append(o.deliverabilityOrDefault() ? 'D' : 'd')
        .append(o.suggestionsOrDefault() ? "R" + o.maxSuggestionsOrDefault() : "r").toString();
  }

  @Override
  public RecordResult process(AddressInput record, AddressVerificationRequest request) {
    VerificationOptions options = request.optionsOrDefault();
    boolean full = present(record.fullAddress());
    ParsedAddress parsed = full
        ? standardizer.parse(record.fullAddress())
        : standardizer.parse(record.street(), record.city(), record.state(), record.zip());

    ApiError streetError = streetError(parsed);
    if (streetError != null) {
      return RecordResult.failed(record.id(), streetError);
    }
    if (parsed.has(AddressIssue.INVALID_ZIP)) {
      return RecordResult.failed(record.id(), invalid("zip", "Invalid ZIP code format"));
    }

    List<String> warnings = new ArrayList<>(2);
    List<Correction> corrections = new ArrayList<>(2);
    if (parsed.has(AddressIssue.ZIP_LEADING_ZERO_RESTORED)) {
      String given = full ? parsed.zip5().replaceFirst("^0+", "") : SPACES.matcher(record.zip()).replaceAll("");
      corrections.add(new Correction("zip", given, parsed.zip5(), AddressIssue.ZIP_LEADING_ZERO_RESTORED.message()));
      warnings.add(AddressIssue.ZIP_LEADING_ZERO_RESTORED.message());
    }

    // City, state and ZIP code against the ZIP table.
    ZipInfo zip;
    List<KnownAddress> known;
    if (parsed.zip5() != null) {
      zip = zips.find(parsed.zip5()).orElse(null);
      if (zip == null) {
        return RecordResult.failed(record.id(), invalid("zip", "Unknown ZIP code"));
      }
      if (parsed.state() == null) {
        if (parsed.has(AddressIssue.UNKNOWN_STATE)) {
          return RecordResult.failed(record.id(), invalid("state", "Unrecognized state"));
        }
        corrections.add(new Correction("state", null, zip.state(), "State added from the ZIP code"));
        warnings.add("State added from the ZIP code");
      } else if (!parsed.state().equals(zip.state())) {
        return RecordResult.failed(record.id(), invalid("state", "State does not match ZIP code"));
      }
      String zipCity = zip.city().toUpperCase(Locale.ROOT);
      if (parsed.city() == null) {
        corrections.add(new Correction("city", null, zipCity, "City added from the ZIP code"));
        warnings.add("City added from the ZIP code");
      } else if (AddressStandardizer.cityKey(parsed.city()).equals(zipCityKey(zip))) {
        parsed = parsed.withLastLine(zipCity, zip.state(), zip.zip(), parsed.zip4());
      } else if (isNearbyPlace(parsed.city(), zip)) {
        parsed = parsed.withLastLine(parsed.city(), zip.state(), zip.zip(), parsed.zip4());
      } else {
        corrections.add(new Correction("city", parsed.city(), zipCity, "City does not match the ZIP code"));
        warnings.add("City " + parsed.city() + " does not match ZIP code " + zip.zip() + "; corrected to " + zipCity);
        parsed = parsed.withLastLine(zipCity, zip.state(), zip.zip(), parsed.zip4());
      }
      if (parsed.city() == null) {
        parsed = parsed.withLastLine(zipCity, zip.state(), zip.zip(), parsed.zip4());
      }
      known = directory.find(zip.zip(), parsed.primaryLine());
    } else {
      if (parsed.state() == null) {
        return RecordResult.failed(record.id(), parsed.has(AddressIssue.UNKNOWN_STATE)
            ? invalid("state", "Unrecognized state") : invalid("zip", "Missing ZIP code"));
      }
      if (parsed.city() == null) {
        return RecordResult.failed(record.id(), invalid("zip", "Missing ZIP code"));
      }
      List<ZipInfo> candidates =
          byPlace.getOrDefault(placeKey(parsed.state(), AddressStandardizer.cityKey(parsed.city())), List.of());
      if (candidates.isEmpty()) {
        return RecordResult.failed(record.id(), invalid("city", "City not found in state"));
      }
      zip = null;
      known = List.of();
      for (ZipInfo candidate : candidates) {
        List<KnownAddress> found = directory.find(candidate.zip(), parsed.primaryLine());
        if (!found.isEmpty()) {
          if (zip != null) {
            zip = null; // in the data in two of the city's ZIP codes: still ambiguous
            known = List.of();
            break;
          }
          zip = candidate;
          known = found;
        }
      }
      if (zip != null) {
        corrections.add(new Correction("zip", null, zip.zip(), "ZIP code found from the address in the reference data"));
        warnings.add("ZIP code added from the reference data");
      } else if (candidates.size() == 1) {
        zip = candidates.get(0);
        corrections.add(new Correction("zip", null, zip.zip(), "ZIP code found from the city and state"));
        warnings.add("ZIP code added from the city and state");
      } else {
        warnings.add("ZIP code missing; " + parsed.city() + " " + parsed.state() + " has "
            + candidates.size() + " ZIP codes");
      }
      if (zip != null) {
        parsed = parsed.withLastLine(zip.city().toUpperCase(Locale.ROOT), zip.state(), zip.zip(), parsed.zip4());
      }
    }

    // Deliverability and the unit, by the directory.
    KnownAddress match;
    KnownAddress building = known.isEmpty() ? null : known.get(0);
    UnitCheck check = checkUnit(parsed, known, options.deliverabilityOrDefault(), warnings, corrections);
    match = check.match;
    parsed = check.parsed;
    Deliverability deliverability = options.deliverabilityOrDefault() ? check.deliverability : null;

    String zip4 = parsed.zip4();
    if (match != null && match.zip4() != null && !match.zip4().equals(zip4)) {
      corrections.add(new Correction("zip4", zip4, match.zip4(), zip4 == null
          ? "ZIP+4 added from the reference data" : "ZIP+4 corrected from the reference data"));
      zip4 = match.zip4();
    }
    parsed = parsed.withLastLine(parsed.city(), parsed.state(), parsed.zip5(), zip4);

    Geocode geocode = null;
    if (options.geocodeOrDefault() && zip != null) {
      KnownAddress point = match != null ? match : building;
      geocode = point != null
          ? new Geocode(point.latitude(), point.longitude(), VerifiedAddress.PRECISION_ROOFTOP)
          : new Geocode(zip.latitude(), zip.longitude(), VerifiedAddress.PRECISION_ZIP5);
    }
    String county = building != null && building.county() != null ? building.county()
        : zip != null && !zip.county().isEmpty() ? zip.county() : null;

    List<Suggestion> suggestions = null;
    if (options.suggestionsOrDefault() && known.isEmpty() && zip != null
        && parsed.kind() == AddressKind.STREET) {
      suggestions = suggest(parsed, options.maxSuggestionsOrDefault());
    }

    VerifiedAddress result;
    if (options.standardizeOrDefault()) {
      result = new VerifiedAddress(parsed.deliveryLine(), parsed.lastLine(), components(parsed),
          county, geocode, deliverability, suggestions, corrections.isEmpty() ? null : corrections);
    } else {
      String deliveryLine = full ? normalize(record.fullAddress()) : normalize(record.street());
      String lastLine = full ? null : normalize(String.join(" ", nonNull(record.city()), nonNull(record.state()), nonNull(record.zip())));
      result = new VerifiedAddress(deliveryLine, lastLine == null || lastLine.isEmpty() ? null : lastLine,
          null, county, geocode, deliverability, suggestions, corrections.isEmpty() ? null : corrections);
    }
    return warnings.isEmpty()
        ? RecordResult.success(record.id(), result)
        : RecordResult.partial(record.id(), result, warnings);
  }

  /**
   * True when {@code city} is a place of the ZIP code's state with a ZIP code centroid within
   * {@link #NEARBY_PLACE_MILES} of this one: GeoNames names one place per ZIP code, while USPS
   * also accepts the enclosing city or a neighbourhood ("BOSTON" and "ALLSTON" for 02134).
   */
  private boolean isNearbyPlace(String city, ZipInfo zip) {
    List<ZipInfo> place = byPlace.getOrDefault(placeKey(zip.state(), AddressStandardizer.cityKey(city)), List.of());
    for (ZipInfo other : place) {
      if (GeoMath.miles(zip.latitude(), zip.longitude(), other.latitude(), other.longitude()) <= NEARBY_PLACE_MILES) {
        return true;
      }
    }
    return false;
  }

  private record UnitCheck(KnownAddress match, ParsedAddress parsed, Deliverability deliverability) {}

  /** Matches the input's unit against the known addresses at its primary line. */
  private static UnitCheck checkUnit(ParsedAddress parsed, List<KnownAddress> known, boolean warn,
      List<String> warnings, List<Correction> corrections) {
    if (known.isEmpty()) {
      return new UnitCheck(null, parsed,
          new Deliverability(Deliverability.NOT_IN_DATASET, false, null, null));
    }
    KnownAddress single = null;
    int units = 0;
    for (KnownAddress k : known) {
      if (k.unit() == null) {
        single = k;
      } else {
        units++;
      }
    }
    Integer unitCount = units == 0 ? null : units;
    String given = parsed.unit();
    if (given == null) {
      if (single != null) {
        return new UnitCheck(single, parsed,
            new Deliverability(Deliverability.DELIVERABLE, true, single.propertyId(), unitCount));
      }
      if (warn) {
        warnings.add("Unit missing: the reference data has " + units + " units at this address");
      }
      return new UnitCheck(null, parsed,
          new Deliverability(Deliverability.MISSING_UNIT, true, sharedProperty(known), unitCount));
    }
    for (KnownAddress k : known) {
      if (given.equals(k.unit())) {
        return new UnitCheck(k, parsed,
            new Deliverability(Deliverability.DELIVERABLE, true, k.propertyId(), unitCount));
      }
    }
    // Same unit number under another designator ("# 4" for "APT 4"): the data's designator wins.
    KnownAddress byNumber = null;
    for (KnownAddress k : known) {
      if (k.unit() != null && parsed.unitNumber() != null && k.unit().endsWith(" " + parsed.unitNumber())) {
        byNumber = byNumber == null ? k : byNumber;
        if (byNumber != k) {
          byNumber = null;
          break;
        }
      }
    }
    if (byNumber != null) {
      String designator = byNumber.unit().substring(0, byNumber.unit().length() - parsed.unitNumber().length() - 1);
      corrections.add(new Correction("unit", given, byNumber.unit(), "Unit designator corrected from the reference data"));
      if (warn) {
        warnings.add("Unit " + given + " corrected to " + byNumber.unit());
      }
      return new UnitCheck(byNumber, parsed.withUnit(designator, parsed.unitNumber()),
          new Deliverability(Deliverability.DELIVERABLE, true, byNumber.propertyId(), unitCount));
    }
    if (units == 0) {
      if (warn) {
        warnings.add("Unit " + given + " not known: the reference data has this address without units");
      }
      return new UnitCheck(single, parsed,
          new Deliverability(Deliverability.EXTRA_UNIT, true, single.propertyId(), null));
    }
    if (warn) {
      warnings.add("Unit " + given + " not found: the reference data has " + units + " other units at this address");
    }
    return new UnitCheck(null, parsed,
        new Deliverability(Deliverability.UNKNOWN_UNIT, true, sharedProperty(known), unitCount));
  }

  /** The property all known addresses belong to, or null when they belong to several. */
  private static String sharedProperty(List<KnownAddress> known) {
    String id = known.get(0).propertyId();
    for (KnownAddress k : known) {
      if (!Objects.equals(id, k.propertyId())) {
        return null;
      }
    }
    return id;
  }

  private List<Suggestion> suggest(ParsedAddress parsed, int max) {
    String street = streetOf(parsed);
    Collection<String> streets = directory.streets(parsed.zip5());
    if (street == null || streets.isEmpty()) {
      return List.of();
    }
    int limit = Math.max(2, street.length() / 3);
    List<Candidate> candidates = new ArrayList<>();
    for (String other : streets) {
      if (other.equals(street)) {
        continue;
      }
      int distance = EditDistance.bounded(street, other, limit);
      if (distance <= limit) {
        String line = parsed.number() == null ? other : parsed.number() + " " + other;
        boolean inData = !directory.find(parsed.zip5(), line).isEmpty();
        candidates.add(new Candidate(other, line, distance, inData));
      }
    }
    candidates.sort((a, b) -> a.distance != b.distance ? Integer.compare(a.distance, b.distance)
        : a.inData != b.inData ? (a.inData ? -1 : 1) : a.street.compareTo(b.street));
    List<Suggestion> out = new ArrayList<>(Math.min(max, candidates.size()));
    String unit = parsed.unit();
    for (Candidate c : candidates.subList(0, Math.min(max, candidates.size()))) {
      out.add(new Suggestion(unit == null ? c.line : c.line + " " + unit, parsed.lastLine(), c.distance, c.inData));
    }
    return out;
  }

  private record Candidate(String street, String line, int distance, boolean inData) {}

  /** The street of a street address without its number: "N MAIN ST". */
  private static String streetOf(ParsedAddress p) {
    if (p.streetName() == null) {
      return null;
    }
    return new ParsedAddress(null, p.predirectional(), p.streetName(), p.suffix(), p.postdirectional(),
        null, null, null, null, null, null, AddressKind.STREET, null).primaryLine();
  }

  private static ApiError streetError(ParsedAddress parsed) {
    for (AddressIssue issue : new AddressIssue[] {AddressIssue.MISSING_STREET,
        AddressIssue.MISSING_STREET_NAME, AddressIssue.MISSING_NUMBER, AddressIssue.MISSING_BOX_NUMBER}) {
      if (parsed.has(issue)) {
        return invalid("street", issue.message());
      }
    }
    return null;
  }

  private static Components components(ParsedAddress p) {
    return new Components(p.number(), p.predirectional(), p.streetName(), p.suffix(),
        p.postdirectional(), p.unitDesignator(), p.unitNumber(), p.city(), p.state(), p.zip5(),
        p.zip4(), p.kind().wireName());
  }

  private static ApiError invalid(String field, String issue) {
    return ApiError.field(ErrorCode.INVALID_ADDRESS, "Address format is invalid", field, issue);
  }

  /** {@code cityKey} of the ZIP code's city in upper case. */
  private String zipCityKey(ZipInfo zip) {
    String key = zipCityKeys.get(zip.city());
    return key != null ? key : upperCityKey(zip.city());
  }

  private static String upperCityKey(String city) {
    return AddressStandardizer.cityKey(city.toUpperCase(Locale.ROOT));
  }

  private static String placeKey(String state, String cityKey) {
    return state + "|" + cityKey;
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static String normalize(String s) {
    if (s == null) {
      return "";
    }
    // As SPACES.matcher(s.trim()).replaceAll(" "): each run of \s becomes one space.
    String t = s.trim();
    StringBuilder b = new StringBuilder(t.length());
    boolean inRun = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
        if (!inRun) {
          b.append(' ');
        }
        inRun = true;
      } else {
        b.append(c);
        inRun = false;
      }
    }
    return b.toString();
  }
}
