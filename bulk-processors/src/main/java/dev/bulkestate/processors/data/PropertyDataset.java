package dev.bulkestate.processors.data;

import dev.bulkestate.processors.address.AddressDirectory;
import dev.bulkestate.processors.address.KnownAddress;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The reference data the processors read: properties and people, with the indexes the lookups
 * need. Every lookup is a hash or tree lookup (or a walk of nearby grid cells for
 * {@link #forEachNear}); nothing scans the whole dataset per record. Implementations are
 * immutable and thread-safe.
 *
 * <p>A dataset is also the {@link AddressDirectory} address verification checks addresses against.
 */
public interface PropertyDataset extends AddressDirectory {

  /** The date the data describes: ages, balances and valuations are computed as of this day. */
  LocalDate asOf();

  /** How many properties the dataset holds. */
  int size();

  /** Every property, in id order. */
  List<Property> properties();

  /** The property's position in {@link #properties()}, or -1 when it is not in this dataset. */
  int indexOf(String propertyId);

  /** The property with this id. */
  Optional<Property> byId(String propertyId);

  /**
   * The properties at this primary line ({@code 123 N MAIN ST}) in this ZIP: one for a house, one
   * per unit for a building of units. Sorted by property id.
   */
  List<Property> atAddress(String primaryLine, String zip5);

  /** The parcel with this APN in this county and state (compared as {@link Keys#apn} says). */
  Optional<Property> byApn(String apn, String county, String state);

  /** The properties in a ZIP code, sorted by property id. */
  List<Property> inZip(String zip5);

  /** The ZIP codes that hold properties in a state, sorted. */
  List<String> zipsInState(String state);

  /**
   * The ZIP codes whose properties lie in this city of this state, sorted; cities compare as
   * {@code AddressStandardizer.cityKey} says ({@code St. Louis} is {@code SAINT LOUIS}).
   */
  List<String> zipsInCity(String city, String state);

  /** The ZIP codes whose properties lie in this county of this state, sorted. */
  List<String> zipsInCounty(String county, String state);

  /** The distinct street names ({@code N MAIN ST}, without numbers) of a ZIP, sorted. */
  @Override
  List<String> streets(String zip5);

  /** The known addresses at a primary line in a ZIP: one per property (unit) there. */
  @Override
  default List<KnownAddress> find(String zip5, String primaryLine) {
    List<Property> at = atAddress(primaryLine, zip5);
    if (at.isEmpty()) {
      return List.of();
    }
    KnownAddress[] out = new KnownAddress[at.size()];
    for (int i = 0; i < out.length; i++) {
      Property p = at.get(i);
      out[i] = new KnownAddress(p.propertyId(), p.primaryLine(), p.unit(), p.zip5(), p.zip4(),
          p.city(), p.county(), p.latitude(), p.longitude());
    }
    return List.of(out);
  }

  /**
   * Calls {@code action} with every property within roughly {@code miles} of a point (the walk
   * covers at least that radius; callers that need an exact cut measure the distance).
   */
  void forEachNear(double latitude, double longitude, double miles, Consumer<Property> action);

  /** The person with this id. */
  Optional<Person> person(String personId);

  /** Every person, in id order. */
  List<Person> people();

  /** The persons reachable at this phone number (any format {@link Keys#phone} reads). */
  List<Person> byPhone(String phone);

  /** The persons with this last name living in this ZIP, sorted by id. */
  List<Person> byLastNameInZip(String lastName, String zip5);

  /** The owners of a property who are persons of the dataset, in the order of the owners list. */
  List<Person> ownersOf(String propertyId);

  /** The persons living at a property (owners and tenants), sorted by id. */
  List<Person> residentsOf(String propertyId);
}
