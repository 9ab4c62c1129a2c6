package dev.bulkestate.processors.data;

import dev.bulkestate.core.data.Address;
import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.core.data.SkipTraceResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written dataset whose every answer can be worked out on paper: twelve properties in
 * 78701 (Austin, Travis county), all at the same point so that distances are zero.
 *
 * <ul>
 *   <li>P1 100 N MAIN ST: the subject house, owned and lived in by JOHN A SMITH and MARY SMITH.
 *   <li>P2-P4 101/103/105 N MAIN ST: identical houses sold on the dataset's date for $300,000,
 *       $310,000 and $320,000.
 *   <li>P5-P7 200 E 6TH ST APT 101/102/201: condos; P6 owned by ROBERT JONES (absentee, lives in
 *       Dallas) and rented to JANE DOE.
 *   <li>P8 300 LAVACA ST: land owned by OAK HOLDINGS LLC.
 *   <li>P9-P11 400/402/404 W 2ND ST: townhouses; P10 and P11 sold for $400,000 and $420,000;
 *       P9 owned and lived in by ALEX KIM, who has no phone or email.
 *   <li>P12 500 BRAZOS ST: a mobile home with no comparable sale.
 * </ul>
 */
public final class Fixture {
  public static final LocalDate AS_OF = LocalDate.of(2026, 1, 1);
  public static final double LAT = 30.2713;
  public static final double LON = -97.7426;
  public static final Address DALLAS_HOME = Address.of("9 ELM ST", "DALLAS", "TX", "75201");
  public static final Address LLC_MAIL = Address.of("PO BOX 77", "HOUSTON", "TX", "77002");

  private Fixture() {}

  public static InMemoryPropertyDataset dataset() {
    List<Property> ps = new ArrayList<>();
    ps.add(house("P1", "123-456-001", "100 N MAIN ST", 1800, 2000,
        List.of(new Owner("JOHN A SMITH", "person", "PER1"), new Owner("MARY SMITH", "person", "PER2")),
        true, null,
        List.of(new PropertyDetails.Sale(LocalDate.of(2020, 6, 1), 350_000, "JOHN A SMITH & MARY SMITH",
            "PAT LEE", "warranty_deed")),
        List.of(new MortgageRecord("WELLS FARGO BANK", 280_000, LocalDate.of(2020, 6, 1), 3.0, 30))));
    long[] prices = {300_000, 310_000, 320_000};
    for (int i = 0; i < 3; i++) {
      ps.add(house("P" + (i + 2), "123-456-00" + (i + 2), (101 + 2 * i) + " N MAIN ST", 1800, 2000,
          List.of(new Owner("OWNER " + (i + 2), "person", null)), true, null,
          List.of(new PropertyDetails.Sale(AS_OF, prices[i], "OWNER " + (i + 2), "SELLER", "warranty_deed")),
          List.of()));
    }
    String[] units = {"APT 101", "APT 102", "APT 201"};
    for (int i = 0; i < 3; i++) {
      boolean robert = i == 1;
      ps.add(property("P" + (i + 5), "123-456-00" + (i + 5), "200 E 6TH ST", units[i], "condo",
          2, 2.0, 1000, 0, 2010,
          List.of(robert ? new Owner("ROBERT JONES", "person", "PER4")
              : new Owner("CONDO OWNER " + i, "person", null)),
          !robert, robert ? DALLAS_HOME : null, List.of(), List.of()));
    }
    ps.add(property("P8", "123-456-008", "300 LAVACA ST", null, "land", 0, 0, 0, 20_000, null,
        List.of(new Owner("OAK HOLDINGS LLC", "company", null)), false, LLC_MAIL, List.of(), List.of()));
    ps.add(property("P9", "123-456-009", "400 W 2ND ST", null, "townhouse", 3, 2.5, 1600, 2500, 2015,
        List.of(new Owner("ALEX KIM", "person", "PER5")), true, null, List.of(), List.of()));
    long[] townPrices = {400_000, 420_000};
    for (int i = 0; i < 2; i++) {
      ps.add(property("P1" + i, "123-456-01" + i, (402 + 2 * i) + " W 2ND ST", null, "townhouse",
          3, 2.5, 1600, 2500, 2015, List.of(new Owner("TOWN OWNER " + i, "person", null)), true, null,
          List.of(new PropertyDetails.Sale(AS_OF, townPrices[i], "TOWN OWNER " + i, "SELLER", "warranty_deed")),
          List.of()));
    }
    ps.add(property("P12", "123-456-012", "500 BRAZOS ST", null, "mobile_home", 2, 1.0, 900, 5000,
        1990, List.of(new Owner("MOBILE OWNER", "person", null)), true, null, List.of(), List.of()));

    Address p1 = Address.of("100 N MAIN ST", "AUSTIN", "TX", "78701");
    List<Person> people = List.of(
        new Person("PER1", "JOHN", "A", "SMITH", 1970, "P1", p1,
            List.of(new SkipTraceResult.Phone("512-555-0102", "landline", true, LocalDate.of(2025, 6, 1)),
                new SkipTraceResult.Phone("512-555-0101", "mobile", false, LocalDate.of(2025, 12, 1))),
            List.of(new SkipTraceResult.Email("john.smith@example.com", "personal")),
            List.of(new Person.RelativeLink("PER2", "spouse")),
            List.of(new Person.OwnershipSpan("P1", LocalDate.of(2020, 6, 1), null))),
        new Person("PER2", "MARY", null, "SMITH", 1972, "P1", p1,
            List.of(new SkipTraceResult.Phone("512-555-0103", "voip", false, null)), List.of(),
            List.of(new Person.RelativeLink("PER1", "spouse")),
            List.of(new Person.OwnershipSpan("P1", LocalDate.of(2020, 6, 1), null))),
        new Person("PER3", "JANE", null, "DOE", 1995, "P6",
            Address.of("200 E 6TH ST APT 102", "AUSTIN", "TX", "78701"),
            List.of(new SkipTraceResult.Phone("512-555-0104", "mobile", false, null)), List.of(),
            List.of(), List.of()),
        new Person("PER4", "ROBERT", null, "JONES", 1960, null, DALLAS_HOME,
            List.of(new SkipTraceResult.Phone("214-555-0105", "mobile", true, null)), List.of(),
            List.of(), List.of(new Person.OwnershipSpan("P6", null, null))),
        new Person("PER5", "ALEX", null, "KIM", null, "P9",
            Address.of("400 W 2ND ST", "AUSTIN", "TX", "78701"), List.of(), List.of(), List.of(),
            List.of()));
    return new InMemoryPropertyDataset(ps, people, AS_OF);
  }

  private static Property house(String id, String apn, String line, int sqft, int year,
      List<Owner> owners, boolean occupied, Address mailing, List<PropertyDetails.Sale> sales,
      List<MortgageRecord> mortgages) {
    return property(id, apn, line, null, "single_family", 3, 2.0, sqft, 6000, year, owners, occupied,
        mailing, sales, mortgages);
  }

  static Property property(String id, String apn, String line, String unit, String type, int beds,
      double baths, int sqft, int lot, Integer year, List<Owner> owners, boolean occupied,
      Address mailing, List<PropertyDetails.Sale> sales, List<MortgageRecord> mortgages) {
    Address situs = new Address(unit == null ? line : line + " " + unit, null, "AUSTIN", "TX", "78701", null);
    return new Property(id, apn, "Travis", "TX", "78701", null, line, unit, "AUSTIN", LAT, LON, type,
        beds, baths, sqft, lot, year, type.equals("land") ? 0 : 1, type.equals("land") ? 0 : 1,
        owners, occupied, occupied ? situs : mailing, sales.isEmpty() ? null : sales.get(0).date(),
        new PropertyDetails.Tax(250_000, 60_000, 190_000, 5_000, 2025), sales, mortgages);
  }
}
