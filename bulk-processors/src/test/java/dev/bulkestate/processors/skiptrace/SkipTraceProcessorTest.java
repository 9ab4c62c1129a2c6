package dev.bulkestate.processors.skiptrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.Address;
import dev.bulkestate.core.data.SkipTraceResult;
import dev.bulkestate.core.request.PersonName;
import dev.bulkestate.core.request.PostalAddress;
import dev.bulkestate.core.request.SkipTraceOptions;
import dev.bulkestate.core.request.SkipTraceRecord;
import dev.bulkestate.core.request.SkipTraceRequest;
import dev.bulkestate.processors.address.AddressStandardizer;
import dev.bulkestate.processors.data.Fixture;
import dev.bulkestate.processors.data.InMemoryPropertyDataset;
import dev.bulkestate.processors.data.Person;
import dev.bulkestate.processors.data.PropertyResolver;
import dev.bulkestate.processors.generator.SyntheticDataGenerator;
import dev.bulkestate.processors.geo.ZipTable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SkipTraceProcessorTest {
  private static final Address P1 = Address.of("100 N MAIN ST", "AUSTIN", "TX", "78701");
  private static final SkipTraceResult.Compliance STANDARD =
      new SkipTraceResult.Compliance("standard", null);
  private static SkipTraceProcessor fixture;

  @BeforeAll
  static void build() {
    fixture = processor(Fixture.dataset());
  }

  static SkipTraceProcessor processor(InMemoryPropertyDataset dataset) {
    return new SkipTraceProcessor(new PropertyResolver(dataset, AddressStandardizer.standard()),
        AddressStandardizer.standard(), ZipTable.standard());
  }

  private static SkipTraceRequest request(SkipTraceOptions options) {
    return new SkipTraceRequest(null, List.of(SkipTraceRecord.byPhone("x", "5125550101")), options, null);
  }

  private static RecordResult run(SkipTraceRecord record) {
    return fixture.process(record, request(null));
  }

  private static SkipTraceResult.Person john() {
    return new SkipTraceResult.Person("PER1", "JOHN", "A", "SMITH", 56, P1,
        List.of(new SkipTraceResult.Phone("512-555-0101", "mobile", false, LocalDate.of(2025, 12, 1)),
            new SkipTraceResult.Phone("512-555-0102", "landline", true, LocalDate.of(2025, 6, 1))),
        List.of(new SkipTraceResult.Email("john.smith@example.com", "personal")), null, null);
  }

  private static SkipTraceResult.Person mary() {
    return new SkipTraceResult.Person("PER2", "MARY", null, "SMITH", 54, P1,
        List.of(new SkipTraceResult.Phone("512-555-0103", "voip", false, null)), List.of(), null, null);
  }

  @Test
  void aPropertyAddressGivesItsOwnersOfRecord() {
    RecordResult result = run(SkipTraceRecord.byPropertyAddress("o", "100 north main street, austin tx 78701"));
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(result.data()).isEqualTo(
        new SkipTraceResult("owner_of_record", List.of(john(), mary()), STANDARD));
  }

  @Test
  void relativesAndPropertyHistoryOnlyWhenAsked() {
    RecordResult result = fixture.process(SkipTraceRecord.byPhone("r", "(512) 555-0101"),
        request(new SkipTraceOptions(true, true, "fcra", "tenant_screening")));
    SkipTraceResult data = (SkipTraceResult) result.data();
    assertThat(data.matchType()).isEqualTo("phone");
    assertThat(data.compliance()).isEqualTo(new SkipTraceResult.Compliance("fcra", "tenant_screening"));
    SkipTraceResult.Person person = data.persons().get(0);
    assertThat(person.relatives()).containsExactly(
        new SkipTraceResult.Relative("PER2", "MARY SMITH", "spouse", 54));
    assertThat(person.propertyHistory()).containsExactly(
        new SkipTraceResult.PropertyRecord("P1", P1, "owner", LocalDate.of(2020, 6, 1), null));

    SkipTraceResult.Person plain = ((SkipTraceResult) run(SkipTraceRecord.byPhone("r", "512.555.0101"))
        .data()).persons().get(0);
    assertThat(plain).isEqualTo(john());
  }

  @Test
  void aPhoneInAnyFormatFindsItsPerson() {
    for (String phone : List.of("512-555-0103", "+1 (512) 555-0103", "15125550103", "512 555 0103")) {
      SkipTraceResult data = (SkipTraceResult) run(SkipTraceRecord.byPhone("p", phone)).data();
      assertThat(data).as(phone).isEqualTo(new SkipTraceResult("phone", List.of(mary()), STANDARD));
    }
    RecordResult unknown = run(SkipTraceRecord.byPhone("u", "512-555-9999"));
    assertThat(unknown.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(unknown.error().message()).isEqualTo("Not enough information to perform skip trace");
    assertThat(unknown.error().details()).isEqualTo(Map.of("field", "phone",
        "issue", "No person found at 512-555-9999"));
    for (String bad : List.of("555-0101", "512-555-010", "call me", "2-512-555-0101")) {
      RecordResult r = run(SkipTraceRecord.byPhone("b", bad));
      assertThat(r.error().code()).as(bad).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
      assertThat(r.error().details()).as(bad).containsEntry("issue", "Not a 10-digit phone number");
    }
  }

  @Test
  void aNameAndAddressFindsResidentsAndOwners() {
    RecordResult john = run(SkipTraceRecord.byNameAndAddress("n", PersonName.of("john", "smith"),
        new PostalAddress("100 N Main Street", "Austin", "TX", null)));
    assertThat(john.data()).isEqualTo(new SkipTraceResult("name_address", List.of(john()), STANDARD));

    // A first initial matches; no first name matches everyone of that name at the address.
    RecordResult initial = run(SkipTraceRecord.byNameAndAddress("n", new PersonName("M", null, "Smith"),
        new PostalAddress("100 n main st", null, null, "78701")));
    assertThat(((SkipTraceResult) initial.data()).persons()).containsExactly(mary());
    RecordResult family = run(SkipTraceRecord.byNameAndAddress("n", new PersonName(null, null, "SMITH"),
        new PostalAddress("100 n main st", "austin", "tx", "78701")));
    assertThat(((SkipTraceResult) family.data()).persons()).containsExactly(john(), mary());

    // The tenant of an absentee-owned condo lives there.
    RecordResult tenant = run(SkipTraceRecord.byNameAndAddress("t", PersonName.of("Jane", "Doe"),
        new PostalAddress("200 E 6th St Apt 102", "Austin", "TX", "78701")));
    assertThat(((SkipTraceResult) tenant.data()).persons()).extracting(SkipTraceResult.Person::personId)
        .containsExactly("PER3");
  }

  @Test
  void aPersonLivingOutsideTheDatasetIsFoundByTheirOwnAddressOrZip() {
    RecordResult home = run(SkipTraceRecord.byNameAndAddress("h", PersonName.of("Robert", "Jones"),
        new PostalAddress("9 Elm Street", "Dallas", "TX", "75201")));
    assertThat(home.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(((SkipTraceResult) home.data()).matchType()).isEqualTo("name_address");

    RecordResult zipOnly = run(SkipTraceRecord.byNameAndAddress("z", PersonName.of("Robert", "Jones"),
        new PostalAddress("1 Other St", "Dallas", "TX", null)));
    assertThat(zipOnly.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(zipOnly.warnings()).containsExactly(
        "Matched by name and ZIP code; the street address is not on record for this person");
    SkipTraceResult data = (SkipTraceResult) zipOnly.data();
    assertThat(data.matchType()).isEqualTo("name_zip");
    assertThat(data.persons()).extracting(SkipTraceResult.Person::personId).containsExactly("PER4");
    assertThat(data.persons().get(0).phones()).containsExactly(
        new SkipTraceResult.Phone("214-555-0105", "mobile", true, null));

    RecordResult nobody = run(SkipTraceRecord.byNameAndAddress("x", PersonName.of("Nobody", "Here"),
        new PostalAddress("9 Elm St", "Dallas", "TX", "75201")));
    assertThat(nobody.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(nobody.error().details()).containsEntry("field", "name")
        .containsEntry("issue", "No person named Nobody Here found at or near 9 ELM ST");
  }

  @Test
  void failsWhenTheInputIdentifiesNobody() {
    RecordResult company = run(SkipTraceRecord.byPropertyAddress("c", "300 Lavaca St, Austin, TX 78701"));
    assertThat(company.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(company.error().details()).containsEntry("issue",
        "The owner of record (OAK HOLDINGS LLC) is not a person");

    RecordResult noProperty = run(SkipTraceRecord.byPropertyAddress("n", "1 Nowhere Ln, Austin, TX 78701"));
    assertThat(noProperty.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(noProperty.error().details()).isEqualTo(Map.of("field", "property_address",
        "issue", "No property at 1 NOWHERE LN, AUSTIN TX 78701"));

    RecordResult ambiguous = run(SkipTraceRecord.byPropertyAddress("a", "200 E 6th St, Austin, TX 78701"));
    assertThat(ambiguous.error().code()).isEqualTo(ErrorCode.AMBIGUOUS_MATCH);

    RecordResult noNumber = run(SkipTraceRecord.byNameAndAddress("i", PersonName.of("A", "B"),
        new PostalAddress("Main St", "Austin", "TX", "78701")));
    assertThat(noNumber.error().code()).isEqualTo(ErrorCode.INVALID_ADDRESS);
    assertThat(noNumber.error().details()).containsEntry("field", "address.street");

    RecordResult empty = run(new SkipTraceRecord("e", null, null, null, "  "));
    assertThat(empty.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(empty.error().field()).isEqualTo("property_address");
  }

  @Test
  void fcraWithoutAPermissiblePurposeFailsTheRecord() {
    RecordResult result = fixture.process(SkipTraceRecord.byPhone("f", "512-555-0101"),
        request(new SkipTraceOptions(null, null, "fcra", null)));
    assertThat(result.error().code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    assertThat(result.error().field()).isEqualTo("options.permissible_purpose");
  }

  @Test
  void anOwnerWithoutContactsIsPartial() {
    RecordResult kim = run(SkipTraceRecord.byPropertyAddress("k", "400 W 2nd St, Austin, TX 78701"));
    assertThat(kim.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(kim.warnings()).containsExactly("No phone number or email found");
    SkipTraceResult.Person alex = ((SkipTraceResult) kim.data()).persons().get(0);
    assertThat(alex.age()).isNull();
    assertThat(alex.phones()).isEmpty();
  }

  @Test
  void cacheKeysNormalizeAndIncludeTheOptions() {
    SkipTraceRequest plain = request(null);
    assertThat(fixture.cacheKey(SkipTraceRecord.byPhone("a", "(512) 555-0101"), plain))
        .isEqualTo(fixture.cacheKey(SkipTraceRecord.byPhone("b", "+1 512 555 0101"), plain))
        .isEqualTo("skip-trace|phone:5125550101|false,false,null,null");
    assertThat(fixture.cacheKey(SkipTraceRecord.byPhone("a", "5125550101"),
        request(new SkipTraceOptions(true, null, null, null))))
        .isEqualTo("skip-trace|phone:5125550101|true,false,null,null");
    assertThat(fixture.cacheKey(SkipTraceRecord.byPropertyAddress("a", "100 N Main St, Austin TX 78701"), plain))
        .isEqualTo(fixture.cacheKey(SkipTraceRecord.byPropertyAddress("b", "100 NORTH MAIN STREET AUSTIN TEXAS 78701"), plain));
  }

  @Test
  void everyGeneratedPhoneAndOwnerIsTraced() {
    InMemoryPropertyDataset data = SyntheticDataGenerator.standard().generate(9, 1_500).dataset();
    SkipTraceProcessor generated = processor(data);
    int traced = 0;
    for (Person person : data.people()) {
      for (var phone : person.phones()) {
        SkipTraceResult r = (SkipTraceResult) generated.process(
            SkipTraceRecord.byPhone("p", phone.number()), request(null)).data();
        assertThat(r.persons()).extracting(SkipTraceResult.Person::personId)
            .containsExactly(person.personId());
        traced++;
      }
      if (person.residencePropertyId() != null) {
        var home = data.byId(person.residencePropertyId()).orElseThrow();
        RecordResult r = generated.process(SkipTraceRecord.byNameAndAddress("n",
            PersonName.of(person.firstName(), person.lastName()),
            new PostalAddress(home.address().line1(), home.city(), home.state(), home.zip5())), request(null));
        assertThat(((SkipTraceResult) r.data()).persons()).extracting(SkipTraceResult.Person::personId)
            .contains(person.personId());
      }
    }
    assertThat(traced).isGreaterThan(2_000);
  }
}
