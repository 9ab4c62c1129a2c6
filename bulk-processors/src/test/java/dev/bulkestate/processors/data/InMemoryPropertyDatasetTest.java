package dev.bulkestate.processors.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkestate.processors.address.KnownAddress;
import dev.bulkestate.processors.generator.SyntheticDataGenerator;
import dev.bulkestate.processors.geo.GeoMath;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryPropertyDatasetTest {
  private final InMemoryPropertyDataset fixture = Fixture.dataset();

  @Test
  void indexesAnswerExactly() {
    assertThat(fixture.size()).isEqualTo(12);
    assertThat(fixture.indexOf("P1")).isZero();
    assertThat(fixture.indexOf("P9")).isEqualTo(11);
    assertThat(fixture.indexOf("nope")).isEqualTo(-1);
    assertThat(fixture.atAddress("200 E 6TH ST", "78701")).extracting(Property::propertyId)
        .containsExactly("P5", "P6", "P7");
    assertThat(fixture.atAddress("200 E 6TH ST", "78702")).isEmpty();
    assertThat(fixture.byApn("123-456-009", "Travis", "TX")).map(Property::propertyId).contains("P9");
    assertThat(fixture.inZip("78701")).hasSize(12);
    assertThat(fixture.zipsInState("tx")).containsExactly("78701");
    assertThat(fixture.zipsInCity("Austin", "TX")).containsExactly("78701");
    assertThat(fixture.zipsInCounty("TRAVIS COUNTY", "TX")).containsExactly("78701");
    assertThat(fixture.streets("78701")).containsExactly("BRAZOS ST", "E 6TH ST", "LAVACA ST",
        "N MAIN ST", "W 2ND ST");
    assertThat(fixture.byPhone("+1 512 555 0103")).extracting(Person::personId).containsExactly("PER2");
    assertThat(fixture.byLastNameInZip("smith", "78701")).extracting(Person::personId)
        .containsExactly("PER1", "PER2");
    assertThat(fixture.byLastNameInZip("JONES", "75201")).extracting(Person::personId)
        .containsExactly("PER4");
    assertThat(fixture.ownersOf("P1")).extracting(Person::personId).containsExactly("PER1", "PER2");
    assertThat(fixture.ownersOf("P8")).isEmpty();
    assertThat(fixture.residentsOf("P6")).extracting(Person::personId).containsExactly("PER3");
  }

  @Test
  void isTheAddressDirectoryOfVerification() {
    List<KnownAddress> units = fixture.find("78701", "200 E 6TH ST");
    assertThat(units).extracting(KnownAddress::unit).containsExactly("APT 101", "APT 102", "APT 201");
    assertThat(units.get(0)).isEqualTo(new KnownAddress("P5", "200 E 6TH ST", "APT 101", "78701", null,
        "AUSTIN", "Travis", Fixture.LAT, Fixture.LON));
    assertThat(fixture.find("78701", "1 NOWHERE ST")).isEmpty();
  }

  @Test
  void forEachNearCoversTheRadius() {
    InMemoryPropertyDataset data = SyntheticDataGenerator.standard().generate(21, 3_000).dataset();
    Property center = data.properties().get(100);
    Set<String> found = new HashSet<>();
    data.forEachNear(center.latitude(), center.longitude(), 3.0, p -> found.add(p.propertyId()));
    List<String> within = new ArrayList<>();
    for (Property p : data.properties()) {
      if (GeoMath.miles(center.latitude(), center.longitude(), p.latitude(), p.longitude()) <= 3.0) {
        within.add(p.propertyId());
      }
    }
    assertThat(within).isNotEmpty();
    assertThat(found).containsAll(within);
  }

  @Test
  void rejectsDuplicatesAndDanglingLinks() {
    Property p1 = Fixture.dataset().byId("P1").orElseThrow();
    LocalDate asOf = Fixture.AS_OF;
    assertThatThrownBy(() -> new InMemoryPropertyDataset(List.of(p1, p1), List.of(), asOf))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate property_id P1");
    Person ghost = new Person("H1", "A", null, "B", null, "P404", null, null, null, null, null);
    assertThatThrownBy(() -> new InMemoryPropertyDataset(List.of(p1), List.of(ghost), asOf))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("person H1 lives at unknown property P404");
  }

  @Test
  void keysNormalizeTheWayLookUpsNeed() {
    assertThat(Keys.apn("456-789-012", "St. Louis County", "mo")).isEqualTo("456789012|ST LOUIS|MO");
    assertThat(Keys.county("Orleans Parish")).isEqualTo("ORLEANS");
    assertThat(Keys.phone("(214) 555-0123")).isEqualTo("2145550123");
    assertThat(Keys.phone("+1-214-555-0123")).isEqualTo("2145550123");
    assertThat(Keys.phone("214-555-012")).isNull();
    assertThat(Keys.phone("214-555-CALL")).isNull();
    assertThat(Keys.formatPhone("2145550123")).isEqualTo("214-555-0123");
    assertThat(Keys.name("O'Brien-Smith")).isEqualTo("OBRIENSMITH");
    assertThat(Keys.unitNumber("APT 4B")).isEqualTo("4B");
    assertThat(Keys.unitNumber("# 4B")).isEqualTo("4B");
    assertThat(Keys.unitNumber("#4b")).isEqualTo("4B");
    assertThat(Keys.unitNumber(" ")).isNull();
  }

  @Test
  void mortgageBalanceFollowsTheAmortizationSchedule() {
    MortgageRecord m = new MortgageRecord("BANK", 280_000, LocalDate.of(2020, 6, 1), 3.0, 30);
    assertThat(m.balanceOn(LocalDate.of(2020, 6, 1))).isEqualTo(280_000);
    assertThat(m.balanceOn(LocalDate.of(2026, 1, 1))).isEqualTo(245_001);
    assertThat(m.balanceOn(LocalDate.of(2050, 6, 1))).isZero();
    assertThat(new MortgageRecord("BANK", 120_000, LocalDate.of(2020, 1, 1), 0, 10)
        .balanceOn(LocalDate.of(2025, 1, 1))).isEqualTo(60_000);
  }
}
