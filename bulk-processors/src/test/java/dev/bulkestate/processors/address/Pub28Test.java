package dev.bulkestate.processors.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Pub28Test {
  private final Pub28 tables = Pub28.tables();

  @Test
  void suffixesFromStreetTypes() {
    assertThat(tables.suffix("AVENUE")).contains(new Pub28.Suffix("AVENUE", "AVE"));
    assertThat(tables.suffix("AVNUE")).contains(new Pub28.Suffix("AVENUE", "AVE"));
    assertThat(tables.suffix("ARCADE")).contains(new Pub28.Suffix("ARCADE", "ARC"));
    // MDW is MEADOW's abbreviation although the source also lists it under MEADOWS.
    assertThat(tables.suffix("MDW")).contains(new Pub28.Suffix("MEADOW", "MDW"));
    // PARK and PARKS share the abbreviation PARK; PARK itself is the singular.
    assertThat(tables.suffix("PARK")).contains(new Pub28.Suffix("PARK", "PARK"));
    assertThat(tables.suffix("MAIN")).isEmpty();
  }

  @Test
  void unitsDirectionalsAndStates() {
    assertThat(tables.unit("APARTMENT")).contains(new Pub28.UnitType("APARTMENT", "APT", true));
    assertThat(tables.unit("REAR")).contains(new Pub28.UnitType("REAR", "REAR", false));
    assertThat(tables.unit("TRL")).isEmpty(); // TRL is TRAIL, a suffix
    assertThat(tables.directional("NORTHEAST")).isEqualTo("NE");
    assertThat(tables.directional("OESTE")).isEqualTo("W");
    assertThat(tables.stateCode("DISTRICT OF COLUMBIA")).isEqualTo("DC");
    assertThat(tables.stateCode("TEX")).isEqualTo("TX");
    assertThat(tables.stateCode("TX")).isEqualTo("TX");
    assertThat(tables.stateCode("WASHINGTON DC")).isNull();
    assertThat(tables.stateName("PR")).isEqualTo("PUERTO RICO");
    // 50 states, DC, 8 possessions and freely associated states, 3 military "states".
    assertThat(tables.stateCodes()).hasSize(62).startsWith("AA", "AE", "AK", "AL", "AP");
  }

  @Test
  void boundedEditDistance() {
    assertThat(EditDistance.bounded("N MIAN ST", "N MAIN ST", 3)).isEqualTo(2);
    assertThat(EditDistance.bounded("KITTEN", "SITTING", 5)).isEqualTo(3);
    assertThat(EditDistance.bounded("", "ABC", 5)).isEqualTo(3);
    assertThat(EditDistance.bounded("SAME", "SAME", 0)).isZero();
    // Past the bound the answer is only "more than the bound".
    assertThat(EditDistance.bounded("KITTEN", "SITTING", 2)).isEqualTo(3);
    assertThat(EditDistance.bounded("A", "ABCDEFG", 2)).isEqualTo(3);
  }
}
