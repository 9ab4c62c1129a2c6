package dev.bulkestate.processors.details;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.Address;
import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.core.request.DetailsOptions;
import dev.bulkestate.core.request.PropertyDetailsRequest;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.processors.address.AddressStandardizer;
import dev.bulkestate.processors.data.Fixture;
import dev.bulkestate.processors.data.InMemoryPropertyDataset;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyResolver;
import dev.bulkestate.processors.generator.SyntheticDataGenerator;
import dev.bulkestate.processors.valuation.ComparableSalesModel;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PropertyDetailsProcessorTest {
  private static final Address P1_ADDRESS = Address.of("100 N MAIN ST", "AUSTIN", "TX", "78701");
  private static PropertyDetailsProcessor fixture;
  private static PropertyDetailsProcessor generated;
  private static InMemoryPropertyDataset generatedData;

  @BeforeAll
  static void build() {
    fixture = processor(Fixture.dataset());
    generatedData = SyntheticDataGenerator.standard().generate(11, 1_500).dataset();
    generated = processor(generatedData);
  }

  static PropertyDetailsProcessor processor(InMemoryPropertyDataset dataset) {
    ComparableSalesModel model = new ComparableSalesModel(dataset);
    return new PropertyDetailsProcessor(
        new PropertyResolver(dataset, AddressStandardizer.standard()), model, new ZipDemographics(model));
  }

  private static PropertyDetailsRequest request(String... include) {
    return new PropertyDetailsRequest(null, List.of(PropertyRef.byPropertyId("x", "P1")),
        include.length == 0 ? null : new DetailsOptions(List.of(include), null, null), null);
  }

  private static RecordResult run(PropertyRef ref, String... include) {
    return fixture.process(ref, request(include));
  }

  @Test
  void returnsEverySectionExactlyWhenNoneIsNamed() {
    RecordResult result = run(PropertyRef.byPropertyId("r1", "P1"));
    assertThat(result.id()).isEqualTo("r1");
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    PropertyDetails d = (PropertyDetails) result.data();
    LocalDate bought = LocalDate.of(2020, 6, 1);
    PropertyDetails expected = new PropertyDetails("P1", "123-456-001", "Travis", P1_ADDRESS,
        "single_family",
        new PropertyDetails.Ownership(List.of(new PropertyDetails.Owner("JOHN A SMITH", "person"),
            new PropertyDetails.Owner("MARY SMITH", "person")), true, false, P1_ADDRESS, bought),
        new PropertyDetails.Tax(250_000, 60_000, 190_000, 5_000, 2025),
        List.of(new PropertyDetails.Sale(bought, 350_000, "JOHN A SMITH & MARY SMITH", "PAT LEE",
            "warranty_deed")),
        List.of(new PropertyDetails.Mortgage("WELLS FARGO BANK", 280_000, bought, 3.0, 30, 245_001)),
        // Three identical houses at the same point sold today for 300, 310 and 320 thousand.
        new PropertyDetails.ValuationSummary(310_000, 289_700, 330_300, 46, 310_000 - 245_001,
            Fixture.AS_OF),
        d.demographics(),
        new PropertyDetails.Building("single_family", 3, 2.0, 1_800, 6_000, 2000, 1, 1),
        new PropertyDetails.Location(30.2713, -97.7426, "Travis", "TX", "48"));
    assertThat(d).isEqualTo(expected);
    PropertyDetails.Demographics demo = d.demographics();
    assertThat(demo.zip()).isEqualTo("78701");
    assertThat(demo.propertyCount()).isEqualTo(12);
    // P6 (ROBERT JONES) and P8 (the LLC's land) are not owner-occupied: 10 of 12.
    assertThat(demo.ownerOccupiedRate()).isEqualTo(0.833);
    assertThat(demo.medianYearBuilt()).isEqualTo(2010);
    assertThat(fixture.process(PropertyRef.byPropertyId("again", "P1"), request()).data())
        .isEqualTo(d);
  }

  @Test
  void returnsOnlyTheSectionsAsked() {
    PropertyDetails d = (PropertyDetails) run(PropertyRef.byPropertyId("r", "P1"), "tax", "building").data();
    assertThat(d.tax()).isEqualTo(new PropertyDetails.Tax(250_000, 60_000, 190_000, 5_000, 2025));
    assertThat(d.building()).isNotNull();
    assertThat(d.ownership()).isNull();
    assertThat(d.sales()).isNull();
    assertThat(d.mortgages()).isNull();
    assertThat(d.valuation()).isNull();
    assertThat(d.demographics()).isNull();
    assertThat(d.location()).isNull();
    assertThat(d.propertyId()).isEqualTo("P1");
    assertThat(d.address()).isEqualTo(P1_ADDRESS);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "100 N Main St, Austin, TX 78701",
      "100 North Main Street, Austin, Texas 78701",
      "100 n. main st. austin tx 78701",
      "  100   NORTH   MAIN   ST ,AUSTIN,TX,78701-1234 ",
      "100 N Main St, Austin, TX",
      "100 N MAIN STREET AUSTIN TEXAS"})
  void findsAMessyAddress(String messy) {
    RecordResult result = run(PropertyRef.byAddress("a", messy), "location");
    assertThat(result.status()).as(messy).isEqualTo(RecordStatus.SUCCESS);
    assertThat(((PropertyDetails) result.data()).propertyId()).isEqualTo("P1");
  }

  @Test
  void findsByApnWhateverItsFormatting() {
    for (PropertyRef ref : List.of(PropertyRef.byApn("a", "123-456-001", "Travis", "TX"),
        PropertyRef.byApn("b", "123456001", "TRAVIS COUNTY", "tx"),
        PropertyRef.byApn("c", " 123.456.001 ", "travis", "TX"))) {
      assertThat(((PropertyDetails) run(ref, "tax").data()).propertyId()).isEqualTo("P1");
    }
    RecordResult wrongCounty = run(PropertyRef.byApn("d", "123-456-001", "Williamson", "TX"));
    assertThat(wrongCounty.error().code()).isEqualTo(ErrorCode.PROPERTY_NOT_FOUND);
    assertThat(wrongCounty.error().details()).containsEntry("field", "apn")
        .containsEntry("issue", "No parcel 123-456-001 in Williamson county, TX");
  }

  @Test
  void anAddressOfSeveralUnitsWithoutAUnitIsAmbiguous() {
    RecordResult result = run(PropertyRef.byAddress("c", "200 East 6th Street, Austin, TX 78701"));
    assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
    assertThat(result.error().code()).isEqualTo(ErrorCode.AMBIGUOUS_MATCH);
    assertThat(result.error().message()).isEqualTo("The address matches 3 properties");
    assertThat(result.error().details()).isEqualTo(Map.of("field", "address",
        "issue", "3 properties at 200 E 6TH ST; give the unit", "matches", 3,
        "property_ids", List.of("P5", "P6", "P7")));
  }

  @Test
  void theUnitPicksOneOfSeveral() {
    for (String messy : List.of("200 E 6th St Apt 102, Austin, TX 78701",
        "200 E 6TH ST #102 AUSTIN TX 78701", "200 east 6th street unit 102, austin tx 78701")) {
      RecordResult result = run(PropertyRef.byAddress("u", messy), "ownership");
      assertThat(result.status()).as(messy).isEqualTo(RecordStatus.SUCCESS);
      PropertyDetails d = (PropertyDetails) result.data();
      assertThat(d.propertyId()).isEqualTo("P6");
      assertThat(d.ownership().absenteeOwner()).isTrue();
      assertThat(d.ownership().mailingAddress()).isEqualTo(Fixture.DALLAS_HOME);
    }
    RecordResult noSuchUnit = run(PropertyRef.byAddress("u", "200 E 6th St Apt 999, Austin, TX 78701"));
    assertThat(noSuchUnit.error().code()).isEqualTo(ErrorCode.PROPERTY_NOT_FOUND);
    assertThat(noSuchUnit.error().details()).containsEntry("issue",
        "No unit APT 999 at 200 E 6TH ST; units on record: APT 101, APT 102, APT 201");
  }

  @Test
  void aUnitOnAHouseIsOverlookedWithAWarning() {
    RecordResult result = run(PropertyRef.byAddress("w", "100 N Main St Apt 9, Austin, TX 78701"), "tax");
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(((PropertyDetails) result.data()).propertyId()).isEqualTo("P1");
    assertThat(result.warnings()).containsExactly(
        "Unit APT 9 is not on record; matched 100 N MAIN ST without it");
  }

  @Test
  void failsWithExactCodes() {
    RecordResult missingId = run(PropertyRef.byPropertyId("n1", "P404"));
    assertThat(missingId.error().code()).isEqualTo(ErrorCode.PROPERTY_NOT_FOUND);
    assertThat(missingId.error().message()).isEqualTo("Property not found in database");
    assertThat(missingId.error().details()).containsEntry("field", "property_id");

    RecordResult nowhere = run(PropertyRef.byAddress("n2", "999 Nowhere Rd, Austin, TX 78701"));
    assertThat(nowhere.error().code()).isEqualTo(ErrorCode.PROPERTY_NOT_FOUND);
    assertThat(nowhere.error().details()).containsEntry("issue",
        "No property at 999 NOWHERE RD, AUSTIN TX 78701");

    RecordResult noNumber = run(PropertyRef.byAddress("n3", "Main St, Austin, TX 78701"));
    assertThat(noNumber.error().code()).isEqualTo(ErrorCode.INVALID_ADDRESS);
    assertThat(noNumber.error().details()).containsEntry("field", "address")
        .containsEntry("issue", "Missing street number");

    RecordResult noPlace = run(PropertyRef.byAddress("n4", "100 N Main St"));
    assertThat(noPlace.error().code()).isEqualTo(ErrorCode.INVALID_ADDRESS);
    assertThat(noPlace.error().details()).containsEntry("issue", "Missing ZIP code (or city and state)");

    RecordResult poBox = run(PropertyRef.byAddress("n5", "PO Box 77, Houston, TX 77002"));
    assertThat(poBox.error().code()).isEqualTo(ErrorCode.INVALID_ADDRESS);

    RecordResult apnAlone = run(new PropertyRef("n6", null, null, "123", null, "TX"));
    assertThat(apnAlone.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(apnAlone.error().field()).isEqualTo("county");

    RecordResult nothing = run(new PropertyRef("n7", " ", null, null, null, null));
    assertThat(nothing.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
  }

  @Test
  void aValuationWithoutComparablesMakesThePropertyPartial() {
    RecordResult condo = run(PropertyRef.byPropertyId("v", "P5"), "valuation", "building");
    assertThat(condo.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(condo.warnings()).containsExactly("No valuation: no comparable sales nearby");
    assertThat(((PropertyDetails) condo.data()).valuation()).isNull();
    assertThat(((PropertyDetails) condo.data()).building().livingSqft()).isEqualTo(1_000);
  }

  @Test
  void cacheKeysNormalizeTheInputAndTheSections() {
    String clean = fixture.cacheKey(PropertyRef.byAddress("a", "100 N MAIN ST, AUSTIN, TX 78701"),
        request("tax", "sales"));
    String messy = fixture.cacheKey(PropertyRef.byAddress("b", "100 north main street austin texas 78701"),
        request("sales", "tax"));
    assertThat(messy).isEqualTo(clean);
    assertThat(fixture.cacheKey(PropertyRef.byAddress("a", "100 N MAIN ST, AUSTIN, TX 78701"),
        request("tax"))).isNotEqualTo(clean);
    assertThat(fixture.cacheKey(PropertyRef.byPropertyId("a", "P1"), request()))
        .isEqualTo("property-details|id:P1|all");
  }

  @Test
  void everyGeneratedPropertyIsFoundByIdApnAndAddress() {
    int ambiguous = 0;
    for (Property p : generatedData.properties()) {
      PropertyDetailsRequest req = request("building");
      RecordResult byId = generated.process(PropertyRef.byPropertyId("i", p.propertyId()), req);
      RecordResult byApn = generated.process(PropertyRef.byApn("a", p.apn(), p.county(), p.state()), req);
      String line = p.address().line1() + ", " + p.city() + ", " + p.state() + " " + p.zip5();
      RecordResult byAddress = generated.process(PropertyRef.byAddress("d", line), req);
      assertThat(byId.data()).isEqualTo(byApn.data()).isEqualTo(byAddress.data());
      assertThat(((PropertyDetails) byId.data()).propertyId()).isEqualTo(p.propertyId());
      if (p.unit() != null) {
        String noUnit = p.primaryLine() + ", " + p.city() + ", " + p.state() + " " + p.zip5();
        RecordResult without = generated.process(PropertyRef.byAddress("d", noUnit), req);
        if (generatedData.atAddress(p.primaryLine(), p.zip5()).size() > 1) {
          assertThat(without.error().code()).isEqualTo(ErrorCode.AMBIGUOUS_MATCH);
          ambiguous++;
        }
      }
    }
    assertThat(ambiguous).isPositive();
  }
}
