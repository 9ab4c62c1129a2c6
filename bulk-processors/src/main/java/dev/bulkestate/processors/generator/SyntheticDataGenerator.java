package dev.bulkestate.processors.generator;

import dev.bulkestate.core.data.Address;
import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.core.data.SkipTraceResult;
import dev.bulkestate.processors.data.InMemoryPropertyDataset;
import dev.bulkestate.processors.data.Keys;
import dev.bulkestate.processors.data.MortgageRecord;
import dev.bulkestate.processors.data.Owner;
import dev.bulkestate.processors.data.Person;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.geo.ZipInfo;
import dev.bulkestate.processors.geo.ZipTable;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes a realistic, deterministic dataset: the same seed and size give the same data, byte for
 * byte. Immutable and thread-safe; each {@link #generate} call has its own random source.
 *
 * <p>What it models, so that the processors have something real to reason about:
 * <ul>
 *   <li>Properties on real ZIP codes of the {@link ZipTable} (about one ZIP per 150 properties,
 *       starting with well-known downtown ZIPs such as 78701), with that ZIP's city, state and
 *       county, placed along generated streets within about 2.5 miles of the ZIP's centroid, so
 *       that house numbers, coordinates and ZIP+4 codes are coherent. Addresses are in USPS
 *       Publication 28 form ({@code 1234 N OAK DR}, condos {@code APT 101}).
 *   <li>Building facts by type, and a hidden true value: a per-ZIP price level (around its
 *       state's) times a
 *       size, age, lot, type and within-ZIP location effect, times a 7% idiosyncratic factor.
 *   <li>Sales histories priced from the true value deflated by the ZIP's appreciation rate (2-7%
 *       a year) with 4% noise; a few quitclaim transfers at price 0 (not market sales).
 *   <li>Owners: persons (single or married couples) and companies; owner-occupied homes, absentee
 *       owners (investors who live at another home of the dataset, or elsewhere) with their
 *       mailing address, tenants of absentee-owned homes; tax assessments; mortgages at the
 *       historical rate of their year.
 *   <li>People with phones (mobile, landline, voip; some on the Do Not Call list), emails,
 *       relatives (spouses, siblings, parents and children) and ownership histories.
 * </ul>
 */
public final class SyntheticDataGenerator {
  /** The date generated data describes unless told otherwise. */
  public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 1, 1);

  /** Downtown ZIPs used first, so examples and tests can rely on them. */
  static final List<String> ANCHOR_ZIPS = List.of(
      "78701", "75201", "77002", "10001", "90210", "60601", "02108", "98101", "33131", "30303",
      "80202", "85004", "19103", "94103", "37203", "97205", "28202", "55401", "63101", "46204");

  private static final int PROPERTIES_PER_ZIP = 150;
  private static final Set<String> MILITARY = Set.of("AA", "AE", "AP");
  /** Rough price per square foot of a state relative to the national level. */
  private static final Map<String, Double> STATE_PRICE_LEVEL = Map.ofEntries(
      Map.entry("HI", 2.9), Map.entry("CA", 2.5), Map.entry("DC", 2.3), Map.entry("MA", 2.0),
      Map.entry("WA", 1.9), Map.entry("NY", 1.8), Map.entry("CO", 1.7), Map.entry("NJ", 1.6),
      Map.entry("OR", 1.6), Map.entry("UT", 1.6), Map.entry("MT", 1.5), Map.entry("ID", 1.4),
      Map.entry("RI", 1.5), Map.entry("NH", 1.4), Map.entry("CT", 1.3), Map.entry("MD", 1.3),
      Map.entry("AZ", 1.3), Map.entry("NV", 1.3), Map.entry("FL", 1.3), Map.entry("VA", 1.2),
      Map.entry("ME", 1.2), Map.entry("VT", 1.2), Map.entry("TX", 1.05), Map.entry("MN", 1.05),
      Map.entry("GA", 1.05), Map.entry("NC", 1.05), Map.entry("TN", 1.05), Map.entry("WY", 1.1),
      Map.entry("OH", 0.75), Map.entry("MI", 0.8), Map.entry("IN", 0.75), Map.entry("IA", 0.75),
      Map.entry("KS", 0.75), Map.entry("OK", 0.7), Map.entry("AR", 0.7), Map.entry("MS", 0.65),
      Map.entry("AL", 0.75), Map.entry("KY", 0.75), Map.entry("LA", 0.75), Map.entry("WV", 0.6),
      Map.entry("MO", 0.8), Map.entry("NE", 0.85), Map.entry("ND", 0.85), Map.entry("SD", 0.9));
  private static final String[] SUFFIXES = {
      "ST", "AVE", "DR", "LN", "RD", "CT", "BLVD", "WAY", "PL", "CIR", "TRL", "PKWY"};
  private static final String[] DIRECTIONALS = {"N", "S", "E", "W"};
  private static final String[] EMAIL_DOMAINS = {
      "gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "hotmail.com"};
  private static final String[] COMPANY_FORMS = {"LLC", "LLC", "LP", "INC", "TRUST"};
  // Average 30-year fixed rates (percent) by year, interpolated in between.
  private static final int[] RATE_YEARS = {1985, 1990, 1995, 2000, 2003, 2006, 2009, 2012, 2016,
      2019, 2020, 2021, 2022, 2023, 2024, 2026};
  private static final double[] RATES = {12.4, 10.1, 7.9, 8.1, 5.8, 6.4, 5.0, 3.7, 3.7, 3.9, 3.1,
      3.0, 5.3, 6.8, 6.7, 6.4};

  private final ZipTable zipTable;
  private final LocalDate asOf;

  /** A generator over the standard ZIP table describing {@link #DEFAULT_AS_OF}. */
  public static SyntheticDataGenerator standard() {
    return new SyntheticDataGenerator(ZipTable.standard(), DEFAULT_AS_OF);
  }

  public SyntheticDataGenerator(ZipTable zipTable, LocalDate asOf) {
    this.zipTable = Objects.requireNonNull(zipTable, "zipTable");
    this.asOf = Objects.requireNonNull(asOf, "asOf");
  }

  /**
   * Generates {@code size} properties and their people.
   *
   * @throws IllegalArgumentException when size is below 1
   */
  public SyntheticData generate(long seed, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, got " + size);
    }
    return new Run(new SplittableRandom(seed), size).run();
  }

  /** One generation: all mutable state lives here. */
  private final class Run {
    private final SplittableRandom rnd;
    private final int size;
    private final List<Property> properties;
    private final Map<String, Long> trueValues;
    private final List<PersonDraft> people = new ArrayList<>();
    private final Map<String, List<PersonDraft>> byLastName = new HashMap<>();
    private final List<PersonDraft> occupants = new ArrayList<>();
    private final Set<Long> phoneNumbers = new HashSet<>();
    private final Set<String> emails = new HashSet<>();
    private final List<ZipInfo> usable;
    private int apnSeq;

    Run(SplittableRandom rnd, int size) {
      this.rnd = rnd;
      this.size = size;
      this.properties = new ArrayList<>(size);
      this.trueValues = new HashMap<>(size * 2);
      List<ZipInfo> ok = new ArrayList<>(zipTable.size());
      for (ZipInfo zip : zipTable.all()) {
        // Military post offices (AA, AE, AP) have no county and no streets to put houses on.
        if (!zip.county().isEmpty() && !MILITARY.contains(zip.state())) {
          ok.add(zip);
        }
      }
      if (ok.isEmpty()) {
        throw new IllegalArgumentException("the ZIP table has no usable ZIP code");
      }
      this.usable = ok;
    }

    SyntheticData run() {
      List<ZipInfo> zips = pickZips();
      int perZip = size / zips.size();
      int extra = size % zips.size();
      for (int z = 0; z < zips.size(); z++) {
        int count = perZip + (z < extra ? 1 : 0);
        new Market(zips.get(z)).fill(count);
      }
      List<Person> persons = new ArrayList<>(people.size());
      for (PersonDraft draft : people) {
        persons.add(draft.freeze());
      }
      return new SyntheticData(new InMemoryPropertyDataset(properties, persons, asOf), trueValues);
    }

    private List<ZipInfo> pickZips() {
      int wanted = Math.max(1, (int) Math.ceil(size / (double) PROPERTIES_PER_ZIP));
      wanted = Math.min(wanted, usable.size());
      List<ZipInfo> picked = new ArrayList<>(wanted);
      Set<String> seen = new HashSet<>();
      for (String anchor : ANCHOR_ZIPS) {
        if (picked.size() == wanted) {
          break;
        }
        zipTable.find(anchor).filter(z -> !z.county().isEmpty()).ifPresent(z -> {
          picked.add(z);
          seen.add(z.zip());
        });
      }
      while (picked.size() < wanted) {
        ZipInfo zip = usable.get(rnd.nextInt(usable.size()));
        if (seen.add(zip.zip())) {
          picked.add(zip);
        }
      }
      return picked;
    }

    /** One ZIP code: its price level, appreciation, tax rate, streets and area code. */
    private final class Market {
      final ZipInfo zip;
      final String city;
      final double pricePerSqft;
      final double appreciation;
      final double taxRate;
      final double assessmentRatio;
      final double gradientNorth;
      final double gradientEast;
      final int areaCode;
      final List<Street> streets = new ArrayList<>();

      Market(ZipInfo zip) {
        this.zip = zip;
        this.city = zip.city().toUpperCase(Locale.ROOT);
        double level = STATE_PRICE_LEVEL.getOrDefault(zip.state(), 1.0);
        this.pricePerSqft = clamp(level * Math.exp(Math.log(165) + 0.35 * rnd.nextGaussian()), 60, 1500);
        this.appreciation = 0.02 + 0.05 * rnd.nextDouble();
        this.taxRate = 0.008 + 0.016 * rnd.nextDouble();
        this.assessmentRatio = 0.75 + 0.25 * rnd.nextDouble();
        this.gradientNorth = 0.03 * rnd.nextGaussian();
        this.gradientEast = 0.03 * rnd.nextGaussian();
        this.areaCode = areaCode();
      }

      private int areaCode() {
        while (true) {
          int code = 201 + rnd.nextInt(789);
          if (code % 100 != 11 && (code / 10) % 10 != 9) {
            return code;
          }
        }
      }

      void fill(int count) {
        int streetCount = Math.max(3, 4 + count / 12);
        Set<String> names = new HashSet<>();
        while (streets.size() < streetCount) {
          Street street = new Street(this);
          if (names.add(street.name)) {
            streets.add(street);
          }
        }
        int made = 0;
        while (made < count) {
          Street street = streets.get(rnd.nextInt(streets.size()));
          String type = propertyType();
          if (type.equals("condo")) {
            int units = Math.min(count - made, 2 + rnd.nextInt(7));
            Slot slot = street.next();
            int floor = 1 + rnd.nextInt(3);
            int builtYear = yearBuilt(type);
            for (int u = 0; u < units; u++) {
              String unit = "APT " + (floor * 100 + u + 1);
              makeProperty(street, slot, type, unit, builtYear);
              made++;
            }
          } else {
            makeProperty(street, street.next(), type, null, yearBuilt(type));
            made++;
          }
        }
      }

      private String propertyType() {
        double r = rnd.nextDouble();
        if (r < 0.62) {
          return "single_family";
        } else if (r < 0.72) {
          return "condo";
        } else if (r < 0.81) {
          return "townhouse";
        } else if (r < 0.89) {
          return "multi_family";
        } else if (r < 0.95) {
          return "mobile_home";
        }
        return "land";
      }

      private int yearBuilt(String type) {
        int age = (int) Math.floor(Math.exp(Math.log(32) + 0.7 * rnd.nextGaussian()));
        int year = asOf.getYear() - 1 - Math.min(age, 130);
        if (type.equals("mobile_home")) {
          year = Math.max(year, 1965);
        }
        return Math.max(year, 1890);
      }

      private void makeProperty(Street street, Slot slot, String type, String unit, int builtYear) {
        String id = "P" + pad(properties.size() + 1, 8);
        Building b = building(type, builtYear);
        double northMiles = (slot.lat - zip.latitude()) * 69.05;
        double eastMiles = (slot.lon - zip.longitude()) * 69.05 * Math.cos(Math.toRadians(zip.latitude()));
        double spatial = Math.exp(gradientNorth * northMiles + gradientEast * eastMiles);
        long value = trueValue(type, b, spatial);
        trueValues.put(id, value);

        List<PropertyDetails.Sale> sales = new ArrayList<>(3);
        List<LocalDate> saleDates = saleDates(builtYear, type.equals("land"));
        for (LocalDate date : saleDates) {
          double years = ChronoUnit.DAYS.between(date, asOf) / 365.25;
          boolean quitclaim = rnd.nextDouble() < 0.03;
          long price = quitclaim ? 0
              : Math.round(value * Math.pow(1 + appreciation, -years)
                  * Math.exp(0.04 * rnd.nextGaussian()) / 500.0) * 500;
          String deed = quitclaim ? "quitclaim_deed"
              : zip.state().equals("CA") ? "grant_deed" : "warranty_deed";
          sales.add(new PropertyDetails.Sale(date, price, null, null, deed));
        }

        Ownership own = ownership(type, id, sales);
        // Names on the deeds: the newest buyer is the current owner; older parties are drawn.
        List<PropertyDetails.Sale> named = new ArrayList<>(sales.size());
        String buyer = own.ownerNames;
        for (int i = 0; i < sales.size(); i++) {
          PropertyDetails.Sale s = sales.get(i);
          String seller;
          if (i == 0 && sales.size() > 1 && !people.isEmpty() && rnd.nextDouble() < 0.35) {
            PersonDraft previous = people.get(rnd.nextInt(people.size()));
            previous.history.add(new Person.OwnershipSpan(id, sales.get(1).date(), s.date()));
            seller = previous.fullName();
          } else {
            seller = randomPersonName();
          }
          named.add(new PropertyDetails.Sale(s.date(), s.price(), buyer, seller, s.documentType()));
          buyer = seller;
        }

        PropertyDetails.Tax tax = tax(type, value);
        List<MortgageRecord> mortgages = mortgages(named);
        String primary = slot.number + " " + street.name;
        Address situs = new Address(unit == null ? primary : primary + " " + unit, null, city,
            zip.state(), zip.zip(), slot.zip4);
        Address mailing = own.ownerOccupied ? situs : own.mailing;
        Property property = new Property(id, apn(), zip.county(), zip.state(), zip.zip(), slot.zip4,
            primary, unit, city, slot.lat, slot.lon, type, b.beds, b.baths, b.sqft, b.lot, b.year,
            b.stories, b.units, own.owners, own.ownerOccupied, mailing,
            named.isEmpty() ? null : named.get(0).date(), tax, named, mortgages);
        properties.add(property);
        for (PersonDraft owner : own.personOwners) {
          owner.history.add(0, new Person.OwnershipSpan(id, property.ownedSince(), null));
          if (own.ownerOccupied) {
            owner.liveAt(id, situs);
          }
        }
        if (own.ownerOccupied) {
          occupants.addAll(own.personOwners);
        } else if (!type.equals("land") && rnd.nextDouble() < 0.6) {
          PersonDraft tenant = newPerson(null, this);
          tenant.liveAt(id, situs);
        }
      }

      private String apn() {
        apnSeq++;
        long n = (apnSeq * 2654435761L) % 1_000_000_000L;
        return pad(n / 1_000_000, 3) + "-" + pad((n / 1000) % 1000, 3) + "-" + pad(n % 1000, 3);
      }

      private Building building(String type, int year) {
        Building b = new Building();
        b.year = year;
        switch (type) {
          case "condo" -> {
            b.sqft = (int) clamp(Math.exp(Math.log(1000) + 0.3 * rnd.nextGaussian()), 450, 2600);
            b.lot = 0;
            b.stories = 1;
            b.units = 1;
          }
          case "townhouse" -> {
            b.sqft = (int) clamp(Math.exp(Math.log(1550) + 0.25 * rnd.nextGaussian()), 800, 3200);
            b.lot = 1800 + rnd.nextInt(1800);
            b.stories = 2 + rnd.nextInt(2);
            b.units = 1;
          }
          case "multi_family" -> {
            b.units = 2 + rnd.nextInt(3);
            b.sqft = (int) clamp(b.units * Math.exp(Math.log(950) + 0.2 * rnd.nextGaussian()), 1500, 5200);
            b.lot = 5000 + rnd.nextInt(6000);
            b.stories = 1 + rnd.nextInt(2);
          }
          case "mobile_home" -> {
            b.sqft = 800 + rnd.nextInt(900);
            b.lot = 4000 + rnd.nextInt(5000);
            b.stories = 1;
            b.units = 1;
          }
          case "land" -> {
            b.sqft = 0;
            b.lot = (int) clamp(Math.exp(Math.log(20_000) + 0.8 * rnd.nextGaussian()), 3000, 2_000_000);
            b.year = null;
            b.stories = 0;
            b.units = 0;
          }
          default -> {
            b.sqft = (int) clamp(Math.exp(Math.log(1900) + 0.3 * rnd.nextGaussian()), 700, 6500);
            b.lot = (int) clamp(Math.exp(Math.log(7500) + 0.4 * rnd.nextGaussian()), 2500, 80_000);
            b.stories = b.sqft > 2400 && rnd.nextDouble() < 0.7 ? 2 : 1;
            b.units = 1;
          }
        }
        b.sqft = b.sqft / 10 * 10;
        if (type.equals("land")) {
          b.beds = 0;
          b.baths = 0;
        } else {
          int perBed = type.equals("multi_family") ? 520 : 600;
          b.beds = (int) clamp(Math.round(b.sqft / (double) perBed) + rnd.nextInt(3) - 1,
              type.equals("multi_family") ? 2L * b.units : 1, 8);
          double baths = Math.round((b.beds * 0.55 + b.sqft / 1800.0) * 2) / 2.0;
          b.baths = clamp(baths, 1, 6);
        }
        return b;
      }

      private long trueValue(String type, Building b, double spatial) {
        double noise = Math.exp(0.07 * rnd.nextGaussian());
        if (type.equals("land")) {
          double land = pricePerSqft * 0.12 * Math.pow(b.lot, 0.85);
          return Math.max(5_000, Math.round(land * spatial * noise / 100.0) * 100);
        }
        double typeFactor = switch (type) {
          case "condo" -> 0.95;
          case "townhouse" -> 0.92;
          case "multi_family" -> 0.90;
          case "mobile_home" -> 0.45;
          default -> 1.0;
        };
        int age = asOf.getYear() - b.year;
        double ageFactor = 1 - 0.004 * Math.min(age, 60);
        double lotFactor = b.lot > 0 && !type.equals("townhouse") ? Math.pow(b.lot / 7500.0, 0.08) : 1;
        double v = pricePerSqft * 2000 * Math.pow(b.sqft / 2000.0, 0.85) * typeFactor * ageFactor
            * lotFactor * spatial * noise;
        return Math.max(10_000, Math.round(v / 100.0) * 100);
      }

      /** Sale dates, newest first: the newest about 6 years back on average, older ones spaced. */
      private List<LocalDate> saleDates(int builtYear, boolean land) {
        double r = rnd.nextDouble();
        int count = r < 0.15 ? 0 : r < 0.55 ? 1 : r < 0.85 ? 2 : 3;
        List<LocalDate> dates = new ArrayList<>(count);
        LocalDate earliest = LocalDate.of(Math.max(builtYear, 1985), 1, 15);
        double yearsBack = 0.05 + exponential(6);
        for (int i = 0; i < count; i++) {
          LocalDate date = asOf.minusDays((long) (yearsBack * 365.25));
          if (date.isBefore(earliest)) {
            break;
          }
          dates.add(date);
          yearsBack += 0.5 + exponential(7);
        }
        return dates;
      }

      private Ownership ownership(String type, String propertyId, List<PropertyDetails.Sale> sales) {
        Ownership own = new Ownership();
        double companyShare = type.equals("multi_family") ? 0.40 : type.equals("land") ? 0.35 : 0.14;
        if (rnd.nextDouble() < companyShare) {
          String base = rnd.nextBoolean() ? pick(NameLists.LAST) : pick(NameLists.STREETS);
          String name = base + " " + pick(NameLists.COMPANY_WORDS) + " "
              + COMPANY_FORMS[rnd.nextInt(COMPANY_FORMS.length)];
          own.owners.add(new Owner(name, PropertyDetails.Owner.COMPANY, null));
          own.ownerNames = name;
          own.ownerOccupied = false;
          own.mailing = poBox();
          return own;
        }
        double occupiedShare = switch (type) {
          case "land" -> 0;
          case "multi_family" -> 0.35;
          default -> 0.72;
        };
        own.ownerOccupied = rnd.nextDouble() < occupiedShare;
        PersonDraft first;
        if (!own.ownerOccupied && !occupants.isEmpty() && rnd.nextDouble() < 0.6) {
          // An investor: someone who lives at another home of the dataset.
          first = occupants.get(rnd.nextInt(occupants.size()));
          own.mailing = first.address;
        } else {
          first = newPerson(null, this);
          if (!own.ownerOccupied) {
            Address elsewhere = elsewhere();
            first.liveAt(null, elsewhere);
            own.mailing = elsewhere;
          }
        }
        own.personOwners.add(first);
        if (first.spouse == null && rnd.nextDouble() < 0.45) {
          PersonDraft spouse = newPerson(first, this);
          first.relate(spouse, "spouse");
          first.spouse = spouse;
          spouse.spouse = first;
          if (first.residence == null && first.address != null) {
            spouse.liveAt(null, first.address);
          }
        }
        if (first.spouse != null) {
          own.personOwners.add(first.spouse);
          if (!own.ownerOccupied && first.spouse.address == null) {
            first.spouse.liveAt(first.residence, first.address);
          }
        }
        StringBuilder names = new StringBuilder();
        for (PersonDraft p : own.personOwners) {
          own.owners.add(new Owner(p.fullName(), PropertyDetails.Owner.PERSON, p.id));
          if (names.length() > 0) {
            names.append(" & ");
          }
          names.append(p.fullName());
        }
        own.ownerNames = names.toString();
        return own;
      }

      private Address poBox() {
        ZipInfo at = usable.get(rnd.nextInt(usable.size()));
        return new Address("PO BOX " + (100 + rnd.nextInt(9800)), null,
            at.city().toUpperCase(Locale.ROOT), at.state(), at.zip(), null);
      }

      private Address elsewhere() {
        ZipInfo at = usable.get(rnd.nextInt(usable.size()));
        String street = (1 + rnd.nextInt(9899)) + " " + pick(NameLists.STREETS) + " "
            + SUFFIXES[rnd.nextInt(SUFFIXES.length)];
        return new Address(street, null, at.city().toUpperCase(Locale.ROOT), at.state(), at.zip(), null);
      }

      private PropertyDetails.Tax tax(String type, long value) {
        double lastYear = value / (1 + appreciation);
        long assessed = Math.round(lastYear * assessmentRatio * Math.exp(0.05 * rnd.nextGaussian()) / 100.0) * 100;
        double landShare = switch (type) {
          case "land" -> 1.0;
          case "condo" -> 0.12 + 0.08 * rnd.nextDouble();
          default -> 0.2 + 0.15 * rnd.nextDouble();
        };
        long land = Math.round(assessed * landShare / 100.0) * 100;
        long annual = Math.round(assessed * taxRate);
        return new PropertyDetails.Tax(assessed, land, assessed - land, annual, asOf.getYear() - 1);
      }

      private List<MortgageRecord> mortgages(List<PropertyDetails.Sale> sales) {
        if (sales.isEmpty() || sales.get(0).price() == 0 || rnd.nextDouble() >= 0.78) {
          return List.of();
        }
        PropertyDetails.Sale sale = sales.get(0);
        double ltv = rnd.nextBoolean() ? 0.80 : 0.60 + 0.37 * rnd.nextDouble();
        long amount = Math.round(sale.price() * ltv / 100.0) * 100;
        double rate = Math.round(clamp(rateIn(sale.date()) + 0.25 * rnd.nextGaussian(), 2.0, 16.0) * 1000) / 1000.0;
        int term = rnd.nextDouble() < 0.85 ? 30 : 15;
        MortgageRecord mortgage = new MortgageRecord(pick(NameLists.LENDERS), amount, sale.date(), rate, term);
        return mortgage.balanceOn(asOf) > 0 ? List.of(mortgage) : List.of();
      }
    }

    /** A street of a market, with the next free house number along it. */
    private final class Street {
      final String name;
      final double lat;
      final double lon;
      final double dLat;
      final double dLon;
      final int firstNumber;
      final int zip4Base;
      int slots;

      Street(Market market) {
        String dir = rnd.nextDouble() < 0.15 ? DIRECTIONALS[rnd.nextInt(4)] + " " : "";
        name = dir + pick(NameLists.STREETS) + " " + SUFFIXES[rnd.nextInt(SUFFIXES.length)];
        double radius = 2.5 * Math.sqrt(rnd.nextDouble());
        double angle = rnd.nextDouble() * 2 * Math.PI;
        double cos = Math.cos(Math.toRadians(market.zip.latitude()));
        lat = market.zip.latitude() + radius * Math.sin(angle) / 69.05;
        lon = market.zip.longitude() + radius * Math.cos(angle) / (69.05 * cos);
        double heading = rnd.nextDouble() * 2 * Math.PI;
        // About 60 feet between neighbouring lots.
        dLat = 0.0115 * Math.sin(heading) / 69.05;
        dLon = 0.0115 * Math.cos(heading) / (69.05 * cos);
        firstNumber = 100 + 2 * rnd.nextInt(2400);
        zip4Base = rnd.nextInt(9000);
      }

      Slot next() {
        int k = slots++;
        Slot slot = new Slot();
        slot.number = firstNumber + 2 * k;
        slot.lat = round6(lat + k * dLat + 0.00002 * rnd.nextGaussian());
        slot.lon = round6(lon + k * dLon + 0.00002 * rnd.nextGaussian());
        slot.zip4 = pad((zip4Base + k / 8) % 10_000, 4);
        return slot;
      }
    }

    private PersonDraft newPerson(PersonDraft spouseOf, Market market) {
      PersonDraft p = new PersonDraft();
      p.id = "PER" + pad(people.size() + 1, 8);
      boolean female = spouseOf == null ? rnd.nextBoolean() : !spouseOf.female;
      p.female = female;
      p.first = pick(female ? NameLists.FEMALE : NameLists.MALE);
      p.middle = rnd.nextDouble() < 0.5 ? String.valueOf((char) ('A' + rnd.nextInt(26))) : null;
      p.last = spouseOf != null ? spouseOf.last : pick(NameLists.LAST);
      int age = spouseOf != null && spouseOf.birthYear != null
          ? asOf.getYear() - spouseOf.birthYear + rnd.nextInt(9) - 4
          : 24 + rnd.nextInt(62);
      p.birthYear = rnd.nextDouble() < 0.96 ? asOf.getYear() - Math.max(age, 19) : null;
      int phoneCount = rnd.nextDouble() < 0.08 ? 0 : 1 + rnd.nextInt(3);
      for (int i = 0; i < phoneCount; i++) {
        double t = rnd.nextDouble();
        String type = t < 0.6 ? SkipTraceResult.Phone.MOBILE
            : t < 0.88 ? SkipTraceResult.Phone.LANDLINE : SkipTraceResult.Phone.VOIP;
        p.phones.add(new SkipTraceResult.Phone(Keys.formatPhone(Long.toString(phoneNumber(market.areaCode))), type,
            rnd.nextDouble() < 0.22, asOf.minusDays(rnd.nextInt(700))));
      }
      int emailCount = rnd.nextDouble() < 0.15 ? 0 : 1 + rnd.nextInt(2);
      for (int i = 0; i < emailCount; i++) {
        String local = switch (rnd.nextInt(3)) {
          case 0 -> p.first + "." + p.last;
          case 1 -> p.first.charAt(0) + p.last + (10 + rnd.nextInt(90));
          default -> p.first + p.last.charAt(0) + (100 + rnd.nextInt(900));
        };
        String email = local.toLowerCase(Locale.ROOT) + "@" + EMAIL_DOMAINS[rnd.nextInt(EMAIL_DOMAINS.length)];
        if (emails.add(email)) {
          p.emails.add(new SkipTraceResult.Email(email, "personal"));
        }
      }
      // Kin: another person of the same family name, as a sibling, parent or child.
      List<PersonDraft> family = byLastName.get(p.last);
      if (spouseOf == null && family != null && rnd.nextDouble() < 0.3) {
        PersonDraft kin = family.get(rnd.nextInt(family.size()));
        if (kin.birthYear != null && p.birthYear != null) {
          int gap = kin.birthYear - p.birthYear;
          if (Math.abs(gap) < 16) {
            p.relate(kin, "sibling");
          } else if (gap > 0) {
            p.link(kin, "child");
            kin.link(p, "parent");
          } else {
            p.link(kin, "parent");
            kin.link(p, "child");
          }
        }
      }
      byLastName.computeIfAbsent(p.last, k -> new ArrayList<>()).add(p);
      people.add(p);
      return p;
    }

    private long phoneNumber(int areaCode) {
      while (true) {
        long number = areaCode * 10_000_000L + (200 + rnd.nextInt(800)) * 10_000L + rnd.nextInt(10_000);
        if (phoneNumbers.add(number)) {
          return number;
        }
      }
    }

    private String randomPersonName() {
      return pick(rnd.nextBoolean() ? NameLists.FEMALE : NameLists.MALE) + " " + pick(NameLists.LAST);
    }

    private String pick(List<String> words) {
      return words.get(rnd.nextInt(words.size()));
    }

    private double exponential(double mean) {
      return -mean * Math.log(1 - rnd.nextDouble());
    }
  }

  static double rateIn(LocalDate date) {
    double year = date.getYear() + date.getDayOfYear() / 366.0;
    if (year <= RATE_YEARS[0]) {
      return RATES[0];
    }
    for (int i = 1; i < RATE_YEARS.length; i++) {
      if (year <= RATE_YEARS[i]) {
        double f = (year - RATE_YEARS[i - 1]) / (RATE_YEARS[i] - RATE_YEARS[i - 1]);
        return RATES[i - 1] + f * (RATES[i] - RATES[i - 1]);
      }
    }
    return RATES[RATES.length - 1];
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** {@code value} in decimal, zero-padded to {@code width} digits. */
  static String pad(long value, int width) {
    String digits = Long.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  private static final class Slot {
    int number;
    double lat;
    double lon;
    String zip4;
  }

  private static final class Building {
    int beds;
    double baths;
    int sqft;
    int lot;
    Integer year;
    int stories;
    int units;
  }

  private static final class Ownership {
    final List<Owner> owners = new ArrayList<>(2);
    final List<PersonDraft> personOwners = new ArrayList<>(2);
    boolean ownerOccupied;
    Address mailing;
    String ownerNames;
  }

  /** A person while the generator still adds to them. */
  private static final class PersonDraft {
    String id;
    boolean female;
    String first;
    String middle;
    String last;
    Integer birthYear;
    String residence;
    Address address;
    PersonDraft spouse;
    final List<SkipTraceResult.Phone> phones = new ArrayList<>(3);
    final List<SkipTraceResult.Email> emails = new ArrayList<>(2);
    final List<Person.RelativeLink> relatives = new ArrayList<>(2);
    final List<Person.OwnershipSpan> history = new ArrayList<>(2);

    void liveAt(String propertyId, Address where) {
      // The first home given wins: a person lives at one place.
      if (address == null) {
        residence = propertyId;
        address = where;
      }
    }

    void relate(PersonDraft other, String relationship) {
      link(other, relationship);
      other.link(this, relationship);
    }

    void link(PersonDraft other, String relationship) {
      for (Person.RelativeLink existing : relatives) {
        if (existing.personId().equals(other.id)) {
          return;
        }
      }
      relatives.add(new Person.RelativeLink(other.id, relationship));
    }

    String fullName() {
      return middle == null ? first + " " + last : first + " " + middle + " " + last;
    }

    Person freeze() {
      List<Person.OwnershipSpan> newestFirst = new ArrayList<>(history);
      newestFirst.sort(java.util.Comparator.comparing(Person.OwnershipSpan::from,
          java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())));
      return new Person(id, first, middle, last, birthYear, residence, address, phones, emails,
          relatives, newestFirst);
    }
  }
}
