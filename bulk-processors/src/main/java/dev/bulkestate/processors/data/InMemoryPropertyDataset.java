package dev.bulkestate.processors.data;

import dev.bulkestate.processors.address.AddressStandardizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A {@link PropertyDataset} held in memory: hash indexes by id, address key, APN and ZIP, sorted
 * ZIP lists per state, city and county, a grid of 0.05 degree cells for nearby look-ups, and the
 * people indexes skip trace needs. Built once; immutable and thread-safe afterwards.
 */
public final class InMemoryPropertyDataset implements PropertyDataset {
  /** Grid cell size in degrees (about 3.5 miles of latitude). */
  private static final double CELL_DEGREES = 0.05;
  private static final double MILES_PER_DEGREE_LAT = 69.05;

  private final LocalDate asOf;
  private final List<Property> properties;
  private final Map<String, Integer> indexById;
  private final Map<String, List<Property>> byAddress;
  private final Map<String, Property> byApn;
  private final Map<String, List<Property>> byZip;
  private final Map<String, List<String>> zipsByState;
  private final Map<String, List<String>> zipsByCity;
  private final Map<String, List<String>> zipsByCounty;
  private final Map<String, List<String>> streetsByZip;
  private final Map<Long, int[]> grid;
  private final List<Person> people;
  private final Map<String, Person> personById;
  private final Map<String, List<Person>> byPhone;
  private final Map<String, List<Person>> byNameZip;
  private final Map<String, List<Person>> residents;

  /**
   * Indexes the given data.
   *
   * @throws IllegalArgumentException on a duplicate property id, person id or APN, or a person
   *     linked to an unknown property
   */
  public InMemoryPropertyDataset(
      Collection<Property> properties, Collection<Person> people, LocalDate asOf) {
    this.asOf = Objects.requireNonNull(asOf, "asOf");
    List<Property> sorted = new ArrayList<>(properties);
    sorted.sort(Comparator.comparing(Property::propertyId));
    this.properties = List.copyOf(sorted);
    int n = sorted.size();
    Map<String, Integer> ids = new HashMap<>(n * 2);
    Map<String, List<Property>> address = new HashMap<>(n * 2);
    Map<String, Property> apns = new HashMap<>(n * 2);
    Map<String, List<Property>> zips = new HashMap<>();
    Map<String, Set<String>> states = new HashMap<>();
    Map<String, Set<String>> cities = new HashMap<>();
    Map<String, Set<String>> counties = new HashMap<>();
    Map<String, Set<String>> streets = new HashMap<>();
    Map<Long, List<Integer>> cells = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Property p = sorted.get(i);
      if (ids.put(p.propertyId(), i) != null) {
        throw new IllegalArgumentException("duplicate property_id " + p.propertyId());
      }
      address.computeIfAbsent(Keys.address(p.primaryLine(), p.zip5()), k -> new ArrayList<>(1)).add(p);
      if (p.apn() != null && !p.apn().isBlank()) {
        Property clash = apns.put(Keys.apn(p.apn(), p.county(), p.state()), p);
        if (clash != null) {
          throw new IllegalArgumentException("duplicate apn " + p.apn() + " in " + p.county() + ", "
              + p.state() + " (" + clash.propertyId() + " and " + p.propertyId() + ")");
        }
      }
      zips.computeIfAbsent(p.zip5(), k -> new ArrayList<>()).add(p);
      String state = Keys.upper(p.state());
      states.computeIfAbsent(state, k -> new TreeSet<>()).add(p.zip5());
      cities.computeIfAbsent(AddressStandardizer.cityKey(p.city()) + "|" + state, k -> new TreeSet<>()).add(p.zip5());
      counties.computeIfAbsent(Keys.county(p.county()) + "|" + state, k -> new TreeSet<>()).add(p.zip5());
      streets.computeIfAbsent(p.zip5(), k -> new TreeSet<>()).add(streetOf(p.primaryLine()));
      cells.computeIfAbsent(cell(latCell(p.latitude()), lonCell(p.longitude())),
          k -> new ArrayList<>()).add(i);
    }
    this.indexById = ids;
    this.byAddress = freezeLists(address);
    this.byApn = apns;
    this.byZip = freezeLists(zips);
    this.zipsByState = freezeSets(states);
    this.zipsByCity = freezeSets(cities);
    this.zipsByCounty = freezeSets(counties);
    this.streetsByZip = freezeSets(streets);
    Map<Long, int[]> grid = new HashMap<>(cells.size() * 2);
    cells.forEach((k, v) -> grid.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    this.grid = grid;

    List<Person> persons = new ArrayList<>(people);
    persons.sort(Comparator.comparing(Person::personId));
    this.people = List.copyOf(persons);
    Map<String, Person> personIds = new HashMap<>(persons.size() * 2);
    Map<String, List<Person>> phones = new HashMap<>(persons.size() * 3);
    Map<String, List<Person>> names = new HashMap<>(persons.size() * 2);
    Map<String, List<Person>> living = new HashMap<>(persons.size() * 2);
    for (Person person : persons) {
      if (personIds.put(person.personId(), person) != null) {
        throw new IllegalArgumentException("duplicate person_id " + person.personId());
      }
      for (var phone : person.phones()) {
        String digits = Keys.phone(phone.number());
        if (digits != null) {
          phones.computeIfAbsent(digits, k -> new ArrayList<>(1)).add(person);
        }
      }
      String home = person.residencePropertyId();
      if (home != null) {
        Integer at = ids.get(home);
        if (at == null) {
          throw new IllegalArgumentException("person " + person.personId()
              + " lives at unknown property " + home);
        }
        living.computeIfAbsent(home, k -> new ArrayList<>(2)).add(person);
      }
      String zip = person.currentAddress() != null ? person.currentAddress().zip() : null;
      if (zip != null) {
        names.computeIfAbsent(Keys.nameZip(person.lastName(), zip), k -> new ArrayList<>(2)).add(person);
      }
    }
    this.personById = personIds;
    this.byPhone = freezeLists(phones);
    this.byNameZip = freezeLists(names);
    this.residents = freezeLists(living);
  }

  /** The street of a primary line: everything after the house number. */
  static String streetOf(String primaryLine) {
    int space = primaryLine.indexOf(' ');
    return space < 0 ? primaryLine : primaryLine.substring(space + 1);
  }

  private static <T> Map<String, List<T>> freezeLists(Map<String, List<T>> map) {
    map.replaceAll((k, v) -> List.copyOf(v));
    return map;
  }

  private static Map<String, List<String>> freezeSets(Map<String, Set<String>> map) {
    Map<String, List<String>> out = new HashMap<>(map.size() * 2);
    map.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  private static int latCell(double latitude) {
    return (int) Math.floor(latitude / CELL_DEGREES);
  }

  private static int lonCell(double longitude) {
    return (int) Math.floor(longitude / CELL_DEGREES);
  }

  private static long cell(int latCell, int lonCell) {
    return ((long) latCell << 32) | (lonCell & 0xffffffffL);
  }

  @Override
  public LocalDate asOf() {
    return asOf;
  }

  @Override
  public int size() {
    return properties.size();
  }

  @Override
  public List<Property> properties() {
    return properties;
  }

  @Override
  public int indexOf(String propertyId) {
    Integer at = propertyId == null ? null : indexById.get(propertyId);
    return at == null ? -1 : at;
  }

  @Override
  public Optional<Property> byId(String propertyId) {
    int at = indexOf(propertyId);
    return at < 0 ? Optional.empty() : Optional.of(properties.get(at));
  }

  @Override
  public List<Property> atAddress(String primaryLine, String zip5) {
    if (primaryLine == null || zip5 == null) {
      return List.of();
    }
    return byAddress.getOrDefault(Keys.address(primaryLine, zip5), List.of());
  }

  @Override
  public Optional<Property> byApn(String apn, String county, String state) {
    return Optional.ofNullable(byApn.get(Keys.apn(apn, county, state)));
  }

  @Override
  public List<Property> inZip(String zip5) {
    return zip5 == null ? List.of() : byZip.getOrDefault(zip5, List.of());
  }

  @Override
  public List<String> zipsInState(String state) {
    return zipsByState.getOrDefault(Keys.upper(state), List.of());
  }

  @Override
  public List<String> zipsInCity(String city, String state) {
    return zipsByCity.getOrDefault(AddressStandardizer.cityKey(city) + "|" + Keys.upper(state), List.of());
  }

  @Override
  public List<String> zipsInCounty(String county, String state) {
    return zipsByCounty.getOrDefault(Keys.county(county) + "|" + Keys.upper(state), List.of());
  }

  @Override
  public List<String> streets(String zip5) {
    return zip5 == null ? List.of() : streetsByZip.getOrDefault(zip5, List.of());
  }

  @Override
  public void forEachNear(double latitude, double longitude, double miles, Consumer<Property> action) {
    int latSpan = (int) Math.ceil(miles / MILES_PER_DEGREE_LAT / CELL_DEGREES);
    double cos = Math.max(0.05, Math.cos(Math.toRadians(latitude)));
    int lonSpan = (int) Math.ceil(miles / (MILES_PER_DEGREE_LAT * cos) / CELL_DEGREES);
    int lat0 = latCell(latitude);
    int lon0 = lonCell(longitude);
    for (int la = lat0 - latSpan; la <= lat0 + latSpan; la++) {
      for (int lo = lon0 - lonSpan; lo <= lon0 + lonSpan; lo++) {
        int[] members = grid.get(cell(la, lo));
        if (members != null) {
          for (int i : members) {
            action.accept(properties.get(i));
          }
        }
      }
    }
  }

  @Override
  public Optional<Person> person(String personId) {
    return Optional.ofNullable(personId == null ? null : personById.get(personId));
  }

  @Override
  public List<Person> people() {
    return people;
  }

  @Override
  public List<Person> byPhone(String phone) {
    String digits = Keys.phone(phone);
    return digits == null ? List.of() : byPhone.getOrDefault(digits, List.of());
  }

  @Override
  public List<Person> byLastNameInZip(String lastName, String zip5) {
    return byNameZip.getOrDefault(Keys.nameZip(lastName, zip5), List.of());
  }

  @Override
  public List<Person> ownersOf(String propertyId) {
    Optional<Property> property = byId(propertyId);
    if (property.isEmpty()) {
      return List.of();
    }
    Set<Person> out = new LinkedHashSet<>();
    for (Owner owner : property.get().owners()) {
      if (owner.personId() != null) {
        Person person = personById.get(owner.personId());
        if (person != null) {
          out.add(person);
        }
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<Person> residentsOf(String propertyId) {
    return propertyId == null ? List.of() : residents.getOrDefault(propertyId, List.of());
  }

  @Override
  public String toString() {
    return "InMemoryPropertyDataset{properties=" + properties.size() + ", people=" + people.size()
        + ", asOf=" + asOf + "}";
  }
}
