package dev.bulkestate.processors.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the standardizer over arbitrary and address-like strings. */
class AddressStandardizerPropertiesTest {
  private static final AddressStandardizer STANDARDIZER = AddressStandardizer.standard();

  /** Words real addresses are made of, including the ones that make parsing ambiguous. */
  private static final List<String> WORDS = List.of(
      "123", "4B", "42-17", "1/2", "7", "00501", "78701", "78701-1234", "2134", "#", "#4", ",", ".",
      "N", "North", "SW", "Main", "Oak", "Park", "Glen", "Avenue", "Ave", "St", "St.", "Street",
      "Ct", "Rd", "Hwy", "Highway", "Apt", "Suite", "Ste", "Unit", "Rear", "Fl", "2nd", "Floor",
      "PO", "P.O.", "Box", "RR", "Rural", "Route", "HC", "Star", "PSC", "Austin", "TX", "Texas",
      "New", "York", "NY", "Park City", "UT", "CT", "NE", "DC", "Washington", "Saint", "Louis",
      "MO", "USA", "of", "the", "Americas", "One", "Ñ", "O'Neil", "-", "/", "  ", "\t");

  @Property(tries = 2000)
  void neverThrowsOnArbitraryText(@ForAll String text) {
    ParsedAddress parsed = STANDARDIZER.parse(text);
    assertThat(parsed).isNotNull();
    parsed.deliveryLine();
    parsed.lastLine();
    parsed.key();
  }

  @Property(tries = 2000)
  void neverThrowsOnWordSoup(@ForAll("wordSoup") String text) {
    ParsedAddress parsed = STANDARDIZER.parse(text);
    assertThat(parsed.issues()).doesNotHaveDuplicates();
    parsed.deliveryLine();
    parsed.lastLine();
  }

  @Property(tries = 1000)
  void neverThrowsOnArbitraryComponents(@ForAll String street, @ForAll String city,
      @ForAll String state, @ForAll String zip) {
    assertThat(STANDARDIZER.parse(street, city, state, zip)).isNotNull();
  }

  @Property(tries = 2000)
  void standardFormOfArbitraryTextIsAFixedPoint(@ForAll String text) {
    assertFixedPoint(text);
  }

  @Property(tries = 3000)
  void standardFormOfAddressShapedTextIsAFixedPoint(@ForAll("addressShaped") String text) {
    assertFixedPoint(text);
  }

  /**
   * Addresses in the shapes people write them: optional parts, every spelling, any case, stray
   * punctuation and spaces, with or without commas.
   */
  @Provide
  Arbitrary<String> addressShaped() {
    Arbitrary<String> number = Arbitraries.of("", "123", "4B", "42-17", "123 1/2", "7", "One");
    Arbitrary<String> predir = Arbitraries.of("", "", "N", "North", "S.", "sw", "N.E.");
    Arbitrary<String> name = Arbitraries.of("Main", "Oak", "Glen Park", "Park", "North", "St James",
        "Avenue of the Americas", "5th", "Martin Luther King Jr", "O'Neil", "Camino Real", "Highway 66");
    Arbitrary<String> suffix = Arbitraries.of("", "St", "St.", "Street", "Ave", "Avenue", "Rd", "Ct",
        "Court", "Blvd", "Pkwy", "Ln", "Hwy", "Park", "Way");
    Arbitrary<String> postdir = Arbitraries.of("", "", "", "NW", "South", "E");
    Arbitrary<String> unit = Arbitraries.of("", "", "Apt 4", "#4", "# 12B", "Suite 200", "Ste. A",
        "Unit 7", "Rear", "2nd Floor", "Fl 3", "Bldg 2", "Apt", "Lot 17", "PH");
    Arbitrary<String> box = Arbitraries.of("", "", "", "", "", "PO Box 123", "P.O. Box 55",
        "RR 2 Box 152", "HC 68 Box 23A", "Box 9", "PSC 123 Box 4567");
    Arbitrary<String> city = Arbitraries.of("", "Austin", "New York", "Park City", "St. Louis",
        "Saint Louis", "North Las Vegas", "Winston-Salem", "Washington", "Smallville", "Hartford");
    Arbitrary<String> state = Arbitraries.of("", "TX", "Texas", "tx", "NY", "New York", "UT", "MO",
        "NV", "NC", "DC", "CT", "Conn.", "MA", "Tejas");
    Arbitrary<String> zip = Arbitraries.of("", "78701", "78701-1234", "787011234", "2134", "00501",
        "10001 1234", "ABCDE");
    Arbitrary<String> sep = Arbitraries.of(" ", ", ", ",", "  ", " , ");
    Arbitrary<Boolean> upper = Arbitraries.of(true, false);
    return Arbitraries.oneOf(
        net.jqwik.api.Combinators.combine(number, predir, name, suffix, postdir, unit, sep, upper)
            .as((n, p, nm, sf, pd, u, sp, up) -> {
              String street = String.join(" ", n, p, nm, sf, pd, u).trim();
              return up ? street.toUpperCase(java.util.Locale.ROOT) + sp : street + sp;
            }),
        box.map(b -> b + ", "))
        .flatMap(street -> net.jqwik.api.Combinators.combine(city, state, zip, sep, sep)
            .as((c, st, z, s1, s2) -> street + c + s1 + st + s2 + z));
  }

  /** Address words in any order, the inputs most likely to reach odd corners of the parser. */
  @Provide
  Arbitrary<String> wordSoup() {
    return Arbitraries.of(WORDS).list().ofMinSize(0).ofMaxSize(12).map(words -> String.join(" ", words));
  }

  private static void assertFixedPoint(String text) {
    ParsedAddress once = STANDARDIZER.parse(text);
    String delivery = once.deliveryLine() == null ? "" : once.deliveryLine();
    String last = once.lastLine() == null ? "" : once.lastLine();
    ParsedAddress twice = STANDARDIZER.parse(delivery + ", " + last);
    assertThat(twice.deliveryLine()).as("delivery line of [%s] -> [%s, %s]", text, delivery, last).isEqualTo(once.deliveryLine());
    assertThat(twice.lastLine()).as("last line of [%s] -> [%s, %s]", text, delivery, last).isEqualTo(once.lastLine());
  }
}
