package dev.bulkestate.processors.valuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.Address;
import dev.bulkestate.core.data.Valuation;
import dev.bulkestate.core.request.PropertyRef;
import dev.bulkestate.core.request.ValuationOptions;
import dev.bulkestate.core.request.ValuationsRequest;
import dev.bulkestate.processors.address.AddressStandardizer;
import dev.bulkestate.processors.data.Fixture;
import dev.bulkestate.processors.data.InMemoryPropertyDataset;
import dev.bulkestate.processors.data.PropertyResolver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ValuationProcessorTest {
  private static ValuationProcessor processor;

  @BeforeAll
  static void build() {
    InMemoryPropertyDataset dataset = Fixture.dataset();
    processor = new ValuationProcessor(new PropertyResolver(dataset, AddressStandardizer.standard()),
        new ComparableSalesModel(dataset));
  }

  private static ValuationsRequest request(ValuationOptions options) {
    return new ValuationsRequest(null, List.of(PropertyRef.byPropertyId("x", "P1")), options, null);
  }

  private static Address at(String line) {
    return Address.of(line, "AUSTIN", "TX", "78701");
  }

  @Test
  void valuesFromTheComparablesWithTheDocumentedFormulas() {
    RecordResult result = processor.process(
        PropertyRef.byAddress("v1", "100 North Main Street, Austin TX 78701"),
        request(ValuationOptions.all()));
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    // Three identical houses at distance 0 sold today: equal weights, mean 310,000,
    // cv = 8,165 / 310,000 = 0.0263 -> h = sqrt(cv^2 + 0.06^2) = 0.0655, confidence
    // round(100 x (1 - 0.0263 / 0.35) x min(1, 3/6)) = 46; rent 310,000 x 0.65346% = 2,025.
    Valuation expected = new Valuation("P1", at("100 N MAIN ST"), 310_000, 289_700, 330_300, 46,
        List.of(
            new Valuation.ComparableSale("P2", at("101 N MAIN ST"), 0.0, 1_800, 3, 2.0, 2000,
                300_000, Fixture.AS_OF, 300_000, 1.0),
            new Valuation.ComparableSale("P3", at("103 N MAIN ST"), 0.0, 1_800, 3, 2.0, 2000,
                310_000, Fixture.AS_OF, 310_000, 1.0),
            new Valuation.ComparableSale("P4", at("105 N MAIN ST"), 0.0, 1_800, 3, 2.0, 2000,
                320_000, Fixture.AS_OF, 320_000, 1.0)),
        new Valuation.RentalEstimate(2_025, 1_890, 2_160), "comparable_sales", Fixture.AS_OF);
    assertThat(result.data()).isEqualTo(expected);
  }

  @Test
  void leavesOutWhatWasNotAskedAndCapsTheComparables() {
    Valuation plain = (Valuation) processor.process(PropertyRef.byPropertyId("v", "P1"),
        request(null)).data();
    assertThat(plain.comparables()).isNull();
    assertThat(plain.rentalEstimate()).isNull();
    assertThat(plain.confidenceScore()).isEqualTo(46);

    Valuation two = (Valuation) processor.process(PropertyRef.byPropertyId("v", "P1"),
        request(new ValuationOptions(false, true, false, 2))).data();
    assertThat(two.confidenceScore()).isNull();
    assertThat(two.comparables()).extracting(Valuation.ComparableSale::propertyId)
        .containsExactly("P2", "P3");
  }

  @Test
  void thinComparablesGiveAPartialResultWithAWarning() {
    RecordResult result = processor.process(PropertyRef.byPropertyId("t", "P9"), request(null));
    assertThat(result.status()).isEqualTo(RecordStatus.PARTIAL);
    assertThat(result.warnings()).containsExactly(
        "Only 2 comparable sales found; the estimate is less reliable");
    Valuation v = (Valuation) result.data();
    // 400,000 and 420,000: mean 410,000, cv 0.0244, confidence round(100 x 0.9303 x 2/6) = 31.
    assertThat(List.of(v.estimatedValue(), v.low(), v.high())).containsExactly(410_000L, 383_400L, 436_600L);
    assertThat(v.confidenceScore()).isEqualTo(31);
  }

  @Test
  void noComparablesIsInsufficientData() {
    RecordResult result = processor.process(PropertyRef.byPropertyId("m", "P12"), request(null));
    assertThat(result.status()).isEqualTo(RecordStatus.FAILED);
    assertThat(result.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(result.error().details()).isEqualTo(Map.of("field", "property",
        "issue", "No mobile_home sold within 10 miles in the last 5 years"));
  }

  @Test
  void overGeneratedDataEveryRecordIsValuedOrFailsForWantOfComparables() {
    var data = dev.bulkestate.processors.generator.SyntheticDataGenerator.standard().generate(5, 1_500);
    ValuationProcessor generated = new ValuationProcessor(
        new PropertyResolver(data.dataset(), AddressStandardizer.standard()),
        new ComparableSalesModel(data.dataset()));
    int success = 0;
    int partial = 0;
    int failed = 0;
    int landWarned = 0;
    for (var p : data.dataset().properties()) {
      RecordResult r = generated.process(PropertyRef.byPropertyId(p.propertyId(), p.propertyId()),
          request(ValuationOptions.all()));
      assertThat(r.id()).isEqualTo(p.propertyId());
      if (r.status().equals(RecordStatus.FAILED)) {
        failed++;
        assertThat(r.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
        continue;
      }
      Valuation v = (Valuation) r.data();
      assertThat(v.low()).isLessThanOrEqualTo(v.estimatedValue());
      assertThat(v.high()).isGreaterThanOrEqualTo(v.estimatedValue());
      assertThat(v.confidenceScore()).isBetween(0, 100);
      assertThat(v.comparables()).hasSizeBetween(1, 5).allSatisfy(c -> {
        assertThat(c.distanceMiles()).isLessThanOrEqualTo(10.0);
        assertThat(c.saleDate()).isAfter(data.dataset().asOf().minusYears(5).minusDays(1));
      });
      if (p.isLand()) {
        assertThat(v.rentalEstimate()).isNull();
        assertThat(r.warnings()).contains("No rental estimate for land");
        landWarned++;
      } else {
        assertThat(v.rentalEstimate().monthlyRent()).isPositive();
      }
      if (r.status().equals(RecordStatus.PARTIAL)) {
        partial++;
      } else {
        success++;
      }
    }
    assertThat(success + partial + failed).isEqualTo(1_500);
    assertThat(success).isGreaterThan(1_300);
    assertThat(landWarned).isPositive();
  }

  @Test
  void notFoundAndAmbiguousComeFromTheResolver() {
    assertThat(processor.process(PropertyRef.byPropertyId("n", "NOPE"), request(null)).error().code())
        .isEqualTo(ErrorCode.PROPERTY_NOT_FOUND);
    assertThat(processor.process(PropertyRef.byAddress("n", "200 E 6th St, Austin, TX 78701"),
        request(null)).error().code()).isEqualTo(ErrorCode.AMBIGUOUS_MATCH);
    assertThat(processor.process(PropertyRef.byAddress("n", "Brazos St, Austin, TX 78701"),
        request(null)).error().code()).isEqualTo(ErrorCode.INVALID_ADDRESS);
  }

  @Test
  void rentRatioFollowsTheDocumentedTiers() {
    assertThat(ValuationProcessor.rentRatio(50_000)).isEqualTo(0.0085);
    assertThat(ValuationProcessor.rentRatio(100_000)).isEqualTo(0.0085);
    assertThat(ValuationProcessor.rentRatio(1_000_000)).isEqualTo(0.0045, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ValuationProcessor.rentRatio(5_000_000)).isEqualTo(0.0045);
  }

  @Test
  void cacheKeyCoversTheNormalizedAddressAndTheOptions() {
    String a = processor.cacheKey(PropertyRef.byAddress("a", "100 n main st austin tx 78701"),
        request(null));
    String b = processor.cacheKey(PropertyRef.byAddress("b", "100 NORTH MAIN STREET, AUSTIN, TX 78701"),
        request(null));
    assertThat(a).isEqualTo(b);
    assertThat(processor.cacheKey(PropertyRef.byAddress("a", "100 n main st austin tx 78701"),
        request(ValuationOptions.all()))).isNotEqualTo(a);
  }
}
