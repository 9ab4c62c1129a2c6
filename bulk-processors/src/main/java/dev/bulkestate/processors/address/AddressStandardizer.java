package dev.bulkestate.processors.address;

import dev.bulkestate.processors.geo.ZipInfo;
import dev.bulkestate.processors.geo.ZipTable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses free-form US addresses and standardizes them per USPS Publication 28: upper case,
 * punctuation stripped, standard suffix, directional and unit abbreviations, two-letter state
 * codes, ZIP and ZIP+4. Never throws on any input: what it cannot find is reported as an
 * {@link AddressIssue}. Thread-safe; the tables are loaded once.
 *
 * <p>Rules worth knowing:
 * <ul>
 *   <li>Only the last of several suffixes is the suffix; an earlier one is part of the name and is
 *       spelled out ("123 GLEN PK RD" has no such case, but "123 GLN PARK RD" becomes
 *       "123 GLEN PARK RD"; "AVENUE OF THE AMERICAS" has no suffix at all).</li>
 *   <li>A directional is a pre- or postdirectional only when a name remains without it
 *       ("123 NORTH ST" is a street named NORTH).</li>
 *   <li>Units: every Publication 28 designator and {@code #}; "2ND FLOOR" becomes "FL 2"; a bare
 *       number after the suffix ("123 MAIN ST 4B") becomes "# 4B". Route numbers after HIGHWAY,
 *       ROAD or ROUTE stay part of the name ("HIGHWAY 66").</li>
 *   <li>PO boxes ("P.O. Box", "POB", "Post Office Box", "Box") become "PO BOX n"; rural routes
 *       ("Rural Route", "RFD", "RT n BOX m") "RR n BOX m"; highway contract and star routes
 *       "HC n BOX m"; military addresses "PSC n BOX m" (also CMR, UNIT).</li>
 *   <li>A house number written as a word up to TEN becomes digits ("ONE MICROSOFT WAY").</li>
 *   <li>Without commas the city is found by matching the words before the state against the place
 *       names of the ZIP table (so "PARK CITY UT" is a city), else it starts after the street's
 *       suffix, directional and unit.</li>
 *   <li>A ZIP code of three or four digits (a spreadsheet dropped its leading zeros) gets them back,
 *       with the issue {@link AddressIssue#ZIP_LEADING_ZERO_RESTORED}, in the states whose ZIP codes
 *       start with 0 (New England, NJ, NY, PR, VI, AE); elsewhere it is an invalid ZIP.</li>
 * </ul>
 */
public final class AddressStandardizer {
  private static final Set<String> BOX_WORDS = Set.of("BOX", "BX");
  /** Suffixes after which a number is the route's number, not a unit: "HIGHWAY 66", "COUNTY ROAD 12". */
  private static final Set<String> ROUTE_SUFFIXES = Set.of("HIGHWAY", "ROAD", "ROUTE", "FREEWAY",
      "EXPRESSWAY", "PARKWAY", "TURNPIKE", "PIKE", "BYPASS", "SPUR", "LOOP");
  /** Abbreviations never spelled out as an earlier suffix: ST may be SAINT ("ST JAMES PL"). */
  private static final Set<String> NOT_SPELLED = Set.of("ST");
  private static final Map<String, String> WORD_NUMBERS = Map.ofEntries(
      Map.entry("ONE", "1"), Map.entry("TWO", "2"), Map.entry("THREE", "3"), Map.entry("FOUR", "4"),
      Map.entry("FIVE", "5"), Map.entry("SIX", "6"), Map.entry("SEVEN", "7"), Map.entry("EIGHT", "8"),
      Map.entry("NINE", "9"), Map.entry("TEN", "10"));
  /** Military delivery: "PSC 123 BOX 4567", "CMR 450 BOX 12", "UNIT 2050 BOX 4190". */
  private static final Set<String> MILITARY = Set.of("PSC", "CMR", "UNIT");
  /** States whose ZIP codes start with 0, the only ones where a short ZIP lost leading zeros. */
  private static final Set<String> ZERO_ZIP_STATES =
      Set.of("CT", "MA", "ME", "NH", "NJ", "NY", "PR", "RI", "VT", "VI", "AE");
  private static final List<String[]> COUNTRY = List.of(
      new String[] {"UNITED", "STATES", "OF", "AMERICA"}, new String[] {"UNITED", "STATES"},
      new String[] {"USA"}, new String[] {"US"});
  private static final Map<String, List<String[]>> PO_BOX = byFirstWord(
      new String[] {"POST", "OFFICE", "BOX"}, new String[] {"P", "O", "BOX"},
      new String[] {"P", "O", "B"}, new String[] {"PO", "BOX"}, new String[] {"PO", "BX"},
      new String[] {"POST", "BOX"}, new String[] {"POBOX"}, new String[] {"POB"},
      new String[] {"PO"}, new String[] {"BOX"});
  private static final Map<String, List<String[]>> RURAL = byFirstWord(
      new String[] {"RURAL", "ROUTE"}, new String[] {"RURAL", "RTE"}, new String[] {"RURAL", "RT"},
      new String[] {"R", "F", "D"}, new String[] {"R", "R"}, new String[] {"RFD"},
      new String[] {"RR"});
  /** Route words that mean a rural route only when "BOX n" follows: "RT 2 BOX 5", not "ROUTE 66". */
  private static final Set<String> ROUTE_WORDS = Set.of("RT", "RTE", "ROUTE");
  private static final Map<String, List<String[]>> HIGHWAY_CONTRACT = byFirstWord(
      new String[] {"HIGHWAY", "CONTRACT", "ROUTE"}, new String[] {"HIGHWAY", "CONTRACT"},
      new String[] {"HWY", "CONTRACT"}, new String[] {"STAR", "ROUTE"}, new String[] {"STAR", "RTE"},
      new String[] {"HCR"}, new String[] {"HC"});

  private static final class Holder {
    static final AddressStandardizer STANDARD =
        new AddressStandardizer(Pub28.tables(), placesOf(ZipTable.standard()));
  }

  private final Pub28 pub28;
  /** City key ({@link #cityKey}) to the states that have a place of that name. */
  private final Map<String, Set<String>> places;
  /** The first words of the city keys of more than one word ("SAN" of "SAN ANTONIO"). */
  private final Set<String> placeFirstWords;

  AddressStandardizer(Pub28 pub28, Map<String, Set<String>> places) {
    this.pub28 = pub28;
    this.places = places;
    Set<String> firstWords = new HashSet<>();
    for (String key : places.keySet()) {
      int space = key.indexOf(' ');
      if (space >= 0) {
        firstWords.add(key.substring(0, space));
      }
    }
    this.placeFirstWords = Set.copyOf(firstWords);
  }

  /** The standardizer with the Publication 28 tables and the place names of {@link ZipTable#standard()}. */
  public static AddressStandardizer standard() {
    return Holder.STANDARD;
  }

  /** A standardizer that knows the place names of the given ZIP table. */
  public static AddressStandardizer withPlacesOf(ZipTable zips) {
    return new AddressStandardizer(Pub28.tables(), placesOf(zips));
  }

  private static Map<String, Set<String>> placesOf(ZipTable zips) {
    Map<String, Set<String>> places = new HashMap<>();
    for (ZipInfo zip : zips.all()) {
      places.computeIfAbsent(cityKey(zip.city()), k -> new HashSet<>(4)).add(zip.state());
    }
    places.replaceAll((k, v) -> Set.copyOf(v));
    return Map.copyOf(places);
  }

  /**
   * A city name reduced for comparison: upper case, punctuation gone, and the common abbreviations
   * of place names spelled out (ST/SAINT, STE/SAINTE, FT/FORT, MT/MOUNT), so "St. Louis" and
   * "Saint Louis" compare equal.
   */
  public static String cityKey(String city) {
    if (city == null) {
      return "";
    }
    Tokens tokens = tokenize(city);
    return tokens.placeWords(0, tokens.size());
  }

  private static String placeWord(String word) {
    switch (word) {
      case "ST":
        return "SAINT";
      case "STE":
        return "SAINTE";
      case "FT":
        return "FORT";
      case "MT":
        return "MOUNT";
      default:
        return word;
    }
  }

  /** True when the table has a place of this name (compared by {@link #cityKey}) in this state (any state when null). */
  boolean isPlace(String cityKey, String state) {
    Set<String> states = places.get(cityKey);
    return states != null && (state == null || states.contains(state));
  }

  /**
   * Parses one line: "123 n. main street apt 4, austin, tx 78701-1234". Commas help but are not
   * needed. Never throws; null or blank input gives an address with only issues.
   */
  public ParsedAddress parse(String fullAddress) {
    List<AddressIssue> issues = new ArrayList<>(4);
    Tokens tk = tokenize(fullAddress == null ? "" : fullAddress);
    int end = trimHashes(tk, dropCountry(tk, trimHashes(tk, tk.size())));

    String zip5 = null;
    String zip4 = null;
    boolean zipPresent = false;
    if (end > 0) {
      String last = tk.get(end - 1);
      // After BOX or "#", five digits are a box or unit number: "PO BOX 12345", "# 10001".
      boolean afterBox = end >= 2 && (BOX_WORDS.contains(tk.get(end - 2)) || tk.get(end - 2).equals("#"));
      if (!afterBox && isZip(last)) {
        zip5 = zip5Of(last);
        zip4 = zip4Of(last);
        end--;
        zipPresent = true;
      } else if (!afterBox && last.length() == 4 && isDigits(last) && end >= 2
          && tk.get(end - 2).length() == 5 && isDigits(tk.get(end - 2))
          && !(end >= 3 && BOX_WORDS.contains(tk.get(end - 3)))) {
        zip5 = tk.get(end - 2);
        zip4 = last;
        end -= 2;
        zipPresent = true;
      } else if ((last.length() == 4 || last.length() == 3) && isDigits(last)
          && stateEndingAt(tk, end - 1, true) > 0
          && ZERO_ZIP_STATES.contains(pub28.stateCode(tk.join(end - 1 - stateEndingAt(tk, end - 1, true), end - 1)))) {
        zip5 = "0".repeat(5 - last.length()) + last;
        end--;
        zipPresent = true;
        issues.add(AddressIssue.ZIP_LEADING_ZERO_RESTORED);
      }
    }

    // The state, read backwards from the ZIP (or the end).
    String state = null;
    int stateWords = stateEndingAt(tk, end, zipPresent);
    int cityEnd = end;
    if (stateWords > 0) {
      state = pub28.stateCode(tk.join(end - stateWords, end));
      cityEnd = end - stateWords;
    }

    int cityStart = findCity(tk, cityEnd, state, zipPresent || state != null);
    // A city starts with a word: leading numbers and marks belong to the street.
    while (cityStart < cityEnd && !startsWithLetter(tk.get(cityStart))) {
      cityStart++;
    }
    String city = cityStart < cityEnd ? tk.join(cityStart, cityEnd) : null;

    int streetStart = skipRecipient(tk, cityStart);
    List<String> street = tk.list(streetStart, cityStart);
    ParsedAddress parsed = parseStreet(street, issues);
    if (city == null) {
      issues.add(AddressIssue.MISSING_CITY);
    }
    if (state == null) {
      issues.add(AddressIssue.MISSING_STATE);
    }
    if (zip5 == null) {
      issues.add(AddressIssue.MISSING_ZIP);
    }
    return withLast(parsed, city, state, zip5, zip4, issues);
  }

  /**
   * Parses components as a form gives them. When only {@code street} is given it is parsed as a
   * whole address (people paste whole addresses into the street field).
   */
  public ParsedAddress parse(String street, String city, String state, String zip) {
    if (blank(city) && blank(state) && blank(zip)) {
      return parse(street);
    }
    List<AddressIssue> issues = new ArrayList<>(4);
    Tokens streetTokens = tokenize(street == null ? "" : street);
    ParsedAddress parsed = parseStreet(streetTokens.list(0, streetTokens.size()), issues);

    Tokens cityTokens = tokenize(city == null ? "" : city);
    String cityOut = cityTokens.size() == 0 ? null : cityTokens.join(0, cityTokens.size());
    if (cityOut == null) {
      issues.add(AddressIssue.MISSING_CITY);
    }

    Tokens stateTokens = tokenize(state == null ? "" : state);
    String stateOut = null;
    if (stateTokens.size() == 0) {
      issues.add(AddressIssue.MISSING_STATE);
    } else {
      stateOut = pub28.stateCode(stateTokens.join(0, stateTokens.size()));
      if (stateOut == null) {
        issues.add(AddressIssue.UNKNOWN_STATE);
      }
    }

    String zip5 = null;
    String zip4 = null;
    String zipText = zip == null ? "" : withoutSpaces(zip);
    if (zipText.isEmpty()) {
      issues.add(AddressIssue.MISSING_ZIP);
    } else {
      String zipCode = zipText.endsWith("-") ? zipText.substring(0, zipText.length() - 1) : zipText;
      if (isZip(zipCode)) {
        zip5 = zip5Of(zipCode);
        zip4 = zip4Of(zipCode);
      } else if ((zipText.length() == 3 || zipText.length() == 4) && isDigits(zipText)
          && stateOut != null && ZERO_ZIP_STATES.contains(stateOut)) {
        zip5 = "0".repeat(5 - zipText.length()) + zipText;
        issues.add(AddressIssue.ZIP_LEADING_ZERO_RESTORED);
      } else {
        issues.add(AddressIssue.INVALID_ZIP);
      }
    }
    return withLast(parsed, cityOut, stateOut, zip5, zip4, issues);
  }

  private static ParsedAddress withLast(ParsedAddress street, String city, String state, String zip5,
      String zip4, List<AddressIssue> issues) {
    return new ParsedAddress(street.number(), street.predirectional(), street.streetName(),
        street.suffix(), street.postdirectional(), street.unitDesignator(), street.unitNumber(),
        city, state, zip5, zip4, street.kind(), issues);
  }

  // ---------------------------------------------------------------- last line

  /** Drops trailing "#" marks: a "#" with nothing after it marks nothing. */
  private static int trimHashes(Tokens tk, int end) {
    while (end > 0 && tk.get(end - 1).equals("#")) {
      end--;
    }
    return end;
  }

  private static int dropCountry(Tokens tk, int end) {
    for (String[] country : COUNTRY) {
      int n = country.length;
      // Only after a comma or a ZIP code: "123 MAIN ST, USA", "... TX 78701 USA".
      if (end - n >= 1 && tk.matches(end - n, country)
          && (tk.segment(end - n) != tk.segment(end - n - 1) || isZip(tk.get(end - n - 1)))) {
        return end - n;
      }
    }
    return end;
  }

  /**
   * How many words ending at {@code end} name a state (0 when none). A state abbreviation that is
   * also a street word (CT court, NE northeast) counts only after a comma, before a ZIP code, or
   * after a known place of that state.
   */
  private int stateEndingAt(Tokens tk, int end, boolean zipFollows) {
    for (int words = Math.min(pub28.maxStateWords(), end); words >= 1; words--) {
      int start = end - words;
      if (tk.segment(start) != tk.segment(end - 1)
          || words > 1 && !pub28.startsStateName(tk.get(start))) {
        continue;
      }
      String code = pub28.stateCode(tk.join(start, end));
      if (code == null) {
        continue;
      }
      if (start == 0) {
        // Only a state: "TX", "TX 78701".
        return words;
      }
      boolean afterComma = tk.segment(start) > 0;
      if (!afterComma && zipFollows && tk.segment(end) > 1) {
        // With commas, the street's segment holds no state unless the ZIP code follows right
        // after the comma ("AUSTIN TX, 78701").
        continue;
      }
      boolean streetWord = words == 1 && isStreetWord(tk.get(start));
      // A word that is both a state and a street word ("CT", court or Connecticut) is the state
      // only where the street is already whole before it: "123 MAIN CT 78701" is a court.
      if (afterComma || !streetWord || placeEndsAt(tk, start, code) >= 0
          || zipFollows && streetEndsAt(tk, start)) {
        return words;
      }
    }
    return 0;
  }

  private boolean isStreetWord(String token) {
    return pub28.suffixOrNull(token) != null || pub28.directional(token) != null
        || pub28.unitOrNull(token) != null;
  }

  /** Where a known place of {@code state} that ends at {@code end} starts (longest first), or -1. */
  private int placeEndsAt(Tokens tk, int end, String state) {
    int segment = end > 0 ? tk.segment(end - 1) : 0;
    for (int words = Math.min(5, end - 2); words >= 1; words--) {
      int start = end - words;
      if (tk.segment(start) != segment) {
        continue;
      }
      // Of ASCII text the key's first word is the first token's place word: when no place name
      // of several words starts with it, there is no key to build.
      if (words > 1 && tk.ascii && !placeFirstWords.contains(placeWord(tk.get(start)))) {
        continue;
      }
      if (isPlace(tk.cityKey(start, end), state)) {
        return start;
      }
    }
    return -1;
  }

  /**
   * The first token of the city, which ends at {@code cityEnd}; {@code cityEnd} when there is none.
   * {@code lastLineGiven}: a state or ZIP follows, so something before it is meant as the city.
   */
  private int findCity(Tokens tk, int cityEnd, String state, boolean lastLineGiven) {
    if (cityEnd == 0) {
      return 0;
    }
    int segment = tk.segment(cityEnd - 1);
    int from = 0;
    if (segment > 0) {
      int start = cityEnd - 1;
      while (start > 0 && tk.segment(start - 1) == segment) {
        start--;
      }
      String first = tk.get(start);
      boolean unitLike = first.equals("#") || pub28.unitOrNull(first) != null
          && start + 1 < cityEnd && isNumber(tk.get(start + 1));
      boolean streetLike = isNumber(first) || unitLike;
      if (!streetLike) {
        return start;
      }
      from = start;
    }
    if (segment == 0 && state != null && !anyDigit(tk, 0, cityEnd)
        && isPlace(tk.cityKey(0, cityEnd), state)) {
      // Only a last line: "Austin, TX 78701".
      return 0;
    }
    // No comma before the city: find a known place, else the words after the street.
    int place = placeEndsAt(tk, cityEnd, state);
    if (place >= from + 2 && (state != null || streetEndsAt(tk, place))) {
      return place;
    }
    if (!lastLineGiven) {
      return cityEnd;
    }
    return afterStreet(tk, from, cityEnd);
  }

  /** True when the tokens before {@code end} end like a street: a suffix, directional or unit. */
  private boolean streetEndsAt(Tokens tk, int end) {
    if (end < 2) {
      return false;
    }
    String last = tk.get(end - 1);
    if (pub28.suffixOrNull(last) != null || pub28.directional(last) != null
        || pub28.unitOrNull(last) != null) {
      return true;
    }
    String before = tk.get(end - 2);
    return before.equals("#") || pub28.unitOrNull(before) != null || BOX_WORDS.contains(before)
        || end == 2 && prefix(List.of(before), PO_BOX) == 1;
  }

  /**
   * Where the city starts when no place name was recognized: after the first suffix that is not
   * followed by another suffix, then a directional, then a unit.
   */
  private int afterStreet(Tokens tk, int from, int end) {
    int i = from;
    if (i < end && isNumber(tk.get(i))) {
      i++;
    }
    int suffixAt = -1;
    for (int j = i + 1; j < end; j++) {
      if (pub28.suffixOrNull(tk.get(j)) != null
          && (j + 1 >= end || pub28.suffixOrNull(tk.get(j + 1)) == null)) {
        suffixAt = j;
        break;
      }
    }
    if (suffixAt < 0) {
      return end;
    }
    int k = suffixAt + 1;
    if (k < end && ROUTE_SUFFIXES.contains(pub28.suffixOrNull(tk.get(suffixAt)).primary())
        && isRouteNumber(tk.get(k))) {
      k++;
    }
    if (k < end && pub28.directional(tk.get(k)) != null && k + 1 < end) {
      k++;
    }
    if (k < end) {
      String t = tk.get(k);
      Pub28.UnitType unit = pub28.unitOrNull(t);
      if (t.equals("#") || unit != null) {
        k++;
        if (k < end && tk.get(k).equals("#")) {
          k++;
        }
        if (k < end && (unit == null || unit.needsNumber()) && isUnitNumber(tk.get(k))) {
          k++;
        }
      }
    }
    return k;
  }

  /** Drops a recipient line ("Jane Doe, 123 Main St") before the segment the street starts in. */
  private static int skipRecipient(Tokens tk, int streetEnd) {
    if (streetEnd == 0 || tk.segment(streetEnd - 1) == 0) {
      return 0;
    }
    for (int i = 0; i < streetEnd; i++) {
      if (tk.segment(i) > 0 && (i == 0 || tk.segment(i) != tk.segment(i - 1))) {
        boolean earlierHasDigit = false;
        for (int j = 0; j < i; j++) {
          earlierHasDigit |= hasDigit(tk.get(j));
        }
        if (!earlierHasDigit && isNumber(tk.get(i))) {
          return i;
        }
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- primary line

  private ParsedAddress parseStreet(List<String> s, List<AddressIssue> issues) {
    if (s.isEmpty()) {
      issues.add(AddressIssue.MISSING_STREET);
      return new ParsedAddress(null, null, null, null, null, null, null, null, null, null, null,
          AddressKind.STREET, null);
    }
    ParsedAddress box = parseBox(s, issues);
    if (box != null) {
      return box;
    }
    int n = s.size();
    int idx = 0;
    String number = null;
    String wordNumber = n >= 3 ? WORD_NUMBERS.get(s.get(0)) : null;
    if (wordNumber != null) {
      // "ONE MICROSOFT WAY" -> "1 MICROSOFT WAY"
      number = wordNumber;
      idx = 1;
    } else if (isNumber(s.get(0))) {
      number = s.get(0);
      idx = 1;
      if (idx < n && isFraction(s.get(idx))) {
        number = number + " " + s.get(idx);
        idx++;
      }
    }

    // The unit: the first designator after at least one name word.
    String unitDesignator = null;
    String unitNumber = null;
    int streetEnd = n;
    for (int j = idx + 1; j < n && unitDesignator == null; j++) {
      String t = s.get(j);
      Pub28.UnitType unit = pub28.unitOrNull(t);
      if (t.equals("#")) {
        unitDesignator = "#";
        unitNumber = rest(s, j + 1);
        streetEnd = j;
        if (unitNumber == null) {
          issues.add(AddressIssue.MISSING_UNIT_NUMBER);
        }
      } else if (unit != null) {
        int k = j + 1;
        if (k < n && s.get(k).equals("#")) {
          k++;
        }
        boolean numbered = k < n && isUnitNumber(s.get(k));
        boolean last = k >= n;
        boolean afterStreetWord = isStreetEnd(s.get(j - 1)) || j - idx >= 2;
        if (numbered && (unit.needsNumber() || afterStreetWord)) {
          unitDesignator = unit.standard();
          unitNumber = rest(s, k);
          streetEnd = j;
        } else if (last && afterStreetWord) {
          unitDesignator = unit.standard();
          streetEnd = j;
          if (unit.needsNumber()) {
            issues.add(AddressIssue.MISSING_UNIT_NUMBER);
          }
        }
      } else if (j + 1 < n && j - idx >= 2 && ordinalDigits(t) > 0
          && "FL".equals(unitStandard(s.get(j + 1)))) {
        unitDesignator = "FL";
        unitNumber = t.substring(0, ordinalDigits(t));
        String after = rest(s, j + 2);
        if (after != null) {
          unitNumber = unitNumber + " " + after;
        }
        streetEnd = j;
      }
    }

    List<String> name = new ArrayList<>(s.subList(idx, streetEnd));
    // A bare number after the suffix is a unit: "123 MAIN ST 4B" -> "# 4B".
    if (unitDesignator == null && name.size() >= 3) {
      String last = name.get(name.size() - 1);
      String before = name.get(name.size() - 2);
      Pub28.Suffix suffix = pub28.suffixOrNull(before);
      boolean afterSuffix = suffix != null && !ROUTE_SUFFIXES.contains(suffix.primary());
      boolean afterDirectional = pub28.directional(before) != null
          && pub28.suffixOrNull(name.get(name.size() - 3)) != null;
      if (hasDigit(last) && isUnitNumber(last) && (afterSuffix || afterDirectional)) {
        unitDesignator = "#";
        unitNumber = last;
        name.remove(name.size() - 1);
      }
    }

    String postdirectional = null;
    if (name.size() >= 2 && pub28.directional(name.get(name.size() - 1)) != null) {
      postdirectional = pub28.directional(name.remove(name.size() - 1));
    }
    String predirectional = null;
    if (name.size() >= 2 && pub28.directional(name.get(0)) != null
        && (name.size() >= 3 || pub28.suffixOrNull(name.get(1)) == null)) {
      predirectional = pub28.directional(name.remove(0));
    }
    String suffix = null;
    if (name.size() >= 2 && pub28.suffixOrNull(name.get(name.size() - 1)) != null) {
      suffix = pub28.suffixOrNull(name.remove(name.size() - 1)).standard();
      // Two suffixes: only the last is abbreviated; suffix words before it are part of the name
      // and spelled out ("GLN PARK RD" -> "GLEN PARK RD"), but only where a suffix word follows,
      // so "DR CARLTON B GOODLETT PL" keeps its DR.
      for (int i = name.size() - 1; i >= 0; i--) {
        boolean suffixFollows = i == name.size() - 1 || pub28.suffixOrNull(name.get(i + 1)) != null;
        if (suffixFollows) {
          spellOut(name, i);
        }
      }
    } else if (name.size() == 2 && (isUnitNumber(name.get(1)) || hasDigit(name.get(1)))) {
      // "AVE B", "HWY 66": a suffix word naming a lettered or numbered street.
      spellOut(name, 0);
    }
    if (suffix == null && name.size() >= 2 && hasDigit(name.get(name.size() - 1))) {
      // "COUNTY RD 12", "US HWY 1": the route word before the number is spelled out.
      Pub28.Suffix route = pub28.suffixOrNull(name.get(name.size() - 2));
      if (route != null && ROUTE_SUFFIXES.contains(route.primary())) {
        spellOut(name, name.size() - 2);
      }
    }
    String streetName = name.isEmpty() ? null : joined(name, 0, name.size());
    if (streetName == null) {
      issues.add(AddressIssue.MISSING_STREET_NAME);
    }
    if (number == null) {
      issues.add(AddressIssue.MISSING_NUMBER);
    }
    return new ParsedAddress(number, predirectional, streetName, suffix, postdirectional,
        unitDesignator, unitNumber, null, null, null, null, AddressKind.STREET, null);
  }

  private void spellOut(List<String> name, int at) {
    if (at < 0 || at >= name.size()) {
      return;
    }
    String word = name.get(at);
    Pub28.Suffix suffix = pub28.suffixOrNull(word);
    if (suffix != null && !NOT_SPELLED.contains(word)) {
      name.set(at, suffix.primary());
    }
  }

  private boolean isStreetEnd(String token) {
    return pub28.suffixOrNull(token) != null || pub28.directional(token) != null;
  }

  private String unitStandard(String token) {
    Pub28.UnitType unit = pub28.unitOrNull(token);
    return unit == null ? null : unit.standard();
  }

  /** PO boxes, rural routes and highway contract routes; null when the street is none of them. */
  private ParsedAddress parseBox(List<String> s, List<AddressIssue> issues) {
    int n = s.size();
    int at = prefix(s, PO_BOX);
    if (at > 0) {
      int k = at;
      if (k < n && s.get(k).equals("#")) {
        k++;
      }
      boolean bareWord = at == 1 && (s.get(0).equals("BOX") || s.get(0).equals("PO"));
      if (bareWord && !(k < n && isUnitNumber(s.get(k)) && hasDigit(s.get(k)))) {
        return null;
      }
      String boxNumber = rest(s, k);
      if (boxNumber == null) {
        issues.add(AddressIssue.MISSING_BOX_NUMBER);
      }
      return new ParsedAddress(boxNumber, null, "PO BOX", null, null, null, null, null, null, null,
          null, AddressKind.PO_BOX, null);
    }
    AddressKind kind = null;
    at = prefix(s, RURAL);
    if (at > 0) {
      kind = AddressKind.RURAL_ROUTE;
    } else if (ROUTE_WORDS.contains(s.get(0)) && n >= 4 && isRouteNumber(s.get(1))
        && BOX_WORDS.contains(s.get(2))) {
      kind = AddressKind.RURAL_ROUTE;
      at = 1;
    } else {
      at = prefix(s, HIGHWAY_CONTRACT);
      if (at > 0) {
        kind = AddressKind.HIGHWAY_CONTRACT;
      }
    }
    if (kind == null && MILITARY.contains(s.get(0)) && n >= 3 && isRouteNumber(s.get(1))
        && BOX_WORDS.contains(s.get(2))) {
      kind = AddressKind.MILITARY;
      at = 1;
    }
    if (kind == null || at >= n || !isRouteNumber(s.get(at))) {
      return null;
    }
    String routeWord = kind == AddressKind.RURAL_ROUTE ? "RR"
        : kind == AddressKind.HIGHWAY_CONTRACT ? "HC" : s.get(0);
    String route = routeWord + " " + s.get(at);
    int k = at + 1;
    if (k < n && (BOX_WORDS.contains(s.get(k)) || s.get(k).equals("#"))) {
      k++;
      if (k < n && s.get(k).equals("#")) {
        k++;
      }
    }
    String boxNumber = rest(s, k);
    if (boxNumber == null) {
      issues.add(AddressIssue.MISSING_BOX_NUMBER);
    }
    return new ParsedAddress(boxNumber, null, route, null, null, null, null, null, null, null, null,
        kind, null);
  }

  /**
   * Word sequences grouped by their first word, each group in the given order, so that
   * {@link #prefix} tries only those that start with the street's first word.
   */
  private static Map<String, List<String[]>> byFirstWord(String[]... prefixes) {
    Map<String, List<String[]>> out = new HashMap<>();
    for (String[] p : prefixes) {
      out.computeIfAbsent(p[0], k -> new ArrayList<>(2)).add(p);
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Map.copyOf(out);
  }

  /** The length of the first of {@code prefixes} (in their order) that {@code s} starts with, or 0. */
  private static int prefix(List<String> s, Map<String, List<String[]>> prefixes) {
    List<String[]> candidates = s.isEmpty() ? null : prefixes.get(s.get(0));
    if (candidates == null) {
      return 0;
    }
    for (String[] p : candidates) {
      if (s.size() >= p.length) {
        boolean match = true;
        for (int i = 0; i < p.length && match; i++) {
          match = s.get(i).equals(p[i]);
        }
        if (match) {
          return p.length;
        }
      }
    }
    return 0;
  }

  /** The tokens from {@code from} on, joined, without "#" marks; null when none. */
  private static String rest(List<String> s, int from) {
    StringBuilder b = new StringBuilder(8);
    for (int i = from; i < s.size(); i++) {
      String t = s.get(i);
      if (t.equals("#")) {
        continue;
      }
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(t);
    }
    return b.length() == 0 ? null : b.toString();
  }

  /** A unit number: a short token with a digit ("4", "4B", "12-A"), or a single letter. */
  private static boolean isUnitNumber(String token) {
    return token.length() <= 8 && (hasDigit(token) || token.length() == 1) && !token.equals("#");
  }

  private static boolean startsWithLetter(String token) {
    return Character.isLetter(token.charAt(0));
  }

  private static boolean anyDigit(Tokens tk, int from, int to) {
    for (int i = from; i < to; i++) {
      if (hasDigit(tk.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDigit(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  // ---------------------------------------------------------------- token shapes
  // Character scans instead of regular expressions: they run for most tokens of every address.

  /** {@code \d+[A-Z]?(?:-\d+[A-Z]?)?|\d+-[A-Z]}: a house number ("123", "12B", "42-17", "12-A"). */
  private static boolean isNumber(String t) {
    int n = t.length();
    int i = digitsFrom(t, 0);
    if (i == 0) {
      return false;
    }
    if (i == n) {
      return true;
    }
    boolean letter = isUpperAscii(t.charAt(i));
    if (letter && ++i == n) {
      return true;
    }
    if (t.charAt(i) != '-') {
      return false;
    }
    i++;
    int j = digitsFrom(t, i);
    if (j > i) {
      return j == n || j + 1 == n && isUpperAscii(t.charAt(j));
    }
    return !letter && i + 1 == n && isUpperAscii(t.charAt(i));
  }

  /** {@code \d+/\d+}: "1/2". */
  private static boolean isFraction(String t) {
    int i = digitsFrom(t, 0);
    return i > 0 && i < t.length() && t.charAt(i) == '/' && i + 1 < t.length()
        && digitsFrom(t, i + 1) == t.length();
  }

  /** {@code \d+[A-Z]?}: a route or box number ("2", "66A"). */
  private static boolean isRouteNumber(String t) {
    int n = t.length();
    int i = digitsFrom(t, 0);
    return i > 0 && (i == n || i + 1 == n && isUpperAscii(t.charAt(i)));
  }

  /** {@code \d+}. */
  private static boolean isDigits(String t) {
    return !t.isEmpty() && digitsFrom(t, 0) == t.length();
  }

  /** The number of digits of an ordinal ({@code (\d+)(?:ST|ND|RD|TH)}: "2ND" gives 1); 0 when none. */
  private static int ordinalDigits(String t) {
    int n = t.length();
    int d = digitsFrom(t, 0);
    if (d == 0 || n != d + 2) {
      return 0;
    }
    char a = t.charAt(d);
    char b = t.charAt(d + 1);
    boolean ordinal = a == 'S' && b == 'T' || a == 'N' && b == 'D' || a == 'R' && b == 'D'
        || a == 'T' && b == 'H';
    return ordinal ? d : 0;
  }

  /** {@code (\d{5})-?(\d{4})?}: "78701", "78701-", "787011234", "78701-1234". */
  private static boolean isZip(String t) {
    int n = t.length();
    if (n < 5 || digitsFrom(t, 0) < 5) {
      return false;
    }
    switch (n) {
      case 5:
        return true;
      case 6:
        return t.charAt(5) == '-';
      case 9:
        return digitsFrom(t, 5) == 9;
      case 10:
        return t.charAt(5) == '-' && digitsFrom(t, 6) == 10;
      default:
        return false;
    }
  }

  /** The five-digit ZIP code of a token {@link #isZip} accepts. */
  private static String zip5Of(String zip) {
    return zip.length() == 5 ? zip : zip.substring(0, 5);
  }

  /** The ZIP+4 of a token {@link #isZip} accepts; null when it has none. */
  private static String zip4Of(String zip) {
    return zip.length() >= 9 ? zip.substring(zip.length() - 4) : null;
  }

  /** The index of the first non-digit at or after {@code from} (the length when none). */
  private static int digitsFrom(String t, int from) {
    int i = from;
    while (i < t.length() && isAsciiDigit(t.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isUpperAscii(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** The text without the characters of the regex class {@code \s} ({@code [ \t\n\x0B\f\r]}). */
  private static String withoutSpaces(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
      if (space && b == null) {
        b = new StringBuilder(text.length()).append(text, 0, i);
      } else if (!space && b != null) {
        b.append(c);
      }
    }
    return b == null ? text : b.toString();
  }

  /** {@code words[from..to)} joined by single spaces. */
  private static String joined(List<String> words, int from, int to) {
    if (to - from == 1) {
      return words.get(from);
    }
    int length = Math.max(0, to - from - 1);
    for (int i = from; i < to; i++) {
      length += words.get(i).length();
    }
    StringBuilder b = new StringBuilder(length);
    for (int i = from; i < to; i++) {
      if (i > from) {
        b.append(' ');
      }
      b.append(words.get(i));
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- tokens

  /**
   * Splits text into upper-case tokens, remembering which comma-separated segment each is in.
   * Accents are removed; periods and apostrophes vanish ("P.O." is PO, "O'Neil" ONEIL) unless a
   * period joins two words ("St.Louis"); "#" is a token of its own; hyphens and slashes stay only
   * next to digits (ZIP+4, "42-17", "1/2").
   */
  static Tokens tokenize(String text) {
    String s = text;
    boolean ascii = true;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 127) {
        s = Normalizer.normalize(s, Normalizer.Form.NFD);
        ascii = false;
        break;
      }
    }
    int n = s.length();
    Tokens out = new Tokens(ascii);
    // The current token; it never grows longer than the text.
    char[] cur = new char[n];
    int len = 0;
    int segment = 0;
    boolean segmentUsed = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      // Letters and digits first, ASCII without the Character tables: most characters are these.
      if (c < 128) {
        if (c >= 'a' && c <= 'z') {
          cur[len++] = (char) (c - ('a' - 'A'));
          continue;
        }
        if (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
          cur[len++] = c;
          continue;
        }
      } else if (Character.isLetterOrDigit(c)) {
        // Letters outside ASCII with no ASCII base (after NFD) are kept as they are, upper-cased.
        cur[len++] = Character.toUpperCase(c);
        continue;
      } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      char next = i + 1 < n ? s.charAt(i + 1) : ' ';
      char prev = len > 0 ? cur[len - 1] : ' ';
      if (c == '.') {
        if (len >= 2 && Character.isLetter(next) && Character.isLetter(prev)) {
          segmentUsed |= out.flush(cur, len, segment);
          len = 0;
        }
      } else if (c == '\'' || c == '\u2019' || c == '`') {
        continue;
      } else if ((c == '-' || c == '/') && len > 0 && isAsciiDigit(prev) && isAsciiDigit(next)) {
        cur[len++] = c;
      } else if (c == '-' && len > 0 && (isAsciiDigit(prev) || isAsciiDigit(next))
          && Character.isLetterOrDigit(next) && next < 128) {
        cur[len++] = c;
      } else if (c == '#') {
        segmentUsed |= out.flush(cur, len, segment);
        len = 0;
        out.add("#", segment);
        segmentUsed = true;
      } else if (c == ',' || c == ';' || c == '\n' || c == '\r' || c == '|') {
        segmentUsed |= out.flush(cur, len, segment);
        len = 0;
        // Empty segments count only at the start: ", AUSTIN TX" has no street.
        if (segmentUsed || out.size() == 0) {
          segment++;
          segmentUsed = false;
        }
      } else {
        segmentUsed |= out.flush(cur, len, segment);
        len = 0;
      }
    }
    out.flush(cur, len, segment);
    return out;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Tokens with their segment numbers. */
  static final class Tokens {
    private final ArrayList<String> tokens = new ArrayList<>(16);
    private int[] segments = new int[16];
    /** True when the text was ASCII: its tokens then tokenize to themselves. */
    private final boolean ascii;

    Tokens(boolean ascii) {
      this.ascii = ascii;
    }

    void add(String token, int segment) {
      if (tokens.size() == segments.length) {
        segments = Arrays.copyOf(segments, segments.length * 2);
      }
      segments[tokens.size()] = segment;
      tokens.add(token);
    }

    /** Adds the token {@code cur[0..len)}; true when it was not empty. */
    boolean flush(char[] cur, int len, int segment) {
      // A hyphen left at the end ("78701-") is dropped.
      while (len > 0 && cur[len - 1] == '-') {
        len--;
      }
      if (len > 0) {
        add(new String(cur, 0, len), segment);
      }
      return len > 0;
    }

    int size() {
      return tokens.size();
    }

    String get(int i) {
      return tokens.get(i);
    }

    int segment(int i) {
      return segments[i];
    }

    boolean matches(int start, String[] words) {
      for (int i = 0; i < words.length; i++) {
        if (!tokens.get(start + i).equals(words[i])) {
          return false;
        }
      }
      return true;
    }

    String join(int from, int to) {
      return joined(tokens, from, to);
    }

    /**
     * {@code cityKey(join(from, to))}. Tokens of ASCII text tokenize to themselves, so their key
     * is built from them directly instead of joining and tokenizing them again.
     */
    String cityKey(int from, int to) {
      if (!ascii) {
        return AddressStandardizer.cityKey(join(from, to));
      }
      return placeWords(from, to);
    }

    /** The tokens {@code [from, to)} with place abbreviations spelled out, joined by spaces. */
    String placeWords(int from, int to) {
      if (to - from == 1) {
        return placeWord(tokens.get(from));
      }
      StringBuilder b = new StringBuilder(8 * Math.max(0, to - from));
      for (int i = from; i < to; i++) {
        if (i > from) {
          b.append(' ');
        }
        b.append(placeWord(tokens.get(i)));
      }
      return b.toString();
    }

    List<String> list(int from, int to) {
      return tokens.subList(from, to);
    }
  }
}
