package dev.bulkestate.processors.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZipTableTest {
  private final ZipTable table = ZipTable.standard();

  @Test
  void standardTableHoldsEveryGeoNamesZipOnce() {
    assertThat(table.size()).isEqualTo(41_487);
    assertThat(table.all()).hasSize(41_487);
    assertThat(table.all().get(0).zip()).isEqualTo("00501");
    for (int i = 1; i < table.all().size(); i++) {
      assertThat(table.all().get(i - 1).zip()).isLessThan(table.all().get(i).zip());
    }
  }

  @Test
  void findsAustin() {
    assertThat(table.find("78701")).contains(
        new ZipInfo("78701", "Austin", "TX", "Travis", 30.2713, -97.7426));
  }

  @Test
  void militaryPostOfficesHaveTheirMilitaryState() {
    ZipInfo apo = table.find("09001").orElseThrow();
    assertThat(apo.city()).isEqualTo("APO");
    assertThat(apo.state()).isEqualTo("AA");
    assertThat(apo.county()).isEmpty();
  }

  @Test
  void duplicateGeoNamesRowsKeepTheCivilianOne() {
    assertThat(table.find("96860").orElseThrow().county()).isEqualTo("Honolulu");
  }

  @Test
  void unknownOrMalformedZipIsEmpty() {
    assertThat(table.find("00000")).isEmpty();
    assertThat(table.find("7870")).isEmpty();
    assertThat(table.find(null)).isEmpty();
  }

  @Test
  void inStateIsSortedAndComplete() {
    List<ZipInfo> dc = table.inState("DC");
    assertThat(dc).isNotEmpty().allMatch(z -> z.state().equals("DC"));
    assertThat(dc).isSortedAccordingTo(java.util.Comparator.comparing(ZipInfo::zip));
    long count = table.all().stream().filter(z -> z.state().equals("DC")).count();
    assertThat(dc).hasSize((int) count);
    assertThat(table.inState("ZZ")).isEmpty();
    assertThat(table.inState(null)).isEmpty();
  }

  @Test
  void standardIsLoadedOnce() {
    assertThat(ZipTable.standard()).isSameAs(table);
  }

  @Test
  void readRejectsMalformedLinesNamingTheLine() {
    String text = "zip\tcity\tstate\tcounty\tlatitude\tlongitude\n12345\tA\tNY\tX\t1.0\n";
    assertThatThrownBy(() -> ZipTable.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IOException.class).hasMessageContaining("line 2");
  }

  @Test
  void ofRejectsDuplicates() {
    ZipInfo a = new ZipInfo("12345", "A", "NY", "X", 1, 2);
    assertThatThrownBy(() -> ZipTable.of(List.of(a, a))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void haversineMiles() {
    // Austin (78701) to Dallas (75201): about 182 miles as the crow flies.
    assertThat(GeoMath.miles(30.2713, -97.7426, 32.7876, -96.7994)).isCloseTo(182.2, within(1.0));
    assertThat(GeoMath.miles(40, -75, 40, -75)).isZero();
    // One degree of latitude is 69.09 miles on a sphere of the mean radius.
    assertThat(GeoMath.miles(0, 0, 1, 0)).isCloseTo(69.09, within(0.01));
    // Antipodes: half the circumference.
    assertThat(GeoMath.miles(0, 0, 0, 180)).isCloseTo(Math.PI * GeoMath.EARTH_RADIUS_MILES, within(1e-6));
  }
}
