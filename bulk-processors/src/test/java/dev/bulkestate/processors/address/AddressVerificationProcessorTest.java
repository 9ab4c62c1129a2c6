package dev.bulkestate.processors.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.VerifiedAddress;
import dev.bulkestate.core.data.VerifiedAddress.Components;
import dev.bulkestate.core.data.VerifiedAddress.Correction;
import dev.bulkestate.core.data.VerifiedAddress.Deliverability;
import dev.bulkestate.core.data.VerifiedAddress.Geocode;
import dev.bulkestate.core.data.VerifiedAddress.Suggestion;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.AddressInput;
import dev.bulkestate.core.request.AddressVerificationRequest;
import dev.bulkestate.core.request.VerificationOptions;
import dev.bulkestate.processors.geo.ZipTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AddressVerificationProcessorTest {

  /** A tiny directory: a map from "primary line|zip" to the addresses there. */
  static final class TestDirectory implements AddressDirectory {
    private final Map<String, List<KnownAddress>> byLine = new LinkedHashMap<>();
    private final Map<String, Set<String>> streets = new LinkedHashMap<>();

    TestDirectory add(KnownAddress a) {
      byLine.computeIfAbsent(a.primaryLine() + "|" + a.zip5(), k -> new ArrayList<>()).add(a);
      return this;
    }

    TestDirectory street(String zip, String street) {
      streets.computeIfAbsent(zip, k -> new LinkedHashSet<>()).add(street);
      return this;
    }

    @Override
    public List<KnownAddress> find(String zip5, String primaryLine) {
      return byLine.getOrDefault(primaryLine + "|" + zip5, List.of());
    }

    @Override
    public Collection<String> streets(String zip5) {
      return streets.getOrDefault(zip5, Set.of());
    }
  }

  private static final TestDirectory DIRECTORY = new TestDirectory()
      .add(new KnownAddress("P1", "123 N MAIN ST", null, "78701", "1234", "AUSTIN", "Travis", 30.27, -97.74))
      .add(new KnownAddress("P2", "500 CONGRESS AVE", "APT 1", "78701", "2001", "AUSTIN", "Travis", 30.268, -97.742))
      .add(new KnownAddress("P2", "500 CONGRESS AVE", "APT 2", "78701", "2002", "AUSTIN", "Travis", 30.268, -97.742))
      .add(new KnownAddress("P2", "500 CONGRESS AVE", "APT 3", "78701", "2003", "AUSTIN", "Travis", 30.268, -97.742))
      .add(new KnownAddress("P3", "42 OAK DR", null, "78701", null, "AUSTIN", "Travis", 30.26, -97.75))
      .add(new KnownAddress("P4", "77 ELM ST", null, "78704", "4477", "AUSTIN", "Travis", 30.24, -97.76))
      .street("78701", "N MAIN ST").street("78701", "CONGRESS AVE").street("78701", "OAK DR")
      .street("78701", "S MAIN ST").street("78701", "MAPLE LN").street("78704", "ELM ST");

  private static final AddressVerificationProcessor PROCESSOR = new AddressVerificationProcessor(
      AddressStandardizer.standard(), ZipTable.standard(), DIRECTORY);

  private static final Geocode AUSTIN_78701_CENTROID = new Geocode(30.2713, -97.7426, "zip5");

  private static AddressVerificationRequest request(VerificationOptions options) {
    return new AddressVerificationRequest("test", List.of(), options, null);
  }

  private static RecordResult run(AddressInput input) {
    return PROCESSOR.process(input, request(null));
  }

  private static RecordResult run(String full) {
    return run(AddressInput.full("r1", full));
  }

  private static VerifiedAddress data(RecordResult result) {
    return result.dataAs(VerifiedAddress.class);
  }

  private static void assertInvalid(RecordResult result, String field, String issue) {
    assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
    assertThat(result.data()).isNull();
    assertThat(result.error()).isEqualTo(
        ApiError.field(ErrorCode.INVALID_ADDRESS, "Address format is invalid", field, issue));
  }

  @Test
  void addressInTheDirectoryIsDeliverableWithRooftopGeocodeAndZip4() {
    RecordResult result = run("123 north main street, austin, tx 78701");
    assertThat(result.id()).isEqualTo("r1");
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(result.warnings()).isNull();
    assertThat(data(result)).isEqualTo(new VerifiedAddress(
        "123 N MAIN ST", "AUSTIN TX 78701-1234",
        new Components("123", "N", "MAIN", "ST", null, null, null, "AUSTIN", "TX", "78701", "1234", "street"),
        "Travis", new Geocode(30.27, -97.74, "rooftop"),
        new Deliverability("deliverable", true, "P1", null), null,
        List.of(new Correction("zip4", null, "1234", "ZIP+4 added from the reference data"))));
  }

  @Test
  void addressNotInTheDirectoryGetsTheZipCentroidAndNoZip4() {
    RecordResult result = run("999 Nowhere Rd, Austin, TX 78701");
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(data(result)).isEqualTo(new VerifiedAddress(
        "999 NOWHERE RD", "AUSTIN TX 78701",
        new Components("999", null, "NOWHERE", "RD", null, null, null, "AUSTIN", "TX", "78701", null, "street"),
        "Travis", AUSTIN_78701_CENTROID,
        new Deliverability("not_in_dataset", false, null, null), null, null));
  }

  @Test
  void zip4GivenByTheUserIsKeptButNeverInvented() {
    VerifiedAddress kept = data(run("999 Nowhere Rd, Austin, TX 78701-5555"));
    assertThat(kept.lastLine()).isEqualTo("AUSTIN TX 78701-5555");
    assertThat(kept.components().zip4()).isEqualTo("5555");
    VerifiedAddress none = data(run("42 Oak Dr, Austin, TX 78701"));
    assertThat(none.lastLine()).isEqualTo("AUSTIN TX 78701");
    assertThat(none.components().zip4()).isNull();
    assertThat(none.deliverability()).isEqualTo(new Deliverability("deliverable", true, "P3", null));
  }

  @Test
  void wrongZip4IsCorrectedFromTheDirectory() {
    RecordResult result = run("123 N Main St, Austin, TX 78701-9999");
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(data(result).lastLine()).isEqualTo("AUSTIN TX 78701-1234");
    assertThat(data(result).corrections()).containsExactly(
        new Correction("zip4", "9999", "1234", "ZIP+4 corrected from the reference data"));
  }

  @Test
  void unknownZipFails() {
    assertInvalid(run("1 Main St, Austin, TX 00000"), "zip", "Unknown ZIP code");
  }

  @Test
  void stateThatDoesNotMatchTheZipFails() {
    assertInvalid(run("123 N Main St, Austin, CA 78701"), "state", "State does not match ZIP code");
  }

  @Test
  void unrecognizedStateFails() {
    assertInvalid(run(AddressInput.of("r1", "123 N Main St", "Austin", "Tejas", "78701")),
        "state", "Unrecognized state");
  }

  @Test
  void cityThatDoesNotMatchTheZipIsCorrectedWithAWarning() {
    RecordResult result = run("123 N Main St, Dallas, TX 78701");
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly(
        "City DALLAS does not match ZIP code 78701; corrected to AUSTIN");
    assertThat(data(result).lastLine()).isEqualTo("AUSTIN TX 78701-1234");
    assertThat(data(result).corrections()).containsExactly(
        new Correction("city", "DALLAS", "AUSTIN", "City does not match the ZIP code"),
        new Correction("zip4", null, "1234", "ZIP+4 added from the reference data"));
  }

  @Test
  void cityWrittenDifferentlyIsNoCorrection() {
    RecordResult result = run("123 Main St, St. Louis, MO 63101");
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(data(result).lastLine()).isEqualTo("SAINT LOUIS MO 63101");
    assertThat(data(result).corrections()).isNull();
  }

  @Test
  void nearbyPlaceOfTheSameStateIsAcceptedAsTheCity() {
    // GeoNames calls 02134 ALLSTON; BOSTON (ZIP centroids within 10 miles) is accepted as written.
    assertThat(ZipTable.standard().find("02134").orElseThrow().city()).isEqualTo("Allston");
    RecordResult boston = run("10 Downing St, Boston, MA 02134");
    assertThat(boston.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(data(boston).lastLine()).isEqualTo("BOSTON MA 02134");
    // Springfield MA is about 80 miles away: corrected.
    RecordResult springfield = run("10 Downing St, Springfield, MA 02134");
    assertThat(springfield.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(data(springfield).lastLine()).isEqualTo("ALLSTON MA 02134");
  }

  @Test
  void missingStateAndCityAreFilledFromTheZip() {
    RecordResult result = run(AddressInput.of("r1", "999 Nowhere Rd", null, null, "78701"));
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly("State added from the ZIP code", "City added from the ZIP code");
    assertThat(data(result).lastLine()).isEqualTo("AUSTIN TX 78701");
  }

  @Test
  void streetProblemsFailWithTheField() {
    assertInvalid(run(AddressInput.of("r1", "Main St", "Austin", "TX", "78701")), "street", "Missing street number");
    assertInvalid(run("Austin, TX 78701"), "street", "Missing street");
    assertInvalid(run("123, Austin, TX 78701"), "street", "Missing street name");
    assertInvalid(run("PO Box, Austin, TX 78701"), "street", "Missing box number");
  }

  @Test
  void invalidZipFormatFails() {
    assertInvalid(run(AddressInput.of("r1", "1 Main St", "Austin", "TX", "ABCDE")), "zip", "Invalid ZIP code format");
    assertInvalid(run(AddressInput.of("r1", "1 Main St", "Austin", "TX", "7870")), "zip", "Invalid ZIP code format");
  }

  @Test
  void zipThatLostItsLeadingZeroIsRestored() {
    RecordResult result = run(AddressInput.of("r1", "10 Downing St", "Boston", "MA", "2134"));
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly("ZIP code had four digits; a leading zero was restored");
    VerifiedAddress data = data(result);
    assertThat(data.lastLine()).isEqualTo("BOSTON MA 02134");
    assertThat(data.corrections()).containsExactly(
        new Correction("zip", "2134", "02134", "ZIP code had four digits; a leading zero was restored"));
  }

  @Test
  void missingZipIsFoundFromTheDirectoryAmongTheCitysZips() {
    RecordResult result = run(AddressInput.of("r1", "77 Elm St", "Austin", "TX", null));
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly("ZIP code added from the reference data");
    VerifiedAddress data = data(result);
    assertThat(data.lastLine()).isEqualTo("AUSTIN TX 78704-4477");
    assertThat(data.geocode()).isEqualTo(new Geocode(30.24, -97.76, "rooftop"));
    assertThat(data.corrections()).containsExactly(
        new Correction("zip", null, "78704", "ZIP code found from the address in the reference data"),
        new Correction("zip4", null, "4477", "ZIP+4 added from the reference data"));
  }

  @Test
  void missingZipIsFoundFromACityWithOneZip() {
    RecordResult result = run("1 Main St, Cold Bay, AK");
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly("ZIP code added from the city and state");
    assertThat(data(result).lastLine()).isEqualTo("COLD BAY AK 99571");
    assertThat(data(result).geocode()).isEqualTo(new Geocode(55.1858, -162.7211, "zip5"));
  }

  @Test
  void missingZipInACityWithManyZipsStaysMissingWithoutGeocode() {
    long austinZips = ZipTable.standard().inState("TX").stream().filter(z -> z.city().equals("Austin")).count();
    assertThat(austinZips).isEqualTo(74);
    RecordResult result = run("1 Main St, Austin, TX");
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly("ZIP code missing; AUSTIN TX has 74 ZIP codes");
    VerifiedAddress data = data(result);
    assertThat(data.lastLine()).isEqualTo("AUSTIN TX");
    assertThat(data.geocode()).isNull();
    assertThat(data.county()).isNull();
    assertThat(data.deliverability()).isEqualTo(new Deliverability("not_in_dataset", false, null, null));
  }

  @Test
  void missingZipWithAnUnknownCityOrNoCityFails() {
    assertInvalid(run("1 Main St, Nowheresville, TX"), "city", "City not found in state");
    assertInvalid(run(AddressInput.of("r1", "1 Main St", null, "TX", null)), "zip", "Missing ZIP code");
    assertInvalid(run(AddressInput.of("r1", "1 Main St", "Austin", null, null)), "zip", "Missing ZIP code");
  }

  @Test
  void missingUnitWhereTheDirectoryHasUnits() {
    RecordResult result = run("500 Congress Ave, Austin, TX 78701");
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly("Unit missing: the reference data has 3 units at this address");
    VerifiedAddress data = data(result);
    assertThat(data.deliverability()).isEqualTo(new Deliverability("missing_unit", true, "P2", 3));
    assertThat(data.geocode()).isEqualTo(new Geocode(30.268, -97.742, "rooftop"));
    assertThat(data.lastLine()).isEqualTo("AUSTIN TX 78701");
  }

  @Test
  void knownUnitIsDeliverableWithItsZip4() {
    RecordResult result = run("500 Congress Avenue Apartment 2, Austin TX 78701");
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    VerifiedAddress data = data(result);
    assertThat(data.deliveryLine()).isEqualTo("500 CONGRESS AVE APT 2");
    assertThat(data.lastLine()).isEqualTo("AUSTIN TX 78701-2002");
    assertThat(data.deliverability()).isEqualTo(new Deliverability("deliverable", true, "P2", 3));
  }

  @Test
  void poundUnitTakesTheDirectorysDesignator() {
    RecordResult result = run("500 Congress Ave #3, Austin TX 78701");
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly("Unit # 3 corrected to APT 3");
    VerifiedAddress data = data(result);
    assertThat(data.deliveryLine()).isEqualTo("500 CONGRESS AVE APT 3");
    assertThat(data.components().unitDesignator()).isEqualTo("APT");
    assertThat(data.corrections()).containsExactly(
        new Correction("unit", "# 3", "APT 3", "Unit designator corrected from the reference data"),
        new Correction("zip4", null, "2003", "ZIP+4 added from the reference data"));
  }

  @Test
  void unknownUnitAndExtraUnit() {
    RecordResult unknown = run("500 Congress Ave Apt 9, Austin TX 78701");
    assertThat(unknown.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(unknown.warnings()).containsExactly(
        "Unit APT 9 not found: the reference data has 3 other units at this address");
    assertThat(data(unknown).deliverability()).isEqualTo(new Deliverability("unknown_unit", true, "P2", 3));
    assertThat(data(unknown).lastLine()).isEqualTo("AUSTIN TX 78701");

    RecordResult extra = run("123 N Main St Apt 5, Austin TX 78701");
    assertThat(extra.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(extra.warnings()).containsExactly(
        "Unit APT 5 not known: the reference data has this address without units");
    assertThat(data(extra).deliverability()).isEqualTo(new Deliverability("extra_unit", true, "P1", null));
    assertThat(data(extra).deliveryLine()).isEqualTo("123 N MAIN ST APT 5");
  }

  @Test
  void suggestionsByEditDistanceOverTheZipsStreets() {
    AddressVerificationRequest request = request(new VerificationOptions(null, null, null, true, 3));
    RecordResult result = PROCESSOR.process(AddressInput.full("r1", "123 N Mian St, Austin TX 78701"), request);
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(data(result).deliverability().status()).isEqualTo("not_in_dataset");
    assertThat(data(result).suggestions()).containsExactly(
        new Suggestion("123 N MAIN ST", "AUSTIN TX 78701", 2, true),
        new Suggestion("123 S MAIN ST", "AUSTIN TX 78701", 3, false));

    AddressVerificationRequest one = request(new VerificationOptions(null, null, null, true, 1));
    assertThat(data(PROCESSOR.process(AddressInput.full("r1", "123 N Mian St, Austin TX 78701"), one))
        .suggestions()).containsExactly(new Suggestion("123 N MAIN ST", "AUSTIN TX 78701", 2, true));

    // Not asked: none; found: none needed.
    assertThat(data(run("123 N Mian St, Austin TX 78701")).suggestions()).isNull();
    assertThat(data(PROCESSOR.process(AddressInput.full("r1", "123 N Main St, Austin TX 78701"), request))
        .suggestions()).isNull();
    // Nothing close: an empty list.
    assertThat(data(PROCESSOR.process(AddressInput.full("r1", "5 Zzyzx Rd, Austin TX 78701"), request))
        .suggestions()).isEmpty();
  }

  @Test
  void optionsTurnPartsOff() {
    AddressVerificationRequest off = request(new VerificationOptions(false, false, false, false, null));
    RecordResult result = PROCESSOR.process(
        AddressInput.of("r1", " 500  Congress Ave ", "Austin", "TX", "78701"), off);
    // Without deliverability the missing unit is not a warning.
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(data(result)).isEqualTo(new VerifiedAddress(
        "500 Congress Ave", "Austin TX 78701", null, "Travis", null, null, null, null));
  }

  @Test
  void emptyDirectoryMeansEveryValidAddressIsNotInTheDataset() {
    AddressVerificationProcessor bare = new AddressVerificationProcessor(
        AddressStandardizer.standard(), ZipTable.standard(), AddressDirectory.EMPTY);
    RecordResult result = bare.process(AddressInput.full("r1", "123 N Main St, Austin TX 78701"), request(null));
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    assertThat(data(result).deliverability()).isEqualTo(new Deliverability("not_in_dataset", false, null, null));
    assertThat(data(result).geocode()).isEqualTo(AUSTIN_78701_CENTROID);
  }

  @Test
  void cacheKeyIgnoresSpacingButNotContentOrOptions() {
    AddressVerificationRequest defaults = request(null);
    String a = PROCESSOR.cacheKey(AddressInput.full("a", "123 Main St,  Austin TX 78701 "), defaults);
    String b = PROCESSOR.cacheKey(AddressInput.full("b", " 123 Main St, Austin TX 78701"), defaults);
    assertThat(a).isEqualTo(b).isEqualTo("address-verification/1|F|123 Main St, Austin TX 78701|SGDr");
    assertThat(PROCESSOR.cacheKey(AddressInput.full("c", "124 Main St, Austin TX 78701"), defaults)).isNotEqualTo(a);
    assertThat(PROCESSOR.cacheKey(AddressInput.full("a", "123 Main St, Austin TX 78701"),
        request(VerificationOptions.all()))).isEqualTo("address-verification/1|F|123 Main St, Austin TX 78701|SGDR3");
    assertThat(PROCESSOR.cacheKey(AddressInput.of("a", "123 Main St", "Austin", "TX", "78701"), defaults))
        .isEqualTo("address-verification/1|C|123 Main St|Austin|TX|78701|SGDr");
  }

  @Test
  void resultRoundTripsThroughJson() throws Exception {
    RecordResult result = PROCESSOR.process(AddressInput.full("r1", "500 Congress Ave #3, Austin TX 78701"),
        request(VerificationOptions.all()));
    String json = BulkJson.mapper().writeValueAsString(result);
    assertThat(json).contains("\"delivery_line\":\"500 CONGRESS AVE APT 3\"", "\"record_type\":\"street\"",
        "\"in_dataset\":true", "\"precision\":\"rooftop\"", "\"unit_count\":3");
    RecordResult back = BulkJson.mapper().readValue(json, RecordResult.class);
    assertThat(back.dataAs(VerifiedAddress.class)).isEqualTo(result.data());
    assertThat(back.warnings()).isEqualTo(result.warnings());
    assertThat(back.status()).isEqualTo(RecordStatus.PARTIAL);
  }

  @Test
  void concurrentUseGivesTheSameResultsAsSequential() throws Exception {
    List<String> inputs = List.of("123 N Main St, Austin TX 78701", "500 Congress Ave, Austin TX 78701",
        "500 Congress Ave #3, Austin TX 78701", "999 Nowhere Rd, Austin, TX 78701", "1 Main St, Austin, TX",
        "77 Elm St, Austin, TX", "123 N Main St, Dallas, TX 78701", "1 Main St, Austin, TX 00000");
    AddressVerificationRequest request = request(VerificationOptions.all());
    List<RecordResult> expected = new ArrayList<>();
    for (String input : inputs) {
      expected.add(PROCESSOR.process(AddressInput.full("r", input), request));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<RecordResult>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          List<RecordResult> out = new ArrayList<>();
          for (int round = 0; round < 50; round++) {
            for (String input : inputs) {
              out.add(PROCESSOR.process(AddressInput.full("r", input), request));
            }
          }
          return out;
        }));
      }
      for (Future<List<RecordResult>> future : futures) {
        List<RecordResult> got = future.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i)).isEqualTo(expected.get(i % inputs.size()));
        }
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
