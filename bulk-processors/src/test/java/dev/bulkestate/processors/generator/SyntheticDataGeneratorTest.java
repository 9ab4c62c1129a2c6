package dev.bulkestate.processors.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.processors.data.InMemoryPropertyDataset;
import dev.bulkestate.processors.data.Keys;
import dev.bulkestate.processors.data.Person;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.geo.GeoMath;
import dev.bulkestate.processors.geo.ZipInfo;
import dev.bulkestate.processors.geo.ZipTable;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticDataGeneratorTest {
  private static final Pattern PRIMARY_LINE =
      Pattern.compile("\\d+ ([NSEW] )?[A-Z]+ (ST|AVE|DR|LN|RD|CT|BLVD|WAY|PL|CIR|TRL|PKWY)");
  private static SyntheticData data;

  @BeforeAll
  static void generate() {
    data = SyntheticDataGenerator.standard().generate(7, 3_000);
  }

  private static String digest(SyntheticData d) throws Exception {
    ObjectMapper json = BulkJson.mapper();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Property p : d.dataset().properties()) {
      sha.update(json.writeValueAsBytes(p));
      sha.update(Long.toString(d.trueValue(p.propertyId())).getBytes());
    }
    for (Person p : d.dataset().people()) {
      sha.update(json.writeValueAsBytes(p));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  @Test
  void sameSeedGivesTheSameDataAndAnotherSeedOtherData() throws Exception {
    SyntheticData again = SyntheticDataGenerator.standard().generate(7, 3_000);
    assertThat(digest(again)).isEqualTo(digest(data));
    SyntheticData other = SyntheticDataGenerator.standard().generate(8, 3_000);
    assertThat(digest(other)).isNotEqualTo(digest(data));
  }

  @Test
  void makesExactlyTheSizeAskedWithUniqueIdsAndApns() {
    InMemoryPropertyDataset ds = data.dataset();
    assertThat(ds.size()).isEqualTo(3_000);
    assertThat(ds.properties().get(0).propertyId()).isEqualTo("P00000001");
    assertThat(ds.properties().get(2_999).propertyId()).isEqualTo("P00003000");
    assertThat(data.trueValues()).hasSize(3_000);
    Set<String> apns = new HashSet<>();
    for (Property p : ds.properties()) {
      assertThat(apns.add(Keys.apn(p.apn(), p.county(), p.state()))).isTrue();
    }
    assertThat(SyntheticDataGenerator.standard().generate(1, 1).dataset().size()).isEqualTo(1);
    assertThatThrownBy(() -> SyntheticDataGenerator.standard().generate(1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
  }

  @Test
  void propertiesSitOnRealZipsWithCoherentPlaceAndCoordinates() {
    ZipTable zips = ZipTable.standard();
    // 3,000 properties at about 150 a ZIP: the first 20 anchor ZIPs, 78701 first.
    assertThat(data.dataset().inZip("78701")).isNotEmpty();
    for (Property p : data.dataset().properties()) {
      ZipInfo zip = zips.find(p.zip5()).orElseThrow();
      assertThat(p.city()).isEqualTo(zip.city().toUpperCase());
      assertThat(p.state()).isEqualTo(zip.state());
      assertThat(p.county()).isEqualTo(zip.county());
      assertThat(GeoMath.miles(p.latitude(), p.longitude(), zip.latitude(), zip.longitude()))
          .isLessThan(4.5);
      assertThat(p.primaryLine()).matches(PRIMARY_LINE);
      if (p.propertyType().equals("condo")) {
        assertThat(p.unit()).matches("APT \\d{3}");
      } else {
        assertThat(p.unit()).isNull();
      }
      assertThat(data.trueValue(p.propertyId())).isPositive();
    }
  }

  @Test
  void ownersPeopleAndRecordsAreConsistent() {
    InMemoryPropertyDataset ds = data.dataset();
    int absentee = 0;
    int companies = 0;
    int occupied = 0;
    for (Property p : ds.properties()) {
      assertThat(p.owners()).isNotEmpty();
      if (p.ownerOccupied()) {
        occupied++;
        assertThat(p.mailingAddress()).isEqualTo(p.address());
        // Every person owning an owner-occupied home lives there.
        assertThat(ds.ownersOf(p.propertyId())).allSatisfy(
            owner -> assertThat(owner.residencePropertyId()).isEqualTo(p.propertyId()));
      } else {
        absentee++;
        assertThat(p.mailingAddress()).isNotEqualTo(p.address());
      }
      if (!p.owners().get(0).isPerson()) {
        companies++;
      }
      if (!p.sales().isEmpty()) {
        assertThat(p.ownedSince()).isEqualTo(p.sales().get(0).date());
        assertThat(p.sales().get(0).buyer()).contains(p.owners().get(0).name());
        for (int i = 1; i < p.sales().size(); i++) {
          assertThat(p.sales().get(i).date()).isBefore(p.sales().get(i - 1).date());
          assertThat(p.sales().get(i).buyer()).isEqualTo(p.sales().get(i - 1).seller());
        }
      }
      p.mortgages().forEach(m -> assertThat(m.balanceOn(ds.asOf())).isPositive());
    }
    assertThat(occupied).isBetween(1_200, 2_100);
    assertThat(absentee).isBetween(900, 1_800);
    assertThat(companies).isBetween(200, 800);

    Set<String> phones = new HashSet<>();
    for (Person person : ds.people()) {
      assertThat(person.currentAddress()).isNotNull();
      for (var phone : person.phones()) {
        assertThat(phones.add(phone.number())).isTrue();
        assertThat(ds.byPhone(phone.number())).containsExactly(person);
      }
      for (Person.RelativeLink link : person.relatives()) {
        Person relative = ds.person(link.personId()).orElseThrow();
        assertThat(relative.relatives()).extracting(Person.RelativeLink::personId)
            .contains(person.personId());
      }
      assertThat(ds.byLastNameInZip(person.lastName(), person.currentAddress().zip()))
          .contains(person);
    }
    assertThat(ds.people().size()).isGreaterThan(3_000);
  }

  @Test
  void hundredThousandPropertiesGenerateInAFewSeconds() {
    long start = System.nanoTime();
    SyntheticData big = SyntheticDataGenerator.standard().generate(42, 100_000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    // Reported, not asserted: timing depends on the machine.
    System.out.printf("generated %,d properties and %,d people in %,d ms%n",
        big.dataset().size(), big.dataset().people().size(), millis);
    assertThat(big.dataset().size()).isEqualTo(100_000);
    List<String> zips = big.dataset().zipsInState("TX");
    assertThat(zips).isSorted().contains("78701", "75201", "77002");
  }
}
