package dev.bulkestate.processors.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.core.data.Address;
import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.processors.generator.SyntheticData;
import dev.bulkestate.processors.generator.SyntheticDataGenerator;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
  private static final String HEADER = "property_id,street,unit,city,state,zip,latitude,longitude,"
      + "property_type,bedrooms,bathrooms,living_sqft,year_built,apn,county,owner_names,"
      + "mailing_street,mailing_city,mailing_state,mailing_zip,assessed_value,tax_year,"
      + "last_sale_date,last_sale_price,mortgage_amount,mortgage_date,mortgage_rate\n";
  private final DatasetLoader loader = DatasetLoader.standard();

  private List<Property> csv(String rows) throws Exception {
    return loader.readPropertiesCsv(new StringReader(HEADER + rows), "props.csv");
  }

  private static DatasetFormatException csvError(DatasetLoader loader, String rows) {
    try {
      loader.readPropertiesCsv(new StringReader(HEADER + rows), "props.csv");
    } catch (DatasetFormatException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    throw new AssertionError("no error for " + rows);
  }

  @Test
  void readsACsvAndStandardizesItsAddresses() throws Exception {
    List<Property> props = csv(
        "A1,123 North Main Street,Apt. 4,Austin,Texas,78701,30.27,-97.74,condo,2,1.5,950,1999,"
            + "12-34,Travis,\"Jane Roe; John Roe\",,,,,\"210,000\",2025,2021-03-04,250000,200000,2021-03-04,3.25\n"
            + "A2,9 elm st,,dallas,tx,75201,32.79,-96.80,land,,,,,77,Dallas,Acme Holdings LLC,PO Box 5,"
            + "Houston,TX,77002,,,,,,,\n");
    assertThat(props).hasSize(2);
    Property a1 = props.get(0);
    assertThat(a1.primaryLine()).isEqualTo("123 N MAIN ST");
    assertThat(a1.unit()).isEqualTo("APT 4");
    assertThat(a1.city()).isEqualTo("AUSTIN");
    assertThat(a1.state()).isEqualTo("TX");
    assertThat(a1.owners()).containsExactly(new Owner("JANE ROE", "person", null),
        new Owner("JOHN ROE", "person", null));
    assertThat(a1.ownerOccupied()).isTrue();
    assertThat(a1.mailingAddress()).isEqualTo(a1.address());
    assertThat(a1.tax()).isEqualTo(new PropertyDetails.Tax(210_000, 0, 210_000, 0, 2025));
    assertThat(a1.sales()).containsExactly(new PropertyDetails.Sale(LocalDate.of(2021, 3, 4), 250_000,
        "JANE ROE; JOHN ROE", null, "warranty_deed"));
    assertThat(a1.mortgages()).containsExactly(
        new MortgageRecord(null, 200_000, LocalDate.of(2021, 3, 4), 3.25, 30));
    Property a2 = props.get(1);
    assertThat(a2.owners()).containsExactly(new Owner("ACME HOLDINGS LLC", "company", null));
    assertThat(a2.ownerOccupied()).isFalse();
    assertThat(a2.mailingAddress()).isEqualTo(Address.of("PO BOX 5", "HOUSTON", "TX", "77002"));
    assertThat(a2.yearBuilt()).isNull();

    InMemoryPropertyDataset dataset = new InMemoryPropertyDataset(props, List.of(), LocalDate.of(2026, 1, 1));
    assertThat(dataset.atAddress("123 N MAIN ST", "78701")).containsExactly(a1);
    assertThat(dataset.byApn("1234", "travis county", "TX")).contains(a1);
  }

  @Test
  void aBadCsvRowIsNamedByLineAndField() {
    String good = "A1,1 Main St,,Austin,TX,78701,30.27,-97.74,single_family,3,2,1500,1990,,,,,,,,,,,,,,\n";
    DatasetFormatException beds = csvError(loader,
        good + "A2,2 Main St,,Austin,TX,78701,30.27,-97.74,single_family,three,2,1500,1990,,,,,,,,,,,,,,\n");
    assertThat(beds.getMessage()).isEqualTo("props.csv line 3, field bedrooms: 'three' is not a whole number");
    assertThat(beds.line()).isEqualTo(3);
    assertThat(beds.field()).isEqualTo("bedrooms");
    assertThat(beds.source()).isEqualTo("props.csv");

    assertThat(csvError(loader, "A1,,,Austin,TX,78701,30.27,-97.74,single_family,,,,,,,,,,,,,,,,,,\n")
        .getMessage()).isEqualTo("props.csv line 2, field street: required");
    assertThat(csvError(loader, "A1,Main St,,Austin,TX,78701,30.27,-97.74,single_family,,,,,,,,,,,,,,,,,,\n")
        .getMessage()).isEqualTo("props.csv line 2, field street: Missing street number");
    assertThat(csvError(loader, "A1,1 Main St,,Austin,XX,78701,30.27,-97.74,single_family,,,,,,,,,,,,,,,,,,\n")
        .getMessage()).isEqualTo("props.csv line 2, field state: 'XX': Unrecognized state");
    assertThat(csvError(loader, "A1,1 Main St,,Austin,TX,7870,30.27,-97.74,single_family,,,,,,,,,,,,,,,,,,\n")
        .field()).isEqualTo("zip");
    assertThat(csvError(loader, "A1,1 Main St,,Austin,TX,78701,91,-97.74,single_family,,,,,,,,,,,,,,,,,,\n")
        .getMessage()).isEqualTo("props.csv line 2, field latitude: 91.0 is not within -90..90");
    assertThat(csvError(loader, "A1,1 Main St,,Austin,TX,78701,north,-97.74,single_family,,,,,,,,,,,,,,,,,,\n")
        .getMessage()).isEqualTo("props.csv line 2, field latitude: 'north' is not a number");
    assertThat(csvError(loader, "A1,1 Main St,,Austin,TX,78701,30.27,-97.74,castle,,,,,,,,,,,,,,,,,,\n")
        .field()).isEqualTo("property_type");
    assertThat(csvError(loader, "A1,1 Main St,,Austin,TX,78701,30.27,-97.74,land,,,,,,,,,,,,,,2021-13-01,5,,,\n")
        .getMessage()).isEqualTo("props.csv line 2, field last_sale_date: '2021-13-01' is not a date (YYYY-MM-DD)");
    assertThat(csvError(loader, "A1,1 Main St,,Austin,TX,78701,30.27,-97.74,land,,,,,,,,,,,,5000,,,,,,\n")
        .getMessage()).isEqualTo("props.csv line 2, field tax_year: required with assessed_value");
    DatasetFormatException dup = csvError(loader, good + good);
    assertThat(dup.getMessage()).isEqualTo("props.csv line 3, field property_id: duplicate property_id A1 (first on line 2)");
    DatasetFormatException ragged = csvError(loader, good + "A3,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28\n");
    assertThat(ragged.line()).isEqualTo(3);
    assertThat(ragged.field()).isNull();
  }

  @Test
  void readsPeopleFromCsv(@TempDir Path dir) throws Exception {
    String header = "person_id,first_name,last_name,birth_year,residence_property_id,street,city,state,zip,"
        + "phone1,phone1_type,phone1_dnc,phone2,email1\n";
    Path props = Files.writeString(dir.resolve("props.csv"), HEADER
        + "A1,1 Main Street,,Austin,TX,78701,30.27,-97.74,single_family,3,2,1500,1990,,,Jane Roe,,,,,,,,,,,\n");
    Path people = Files.writeString(dir.resolve("people.csv"), header
        + "H1,Jane,Roe,1980,A1,1 main st,austin,tx,78701,(512) 555-0101,mobile,yes,512.555.0102,jane@example.com\n"
        + "H2,John,Roe,,,,,,,,,,,\n");
    InMemoryPropertyDataset dataset = loader.load(props, people, LocalDate.of(2026, 1, 1));
    Person jane = dataset.person("H1").orElseThrow();
    assertThat(jane).isEqualTo(new Person("H1", "JANE", null, "ROE", 1980, "A1",
        Address.of("1 MAIN ST", "AUSTIN", "TX", "78701"),
        List.of(new dev.bulkestate.core.data.SkipTraceResult.Phone("512-555-0101", "mobile", true, null),
            new dev.bulkestate.core.data.SkipTraceResult.Phone("512-555-0102", null, false, null)),
        List.of(new dev.bulkestate.core.data.SkipTraceResult.Email("jane@example.com", "personal")),
        List.of(), List.of()));
    assertThat(dataset.residentsOf("A1")).containsExactly(jane);
    assertThat(dataset.byPhone("5125550102")).containsExactly(jane);

    Path bad = Files.writeString(dir.resolve("bad.csv"), header
        + "H1,Jane,Roe,1980,,,,,,512-555-0101,cell,,,\n");
    assertThatThrownBy(() -> loader.load(props, bad, LocalDate.of(2026, 1, 1)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("bad.csv line 2, field phone1_type: 'cell' is not mobile, landline or voip");
    Path dangling = Files.writeString(dir.resolve("dangling.csv"), header
        + "H1,Jane,Roe,1980,A1,,,,,,,,,\n" + "H2,Jim,Roe,1980,A9,,,,,,,,,\n");
    assertThatThrownBy(() -> loader.load(props, dangling, LocalDate.of(2026, 1, 1)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("dangling.csv line 3, field residence_property_id: no property A9 in props.csv");
  }

  @Test
  void generatedDataRoundTripsThroughJsonLines(@TempDir Path dir) throws Exception {
    SyntheticData data = SyntheticDataGenerator.standard().generate(13, 600);
    ObjectMapper json = BulkJson.mapper();
    StringBuilder props = new StringBuilder();
    for (Property p : data.dataset().properties()) {
      props.append(json.writeValueAsString(p)).append('\n');
    }
    StringBuilder people = new StringBuilder("\n");
    for (Person p : data.dataset().people()) {
      people.append(json.writeValueAsString(p)).append('\n');
    }
    Path propsFile = Files.writeString(dir.resolve("props.jsonl"), props, StandardCharsets.UTF_8);
    Path peopleFile = Files.writeString(dir.resolve("people.jsonl"), people, StandardCharsets.UTF_8);
    InMemoryPropertyDataset loaded = loader.load(propsFile, peopleFile, data.dataset().asOf());
    assertThat(loaded.properties()).isEqualTo(data.dataset().properties());
    assertThat(loaded.people()).isEqualTo(data.dataset().people());
  }

  @Test
  void aBadJsonLineIsNamedByLineAndField(@TempDir Path dir) throws Exception {
    String good = "{\"property_id\":\"J1\",\"primary_line\":\"1 main street\",\"city\":\"Austin\","
        + "\"state\":\"TX\",\"zip5\":\"78701\",\"latitude\":30.2,\"longitude\":-97.7,"
        + "\"property_type\":\"single_family\",\"bedrooms\":3}";
    List<Property> ok = loader.readPropertiesJsonl(new StringReader(good + "\n\n"), "p.jsonl");
    assertThat(ok.get(0).primaryLine()).isEqualTo("1 MAIN ST");
    assertThat(ok.get(0).city()).isEqualTo("AUSTIN");

    assertThatThrownBy(() -> loader.readPropertiesJsonl(
        new StringReader(good + "\n{\"property_id\": oops}\n"), "p.jsonl"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("p.jsonl line 2: invalid JSON");
    assertThatThrownBy(() -> loader.readPropertiesJsonl(
        new StringReader("\n" + good.replace("\"bedrooms\":3", "\"bedrooms\":\"many\"")), "p.jsonl"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("p.jsonl line 2, field bedrooms: ");
    assertThatThrownBy(() -> loader.readPropertiesJsonl(
        new StringReader(good.replace("\"zip5\":\"78701\",", "")), "p.jsonl"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("p.jsonl line 1, field zip5: required");
    assertThatThrownBy(() -> loader.readPeopleJsonl(new StringReader(
        "{\"person_id\":\"H1\",\"last_name\":\"Roe\",\"phones\":[{\"number\":\"512-555-0101\"},"
            + "{\"number\":\"555-0101\"}]}"), "people.jsonl"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("people.jsonl line 1, field phones[1].number: '555-0101' is not a 10-digit phone number");
    assertThatThrownBy(() -> loader.readPeopleJsonl(new StringReader(
        "{\"person_id\":\"H1\",\"last_name\":\"Roe\",\"phones\":[{\"number\":\"512-555-0101\",\"dnc\":\"maybe\"}]}"),
        "people.jsonl"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("people.jsonl line 1, field phones[0].dnc: ");

    Path propsFile = Files.writeString(dir.resolve("p.jsonl"), good + "\n");
    Path peopleFile = Files.writeString(dir.resolve("h.jsonl"),
        "{\"person_id\":\"H1\",\"last_name\":\"Roe\",\"residence_property_id\":\"J1\"}\n\n"
            + "{\"person_id\":\"H2\",\"last_name\":\"Doe\",\"residence_property_id\":\"J9\"}\n");
    assertThatThrownBy(() -> loader.load(propsFile, peopleFile, LocalDate.of(2026, 1, 1)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("h.jsonl line 3, field residence_property_id: no property J9 in p.jsonl");
  }
}
