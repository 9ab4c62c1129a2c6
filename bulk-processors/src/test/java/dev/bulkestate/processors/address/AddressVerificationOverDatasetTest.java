package dev.bulkestate.processors.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.VerifiedAddress;
import dev.bulkestate.core.data.VerifiedAddress.Deliverability;
import dev.bulkestate.core.data.VerifiedAddress.Geocode;
import dev.bulkestate.core.data.VerifiedAddress.Suggestion;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.VerificationOptions;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyDataset;
import dev.bulkestate.processors.generator.SyntheticDataGenerator;
import dev.bulkestate.processors.geo.ZipTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Address verification over a generated dataset: every generated address, canonical and messy. */
class AddressVerificationOverDatasetTest {
  private static final Map<String, String> SPELLED_DIRECTIONS = Map.of("N", "North", "S", "South",
      "E", "East", "W", "West", "NE", "Northeast", "NW", "Northwest", "SE", "Southeast", "SW", "Southwest");

  private static PropertyDataset dataset;
  private static AddressVerificationProcessor processor;
  private static final AddressStandardizer STANDARDIZER = AddressStandardizer.standard();
  private static final AddressVerificationRequest DEFAULTS =
      new AddressVerificationRequest("t", List.of(), null, null);

  @BeforeAll
  static void generate() {
    dataset = SyntheticDataGenerator.standard().generate(11, 3_000).dataset();
    processor = new AddressVerificationProcessor(STANDARDIZER, ZipTable.standard(), dataset);
  }

  private static String line(Property p) {
    return p.unit() == null ? p.primaryLine() : p.primaryLine() + " " + p.unit();
  }

  /** The property's address as a person might type it: lower case, words spelled out, odd spacing. */
  private static String messy(Property p) {
    ParsedAddress a = STANDARDIZER.parse(p.primaryLine(), p.city(), p.state(), p.zip5());
    StringBuilder b = new StringBuilder().append(a.number()).append("  ");
    if (a.predirectional() != null) {
      b.append(SPELLED_DIRECTIONS.get(a.predirectional())).append(". ");
    }
    b.append(a.streetName().toLowerCase(Locale.ROOT));
    if (a.suffix() != null) {
      b.append(' ').append(Pub28.tables().suffix(a.suffix()).orElseThrow().primary().toLowerCase(Locale.ROOT));
    }
    if (a.postdirectional() != null) {
      b.append(' ').append(SPELLED_DIRECTIONS.get(a.postdirectional()));
    }
    if (p.unit() != null) {
      b.append(", ").append(p.unit().replace("APT ", "Apartment "));
    }
    String city = p.city().charAt(0) + p.city().substring(1).toLowerCase(Locale.ROOT);
    return b.append(" ,").append(city).append(",  ").append(Pub28.tables().stateName(p.state()))
        .append(' ').append(p.zip5()).toString();
  }

  @Test
  void everyGeneratedAddressVerifiesAsDeliverableAtItsRooftop() {
    assertThat(dataset.properties()).hasSize(3_000);
    int units = 0;
    for (Property p : dataset.properties()) {
      RecordResult result = processor.process(
          AddressInput.of(p.propertyId(), line(p), p.city(), p.state(), p.zip5()), DEFAULTS);
      assertThat(result.status()).as("%s %s", p.propertyId(), line(p)).isEqualTo(RecordStatus.SUCCESS);
      VerifiedAddress data = result.dataAs(VerifiedAddress.class);
      assertThat(data.deliveryLine()).isEqualTo(line(p));
      assertThat(data.lastLine()).isEqualTo(p.city() + " " + p.state() + " " + p.zip5()
          + (p.zip4() == null ? "" : "-" + p.zip4()));
      assertThat(data.deliverability().status()).isEqualTo(Deliverability.DELIVERABLE);
      assertThat(data.deliverability().propertyId()).isEqualTo(p.propertyId());
      assertThat(data.geocode()).isEqualTo(new Geocode(p.latitude(), p.longitude(), "rooftop"));
      assertThat(data.county()).isEqualTo(p.county());
      units += p.unit() == null ? 0 : 1;
    }
    // The generator makes condos too, so units are exercised.
    assertThat(units).isPositive();
  }

  @Test
  void messyFormsOfEveryGeneratedAddressGiveTheSameResultAsTheCanonicalForm() {
    for (Property p : dataset.properties()) {
      RecordResult canonical = processor.process(
          AddressInput.of(p.propertyId(), line(p), p.city(), p.state(), p.zip5()), DEFAULTS);
      RecordResult messy = processor.process(AddressInput.full(p.propertyId(), messy(p)), DEFAULTS);
      assertThat(messy).as(messy(p)).isEqualTo(canonical);
    }
  }

  @Test
  void aUnitAddressWithoutItsUnitIsMissingTheUnit() {
    Property condo = dataset.properties().stream().filter(p -> p.unit() != null).findFirst().orElseThrow();
    int unitsThere = dataset.atAddress(condo.primaryLine(), condo.zip5()).size();
    RecordResult result = processor.process(
        AddressInput.of("c", condo.primaryLine(), condo.city(), condo.state(), condo.zip5()), DEFAULTS);
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly(
        "Unit missing: the reference data has " + unitsThere + " units at this address");
    assertThat(result.dataAs(VerifiedAddress.class).deliverability().status()).isEqualTo(Deliverability.MISSING_UNIT);
  }

  @Test
  void aTypoInTheStreetNameIsAmongTheSuggestions() {
    AddressVerificationRequest suggest =
        new AddressVerificationRequest("t", List.of(), new VerificationOptions(null, null, null, true, 5), null);
    int checked = 0;
    for (Property p : dataset.properties()) {
      ParsedAddress a = STANDARDIZER.parse(p.primaryLine(), p.city(), p.state(), p.zip5());
      String name = a.streetName();
      if (p.unit() != null || name.length() < 5 || !name.chars().allMatch(Character::isLetter)) {
        continue;
      }
      // Swap two letters in the middle of the name: "MAPLE" -> "MALPE".
      int i = name.length() / 2;
      String typo = name.substring(0, i - 1) + name.charAt(i) + name.charAt(i - 1) + name.substring(i + 1);
      if (typo.equals(name)) {
        continue;
      }
      String input = p.primaryLine().replace(" " + name + " ", " " + typo + " ").replace(" " + name, " " + typo);
      RecordResult result = processor.process(AddressInput.of("t", input, p.city(), p.state(), p.zip5()), suggest);
      VerifiedAddress data = result.dataAs(VerifiedAddress.class);
      if (data.deliverability().inDataset()) {
        continue; // the typo is another real street of the ZIP code
      }
      assertThat(data.suggestions()).as(input).extracting(Suggestion::deliveryLine).contains(p.primaryLine());
      assertThat(data.suggestions().get(0).inDataset()).as(input).isTrue();
      checked++;
    }
    assertThat(checked).isGreaterThan(1_000);
  }
}
