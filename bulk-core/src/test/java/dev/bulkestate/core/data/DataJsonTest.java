package dev.bulkestate.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.json.BulkJson;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataJsonTest {
  private static final ObjectMapper JSON = BulkJson.mapper();
  private static final Address HOME = Address.of("123 N MAIN ST APT 4", "AUSTIN", "TX", "78701");

  private static <T> T roundTrip(T value, Class<T> type) throws Exception {
    String json = JSON.writeValueAsString(value);
    T back = JSON.readValue(json, type);
    assertThat(back).isEqualTo(value);
    return back;
  }

  @Test
  void propertyDetailsRoundTripsInSnakeCaseAndLeavesOutAbsentSections() throws Exception {
    PropertyDetails details = new PropertyDetails("P0000001", "123-456-789", "Travis", HOME,
        "condo",
        new PropertyDetails.Ownership(
            List.of(new PropertyDetails.Owner("JOHN A SMITH", PropertyDetails.Owner.PERSON),
                new PropertyDetails.Owner("OAK HOLDINGS LLC", PropertyDetails.Owner.COMPANY)),
            false, true, Address.of("PO BOX 12", "DALLAS", "TX", "75201"), LocalDate.of(2019, 5, 2)),
        new PropertyDetails.Tax(310_000, 90_000, 220_000, 6_200, 2025),
        List.of(new PropertyDetails.Sale(LocalDate.of(2019, 5, 2), 325_000, "JOHN A SMITH",
            "MARY JONES", "warranty_deed")),
        List.of(new PropertyDetails.Mortgage("WELLS FARGO", 260_000, LocalDate.of(2019, 5, 2), 4.1,
            30, 221_345)),
        new PropertyDetails.ValuationSummary(400_000, 370_000, 430_000, 81, 178_655,
            LocalDate.of(2026, 1, 1)),
        new PropertyDetails.Demographics("78701", 120, 0.55, 1988, 410_000, 9_800, 91_000, 34.5),
        new PropertyDetails.Building("condo", 2, 2.5, 1_250, 0, 2004, 1, 1),
        new PropertyDetails.Location(30.27, -97.74, "Travis", "TX", "48"));
    roundTrip(details, PropertyDetails.class);

    JsonNode tree = JSON.valueToTree(details);
    assertThat(tree.get("property_id").asText()).isEqualTo("P0000001");
    assertThat(tree.at("/ownership/owner_occupied").asBoolean()).isFalse();
    assertThat(tree.at("/ownership/absentee_owner").asBoolean()).isTrue();
    assertThat(tree.at("/ownership/mailing_address/line1").asText()).isEqualTo("PO BOX 12");
    assertThat(tree.at("/ownership/owned_since").asText()).isEqualTo("2019-05-02");
    assertThat(tree.at("/tax/assessed_value").asLong()).isEqualTo(310_000);
    assertThat(tree.at("/sales/0/document_type").asText()).isEqualTo("warranty_deed");
    assertThat(tree.at("/mortgages/0/estimated_balance").asLong()).isEqualTo(221_345);
    assertThat(tree.at("/building/living_sqft").asInt()).isEqualTo(1_250);
    assertThat(tree.at("/location/state_fips").asText()).isEqualTo("48");

    PropertyDetails bare = new PropertyDetails("P1", "1", "Travis", HOME, "land", null, null, null,
        null, null, null, null, null);
    assertThat(JSON.writeValueAsString(bare)).isEqualTo(
        "{\"property_id\":\"P1\",\"apn\":\"1\",\"county\":\"Travis\",\"address\":{\"line1\":"
            + "\"123 N MAIN ST APT 4\",\"city\":\"AUSTIN\",\"state\":\"TX\",\"zip\":\"78701\"},"
            + "\"property_type\":\"land\"}");
    roundTrip(bare, PropertyDetails.class);
  }

  @Test
  void searchResultRoundTrips() throws Exception {
    PropertySummary summary = new PropertySummary("P2", HOME, "Travis", "single_family", 3, 2.0,
        1_800, 1999, 450_000L, 200_000L, true, false, LocalDate.of(2020, 1, 3), 380_000L, 30.1, -97.2);
    PropertySearchResult result = new PropertySearchResult(17, 1, List.of(summary));
    roundTrip(result, PropertySearchResult.class);
    assertThat(JSON.valueToTree(result).get("total_matches").asLong()).isEqualTo(17);
    assertThat(JSON.valueToTree(result).at("/properties/0/estimated_equity").asLong())
        .isEqualTo(200_000);
  }

  @Test
  void valuationRoundTripsAndReadsBackFromAMap() throws Exception {
    Valuation valuation = new Valuation("P3", HOME, 500_000, 460_000, 540_000, 77,
        List.of(new Valuation.ComparableSale("P4", HOME, 0.42, 1_700, 3, 2.0, 1995, 470_000,
            LocalDate.of(2025, 3, 1), 489_000, 0.81)),
        new Valuation.RentalEstimate(2_600, 2_400, 2_800), "comparable_sales",
        LocalDate.of(2026, 1, 1));
    roundTrip(valuation, Valuation.class);
    JsonNode tree = JSON.valueToTree(valuation);
    assertThat(tree.get("estimated_value").asLong()).isEqualTo(500_000);
    assertThat(tree.get("confidence_score").asInt()).isEqualTo(77);
    assertThat(tree.at("/comparables/0/distance_miles").asDouble()).isEqualTo(0.42);
    assertThat(tree.at("/rental_estimate/monthly_rent").asLong()).isEqualTo(2_600);
    assertThat(tree.get("as_of").asText()).isEqualTo("2026-01-01");

    // What a client reads over HTTP: the data as a map, converted on demand.
    RecordResult overHttp = RecordResult.success("v1", JSON.convertValue(valuation, Object.class));
    assertThat(overHttp.dataAs(Valuation.class)).isEqualTo(valuation);
  }

  @Test
  void skipTraceResultRoundTripsWithoutTheSectionsNotAskedFor() throws Exception {
    SkipTraceResult.Person person = new SkipTraceResult.Person("H1", "JOHN", "A", "SMITH", 47, HOME,
        List.of(new SkipTraceResult.Phone("214-555-0123", SkipTraceResult.Phone.MOBILE, true,
            LocalDate.of(2025, 11, 2))),
        List.of(new SkipTraceResult.Email("john.smith@example.com", "personal")), null, null);
    SkipTraceResult result = new SkipTraceResult(SkipTraceResult.PHONE, List.of(person),
        new SkipTraceResult.Compliance("fcra", "tenant_screening"));
    roundTrip(result, SkipTraceResult.class);
    JsonNode tree = JSON.valueToTree(result);
    assertThat(tree.get("match_type").asText()).isEqualTo("phone");
    assertThat(tree.at("/persons/0/phones/0/dnc").asBoolean()).isTrue();
    assertThat(tree.at("/persons/0").has("relatives")).isFalse();
    assertThat(tree.at("/persons/0").has("property_history")).isFalse();
    assertThat(tree.at("/compliance/permissible_purpose").asText()).isEqualTo("tenant_screening");

    SkipTraceResult.Person full = new SkipTraceResult.Person("H1", "JOHN", null, "SMITH", null,
        null, List.of(), List.of(),
        List.of(new SkipTraceResult.Relative("H2", "JANE SMITH", "spouse", 45)),
        List.of(new SkipTraceResult.PropertyRecord("P1", HOME, "owner", LocalDate.of(2010, 1, 1),
            null)));
    roundTrip(new SkipTraceResult(SkipTraceResult.NAME_ADDRESS, List.of(full),
        new SkipTraceResult.Compliance("standard", null)), SkipTraceResult.class);
  }

  @Test
  void addressFormsOneLine() {
    assertThat(HOME.oneLine()).isEqualTo("123 N MAIN ST APT 4, AUSTIN, TX 78701");
    assertThat(new Address("1 A ST", "STE 2", "X", "TX", "75201", "1234").oneLine())
        .isEqualTo("1 A ST, STE 2, X, TX 75201-1234");
  }
}
