package dev.bulkestate.processors.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.core.ErrorCode;
import dev.bulkestate.core.RecordResult;
import dev.bulkestate.core.RecordStatus;
import dev.bulkestate.core.data.PropertySearchResult;
import dev.bulkestate.core.data.PropertySummary;
import dev.bulkestate.core.request.PropertySearchRequest;
import dev.bulkestate.core.request.SearchCriteria;
import dev.bulkestate.core.request.SearchQuery;
import dev.bulkestate.processors.data.Fixture;
import dev.bulkestate.processors.data.InMemoryPropertyDataset;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.generator.SyntheticDataGenerator;
import dev.bulkestate.processors.valuation.ComparableSalesModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PropertySearchProcessorTest {
  private static final PropertySearchRequest REQUEST = new PropertySearchRequest(null,
      List.of(new SearchQuery("x", SearchCriteria.zip("78701"), null)), null);
  private static PropertySearchProcessor fixture;
  private static InMemoryPropertyDataset generatedData;
  private static PropertySearchProcessor generated;

  @BeforeAll
  static void build() {
    InMemoryPropertyDataset dataset = Fixture.dataset();
    fixture = new PropertySearchProcessor(dataset, new ComparableSalesModel(dataset));
    generatedData = SyntheticDataGenerator.standard().generate(3, 4_500).dataset();
    generated = new PropertySearchProcessor(generatedData, new ComparableSalesModel(generatedData));
  }

  private static PropertySearchResult search(SearchCriteria criteria, Integer max) {
    RecordResult result = fixture.process(new SearchQuery("s", criteria, max), REQUEST);
    assertThat(result.status()).isEqualTo(RecordStatus.SUCCESS);
    return (PropertySearchResult) result.data();
  }

  private static List<String> ids(PropertySearchResult result) {
    return result.properties().stream().map(PropertySummary::propertyId).toList();
  }

  @Test
  void aZipListsItsPropertiesInIdOrderUpToMaxResults() {
    PropertySearchResult all = search(SearchCriteria.zip("78701"), 100);
    assertThat(all.totalMatches()).isEqualTo(12);
    assertThat(all.returned()).isEqualTo(12);
    assertThat(ids(all)).containsExactly("P1", "P10", "P11", "P12", "P2", "P3", "P4", "P5", "P6",
        "P7", "P8", "P9");
    PropertySearchResult two = search(SearchCriteria.zip("78701"), 2);
    assertThat(two.totalMatches()).isEqualTo(12);
    assertThat(two.returned()).isEqualTo(2);
    assertThat(ids(two)).containsExactly("P1", "P10");
    // The default max_results is 25.
    assertThat(search(SearchCriteria.zip(" 78701 "), null).returned()).isEqualTo(12);
  }

  @Test
  void summariesCarryTheEstimateAndEquity() {
    PropertySummary p1 = search(SearchCriteria.zip("78701"), 1).properties().get(0);
    assertThat(p1).isEqualTo(new PropertySummary("P1",
        dev.bulkestate.core.data.Address.of("100 N MAIN ST", "AUSTIN", "TX", "78701"), "Travis",
        "single_family", 3, 2.0, 1_800, 2000, 310_000L, 310_000L - 245_001, true, false,
        LocalDate.of(2020, 6, 1), 350_000L, Fixture.LAT, Fixture.LON));
    PropertySummary condo = search(SearchCriteria.builder().zip("78701").propertyType("condo").build(), 1)
        .properties().get(0);
    assertThat(condo.estimatedValue()).isNull();
    assertThat(condo.estimatedEquity()).isNull();
    assertThat(condo.lastSaleDate()).isNull();
  }

  @Test
  void everyCriterionNarrowsExactly() {
    assertThat(ids(search(SearchCriteria.builder().zip("78701").propertyType("condo").build(), 10)))
        .containsExactly("P5", "P6", "P7");
    assertThat(ids(search(SearchCriteria.builder().zip("78701").beds(3, 3).baths(2.5, null).build(), 10)))
        .containsExactly("P10", "P11", "P9");
    assertThat(ids(search(SearchCriteria.builder().zip("78701").sqft(900, 1000).build(), 10)))
        .containsExactly("P12", "P5", "P6", "P7");
    assertThat(ids(search(SearchCriteria.builder().zip("78701").yearBuilt(2011, null).build(), 10)))
        .containsExactly("P10", "P11", "P9");
    assertThat(ids(search(SearchCriteria.builder().zip("78701").absenteeOwner(true).build(), 10)))
        .containsExactly("P6", "P8");
    assertThat(ids(search(SearchCriteria.builder().zip("78701").ownerOccupied(false).build(), 10)))
        .containsExactly("P6", "P8");
    assertThat(search(SearchCriteria.builder().zip("78701").ownerOccupied(true).build(), 100)
        .totalMatches()).isEqualTo(10);
    assertThat(ids(search(SearchCriteria.builder().zip("78701")
        .lastSale(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31)).build(), 10)))
        .containsExactly("P1");
    // Estimates: P1 310,000; P2 315,000 (P3, P4); P3 310,000; P4 305,000; P9 410,000;
    // P10 420,000 (P11 alone); P11 400,000 (P10 alone).
    assertThat(ids(search(SearchCriteria.builder().zip("78701").value(305_000L, 310_000L).build(), 10)))
        .containsExactly("P1", "P3", "P4");
    assertThat(ids(search(SearchCriteria.builder().zip("78701").equity(null, 100_000L).build(), 10)))
        .containsExactly("P1");
    assertThat(search(SearchCriteria.builder().zip("78701").propertyType("land").beds(1, null).build(), 10)
        .totalMatches()).isZero();
  }

  @Test
  void findsByCityCountyOrStateWhateverTheirCase() {
    for (SearchCriteria c : List.of(
        SearchCriteria.builder().state("TX").build(),
        SearchCriteria.builder().state(" tx ").city("austin").build(),
        SearchCriteria.builder().state("TX").county("Travis County").build(),
        SearchCriteria.builder().state("tx").county("TRAVIS").build())) {
      assertThat(search(c, 100).totalMatches()).as(c.toString()).isEqualTo(12);
    }
    assertThat(search(SearchCriteria.builder().state("TX").city("Dallas").build(), 10).totalMatches()).isZero();
    assertThat(search(SearchCriteria.builder().state("CA").build(), 10).totalMatches()).isZero();
    assertThat(search(SearchCriteria.zip("99999"), 10).totalMatches()).isZero();
    // A ZIP in another state than the one named matches nothing.
    assertThat(search(SearchCriteria.builder().zip("78701").state("CA").build(), 10).totalMatches()).isZero();
  }

  @Test
  void invalidSearchesFailWithTheirCodes() {
    RecordResult noPlace = fixture.process(new SearchQuery("n", SearchCriteria.builder().beds(1, 2).build(), 5), REQUEST);
    assertThat(noPlace.error().code()).isEqualTo(ErrorCode.INSUFFICIENT_DATA);
    assertThat(noPlace.error().field()).isEqualTo("criteria.zip");
    RecordResult inverted = fixture.process(new SearchQuery("i",
        SearchCriteria.builder().zip("78701").sqft(2000, 1000).build(), 5), REQUEST);
    assertThat(inverted.error().code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    assertThat(inverted.error().field()).isEqualTo("criteria.sqft_min");
    RecordResult tooMany = fixture.process(new SearchQuery("m", SearchCriteria.zip("78701"), 5_000), REQUEST);
    assertThat(tooMany.error().field()).isEqualTo("max_results");
    assertThat(fixture.process(new SearchQuery("c", null, 5), REQUEST).error().code())
        .isEqualTo(ErrorCode.INSUFFICIENT_DATA);
  }

  @Test
  void cacheKeysNormalizePlaces() {
    String a = fixture.cacheKey(new SearchQuery("a", SearchCriteria.builder().state("tx").city("St. Louis").build(), 5), REQUEST);
    String b = fixture.cacheKey(new SearchQuery("b", SearchCriteria.builder().state("TX").city("SAINT LOUIS").build(), 5), REQUEST);
    assertThat(a).isEqualTo(b);
    assertThat(fixture.cacheKey(new SearchQuery("b", SearchCriteria.builder().state("TX").city("SAINT LOUIS").build(), 6), REQUEST))
        .isNotEqualTo(a);
  }

  @Test
  void onGeneratedDataTheIndexesFindWhatAScanFinds() {
    SearchCriteria criteria = SearchCriteria.builder().state("TX").propertyType("single_family")
        .beds(3, 4).sqft(1_500, null).ownerOccupied(true).lastSale(LocalDate.of(2018, 1, 1), null).build();
    List<Property> expected = new ArrayList<>();
    for (Property p : generatedData.properties()) {
      if (p.state().equals("TX") && p.propertyType().equals("single_family") && p.bedrooms() >= 3
          && p.bedrooms() <= 4 && p.livingSqft() >= 1_500 && p.ownerOccupied() && p.lastSale() != null
          && !p.lastSale().date().isBefore(LocalDate.of(2018, 1, 1))) {
        expected.add(p);
      }
    }
    expected.sort(Comparator.comparing(Property::zip5).thenComparing(Property::propertyId));
    RecordResult result = generated.process(new SearchQuery("g", criteria, 1_000), REQUEST);
    PropertySearchResult found = (PropertySearchResult) result.data();
    assertThat(found.totalMatches()).isEqualTo(expected.size()).isPositive();
    assertThat(ids(found)).isEqualTo(expected.stream().map(Property::propertyId).toList());
    PropertySearchResult first = (PropertySearchResult) generated.process(
        new SearchQuery("g", criteria, 3), REQUEST).data();
    assertThat(ids(first)).isEqualTo(ids(found).subList(0, 3));
  }
}
