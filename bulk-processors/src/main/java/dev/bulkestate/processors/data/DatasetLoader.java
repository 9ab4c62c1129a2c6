package dev.bulkestate.processors.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.bulkestate.core.data.Address;
import dev.bulkestate.core.data.PropertyDetails;
import dev.bulkestate.core.data.SkipTraceResult;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.core.request.SearchCriteria;
import dev.bulkestate.processors.address.AddressIssue;
import dev.bulkestate.processors.address.AddressStandardizer;
import dev.bulkestate.processors.address.ParsedAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads users' own data into a {@link PropertyDataset}: properties and people from CSV or JSON
 * Lines. Every address is standardized on the way in (so look-ups by messy addresses
 * find it), and every row is checked; the first bad row stops the load with a
 * {@link DatasetFormatException} naming its line and field. Thread-safe.
 *
 * <p><b>Properties, JSON Lines:</b> one {@link Property} per line in snake_case, as
 * {@code BulkJson} writes it; required: {@code property_id, primary_line, city, state, zip5,
 * latitude, longitude, property_type}.
 *
 * <p><b>Properties, CSV:</b> a header line, then one property per line (no line breaks inside
 * quoted values). Required columns: {@code property_id, street, city, state, zip, latitude,
 * longitude, property_type}. Optional: {@code unit, zip4, apn, county, bedrooms, bathrooms,
 * living_sqft, lot_sqft, year_built, stories, units, owner_names} ({@code ;} between owners),
 * {@code owner_type} ({@code person} or {@code company}; by default a name ending in LLC, INC,
 * LP, TRUST, CORP or CO is a company), {@code owner_occupied} (by default true unless a mailing
 * address is given), {@code mailing_street, mailing_city, mailing_state, mailing_zip},
 * {@code assessed_value, land_value, improvement_value, annual_tax, tax_year} (required with
 * {@code assessed_value}), {@code last_sale_date, last_sale_price, last_sale_document_type},
 * {@code mortgage_lender, mortgage_amount, mortgage_date, mortgage_rate, mortgage_term_years}.
 *
 * <p><b>People, JSON Lines:</b> one {@link Person} per line; required: {@code person_id,
 * last_name}; phone numbers must have ten digits. <b>People, CSV:</b> see {@link #readPeopleCsv}.
 */
public final class DatasetLoader {
  private static final Pattern ZIP5 = Pattern.compile("\\d{5}");
  private static final Pattern COMPANY = Pattern.compile(".*\\b(LLC|L L C|INC|LP|LLP|TRUST|CORP|CO|COMPANY|LTD)\\.?$");
  private static final List<String> JSONL_REQUIRED = List.of("property_id", "primary_line", "city",
      "state", "zip5", "latitude", "longitude", "property_type");
  private static final List<String> CSV_REQUIRED = List.of("property_id", "street", "city", "state",
      "zip", "latitude", "longitude", "property_type");

  private final AddressStandardizer standardizer;
  private final ObjectMapper json = BulkJson.mapper();
  private final CsvMapper csv = new CsvMapper();

  public DatasetLoader(AddressStandardizer standardizer) {
    this.standardizer = Objects.requireNonNull(standardizer, "standardizer");
  }

  /** A loader with the standard address standardizer. */
  public static DatasetLoader standard() {
    return new DatasetLoader(AddressStandardizer.standard());
  }

  /**
   * Loads a dataset from a properties file and an optional people file, each CSV when its name
   * ends in {@code .csv} and JSON Lines otherwise.
   *
   * @param people the people file, or null for none
   * @throws DatasetFormatException on the first bad row, or a person living at an unknown property
   */
  public InMemoryPropertyDataset load(Path properties, Path people, LocalDate asOf) throws IOException {
    List<Property> props;
    String name = properties.getFileName().toString();
    try (Reader in = Files.newBufferedReader(properties, StandardCharsets.UTF_8)) {
      props = name.toLowerCase(Locale.ROOT).endsWith(".csv")
          ? readPropertiesCsv(in, name) : readPropertiesJsonl(in, name);
    }
    List<Person> persons = List.of();
    if (people != null) {
      String peopleName = people.getFileName().toString();
      try (Reader in = Files.newBufferedReader(people, StandardCharsets.UTF_8)) {
        persons = peopleName.toLowerCase(Locale.ROOT).endsWith(".csv")
            ? readPeopleCsv(in, peopleName) : readPeopleJsonl(in, peopleName);
      }
      Map<String, Boolean> ids = new HashMap<>(props.size() * 2);
      props.forEach(p -> ids.put(p.propertyId(), true));
      for (int i = 0; i < persons.size(); i++) {
        String home = persons.get(i).residencePropertyId();
        if (home != null && !ids.containsKey(home)) {
          throw new DatasetFormatException(people.getFileName().toString(), lineOfPerson(people,
              people.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? i + 1 : i),
              "residence_property_id", "no property " + home + " in " + name);
        }
      }
    }
    return new InMemoryPropertyDataset(props, persons, asOf);
  }

  private static long lineOfPerson(Path people, int index) throws IOException {
    long line = 0;
    int seen = -1;
    try (BufferedReader r = Files.newBufferedReader(people, StandardCharsets.UTF_8)) {
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        line++;
        if (!s.isBlank() && ++seen == index) {
          return line;
        }
      }
    }
    return line;
  }

  /** Reads properties from JSON Lines (blank lines are skipped). */
  public List<Property> readPropertiesJsonl(Reader in, String source) throws IOException {
    List<Property> out = new ArrayList<>();
    Uniques uniques = new Uniques(source);
    BufferedReader reader = new BufferedReader(in);
    long line = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode node = tree(text, source, line);
      for (String field : JSONL_REQUIRED) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
          throw new DatasetFormatException(source, line, field, "required");
        }
      }
      Property raw = convert(node, Property.class, source, line);
      ParsedAddress a = standardize(raw.primaryLine(), raw.unit(), raw.city(), raw.state(), raw.zip5(),
          source, line, "primary_line");
      Property p = new Property(raw.propertyId().trim(), raw.apn(), raw.county(), a.state(), a.zip5(),
          raw.zip4() != null ? raw.zip4() : a.zip4(), a.primaryLine(), a.unit(), a.city(),
          raw.latitude(), raw.longitude(), raw.propertyType(), raw.bedrooms(), raw.bathrooms(),
          raw.livingSqft(), raw.lotSqft(), raw.yearBuilt(), raw.stories(), raw.units(), raw.owners(),
          raw.ownerOccupied(), raw.mailingAddress(), raw.ownedSince(), raw.tax(), raw.sales(),
          raw.mortgages());
      check(p, source, line);
      uniques.add(p, line);
      out.add(p);
    }
    return out;
  }

  /** Reads people from JSON Lines (blank lines are skipped). */
  public List<Person> readPeopleJsonl(Reader in, String source) throws IOException {
    List<Person> out = new ArrayList<>();
    Map<String, Long> ids = new HashMap<>();
    BufferedReader reader = new BufferedReader(in);
    long line = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode node = tree(text, source, line);
      for (String field : List.of("person_id", "last_name")) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
          throw new DatasetFormatException(source, line, field, "required");
        }
      }
      Person raw = convert(node, Person.class, source, line);
      List<SkipTraceResult.Phone> phones = new ArrayList<>(raw.phones().size());
      for (int i = 0; i < raw.phones().size(); i++) {
        SkipTraceResult.Phone phone = raw.phones().get(i);
        String digits = Keys.phone(phone.number());
        if (digits == null) {
          throw new DatasetFormatException(source, line, "phones[" + i + "].number",
              "'" + phone.number() + "' is not a 10-digit phone number");
        }
        if (phone.type() != null && !List.of("mobile", "landline", "voip").contains(phone.type())) {
          throw new DatasetFormatException(source, line, "phones[" + i + "].type",
              "'" + phone.type() + "' is not mobile, landline or voip");
        }
        phones.add(new SkipTraceResult.Phone(Keys.formatPhone(digits), phone.type(), phone.dnc(),
            phone.lastSeen()));
      }
      Long first = ids.putIfAbsent(raw.personId(), line);
      if (first != null) {
        throw new DatasetFormatException(source, line, "person_id",
            "duplicate person_id " + raw.personId() + " (first on line " + first + ")");
      }
      out.add(new Person(raw.personId(), upper(raw.firstName()), upper(raw.middleName()),
          upper(raw.lastName()), raw.birthYear(), raw.residencePropertyId(), raw.currentAddress(),
          phones, raw.emails(), raw.relatives(), raw.propertyHistory()));
    }
    return out;
  }

  /**
   * Reads people from CSV with a header line. Required columns: {@code person_id, last_name}.
   * Optional: {@code first_name, middle_name, birth_year, residence_property_id}, the current
   * address {@code street, unit, city, state, zip}, up to three phones
   * {@code phone1, phone1_type, phone1_dnc} to {@code phone3...}, and {@code email1} to
   * {@code email3}.
   */
  public List<Person> readPeopleCsv(Reader in, String source) throws IOException {
    List<Person> out = new ArrayList<>();
    Map<String, Long> ids = new HashMap<>();
    forEachCsvRow(in, source, r -> {
      r.required("person_id");
      r.required("last_name");
      Address home = null;
      if (r.text("street") != null) {
        ParsedAddress a = standardize(r.text("street"), r.text("unit"), r.text("city"), r.text("state"),
            r.text("zip"), r.source, r.line, "street");
        home = new Address(a.deliveryLine(), null, a.city(), a.state(), a.zip5(), a.zip4());
      }
      List<SkipTraceResult.Phone> phones = new ArrayList<>(3);
      List<SkipTraceResult.Email> emails = new ArrayList<>(3);
      for (int i = 1; i <= 3; i++) {
        String number = r.text("phone" + i);
        if (number != null) {
          String digits = Keys.phone(number);
          if (digits == null) {
            throw new DatasetFormatException(r.source, r.line, "phone" + i,
                "'" + number + "' is not a 10-digit phone number");
          }
          String type = r.text("phone" + i + "_type");
          if (type != null && !List.of("mobile", "landline", "voip").contains(type)) {
            throw new DatasetFormatException(r.source, r.line, "phone" + i + "_type",
                "'" + type + "' is not mobile, landline or voip");
          }
          Boolean dnc = r.bool("phone" + i + "_dnc");
          phones.add(new SkipTraceResult.Phone(Keys.formatPhone(digits), type, dnc != null && dnc, null));
        }
        String email = r.text("email" + i);
        if (email != null) {
          if (!email.contains("@")) {
            throw new DatasetFormatException(r.source, r.line, "email" + i, "'" + email + "' is not an email address");
          }
          emails.add(new SkipTraceResult.Email(email, "personal"));
        }
      }
      Long year = r.whole("birth_year");
      String id = r.text("person_id");
      Long first = ids.putIfAbsent(id, r.line);
      if (first != null) {
        throw new DatasetFormatException(r.source, r.line, "person_id",
            "duplicate person_id " + id + " (first on line " + first + ")");
      }
      out.add(new Person(id, upper(r.text("first_name")), upper(r.text("middle_name")),
          upper(r.text("last_name")), year == null ? null : year.intValue(),
          r.text("residence_property_id"), home, phones, emails, List.of(), List.of()));
    });
    return out;
  }

  /** Reads properties from CSV with a header line (columns as the class comment lists). */
  public List<Property> readPropertiesCsv(Reader in, String source) throws IOException {
    List<Property> out = new ArrayList<>();
    Uniques uniques = new Uniques(source);
    forEachCsvRow(in, source, r -> {
      Property p = fromRow(r);
      check(p, source, r.line);
      uniques.add(p, r.line);
      out.add(p);
    });
    return out;
  }

  /** Calls {@code action} with each row of a CSV file that has a header line. */
  private void forEachCsvRow(Reader in, String source, java.util.function.Consumer<Row> action)
      throws IOException {
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    long line = 1;
    try (MappingIterator<Map<String, String>> rows = csv.readerFor(Map.class).with(schema)
        .with(CsvParser.Feature.TRIM_SPACES).readValues(in)) {
      while (true) {
        Map<String, String> row;
        try {
          if (!rows.hasNextValue()) {
            break;
          }
          row = rows.nextValue();
        } catch (IOException | RuntimeException e) {
          throw new DatasetFormatException(source, line + 1, null, cause(e), e);
        }
        line++;
        action.accept(new Row(row, source, line));
      }
    }
  }

  private Property fromRow(Row r) {
    for (String field : CSV_REQUIRED) {
      r.required(field);
    }
    ParsedAddress a = standardize(r.text("street"), r.text("unit"), r.text("city"), r.text("state"),
        r.text("zip"), r.source, r.line, "street");
    Address situs = new Address(a.deliveryLine(), null, a.city(), a.state(), a.zip5(), a.zip4());
    Address mailing = null;
    if (r.text("mailing_street") != null) {
      mailing = new Address(upper(r.text("mailing_street")), null, upper(r.text("mailing_city")),
          upper(r.text("mailing_state")), r.text("mailing_zip"), null);
    }
    Boolean occupiedGiven = r.bool("owner_occupied");
    boolean occupied = occupiedGiven != null ? occupiedGiven : mailing == null || mailing.equals(situs);
    if (mailing == null && occupied) {
      mailing = situs;
    }
    List<Owner> owners = new ArrayList<>(2);
    String names = r.text("owner_names");
    String ownerType = r.text("owner_type");
    if (ownerType != null && !List.of("person", "company").contains(ownerType)) {
      throw new DatasetFormatException(r.source, r.line, "owner_type",
          "'" + ownerType + "' is not person or company");
    }
    if (names != null) {
      for (String name : names.split(";")) {
        String n = upper(name.trim());
        if (!n.isEmpty()) {
          String type = ownerType != null ? ownerType
              : COMPANY.matcher(n).matches() ? PropertyDetails.Owner.COMPANY : PropertyDetails.Owner.PERSON;
          owners.add(new Owner(n, type, null));
        }
      }
    }
    PropertyDetails.Tax tax = null;
    Long assessed = r.whole("assessed_value");
    if (assessed != null) {
      Long year = r.whole("tax_year");
      if (year == null) {
        throw new DatasetFormatException(r.source, r.line, "tax_year", "required with assessed_value");
      }
      long land = orZero(r.whole("land_value"));
      Long improvement = r.whole("improvement_value");
      tax = new PropertyDetails.Tax(assessed, land, improvement != null ? improvement : assessed - land,
          orZero(r.whole("annual_tax")), year.intValue());
    }
    List<PropertyDetails.Sale> sales = new ArrayList<>(1);
    LocalDate saleDate = r.date("last_sale_date");
    Long salePrice = r.whole("last_sale_price");
    if (saleDate != null || salePrice != null) {
      if (saleDate == null) {
        throw new DatasetFormatException(r.source, r.line, "last_sale_date", "required with last_sale_price");
      }
      String doc = r.text("last_sale_document_type");
      sales.add(new PropertyDetails.Sale(saleDate, orZero(salePrice), names == null ? null : upper(names),
          null, doc == null ? "warranty_deed" : doc));
    }
    List<MortgageRecord> mortgages = new ArrayList<>(1);
    Long amount = r.whole("mortgage_amount");
    if (amount != null) {
      LocalDate date = r.date("mortgage_date");
      Double rate = r.decimal("mortgage_rate");
      if (date == null) {
        throw new DatasetFormatException(r.source, r.line, "mortgage_date", "required with mortgage_amount");
      }
      if (rate == null) {
        throw new DatasetFormatException(r.source, r.line, "mortgage_rate", "required with mortgage_amount");
      }
      Long term = r.whole("mortgage_term_years");
      mortgages.add(new MortgageRecord(upper(r.text("mortgage_lender")), amount, date, rate,
          term == null ? 30 : term.intValue()));
    }
    Long year = r.whole("year_built");
    return new Property(r.text("property_id"), r.text("apn"), r.text("county"), a.state(), a.zip5(),
        r.text("zip4") != null ? r.text("zip4") : a.zip4(), a.primaryLine(), a.unit(), a.city(),
        r.decimal("latitude"), r.decimal("longitude"), r.text("property_type"),
        (int) orZero(r.whole("bedrooms")), orZero(r.decimal("bathrooms")),
        (int) orZero(r.whole("living_sqft")), (int) orZero(r.whole("lot_sqft")),
        year == null ? null : year.intValue(), (int) orZero(r.whole("stories")),
        r.whole("units") == null ? 1 : r.whole("units").intValue(), owners, occupied, mailing,
        saleDate, tax, sales, mortgages);
  }

  private ParsedAddress standardize(String street, String unit, String city, String state, String zip,
      String source, long line, String streetField) {
    String full = unit == null || unit.isBlank() ? street : street + " " + unit;
    ParsedAddress a = standardizer.parse(full, city, state, zip);
    for (AddressIssue issue : a.issues()) {
      switch (issue) {
        case MISSING_STREET, MISSING_NUMBER, MISSING_STREET_NAME ->
            throw new DatasetFormatException(source, line, streetField, issue.message());
        case MISSING_STATE, UNKNOWN_STATE ->
            throw new DatasetFormatException(source, line, "state", "'" + state + "': " + issue.message());
        case MISSING_CITY -> throw new DatasetFormatException(source, line, "city", issue.message());
        default -> {
          // Repairs (a restored leading zero) and unit notes do not stop a load.
        }
      }
    }
    if (a.zip5() == null || !ZIP5.matcher(a.zip5()).matches()) {
      throw new DatasetFormatException(source, line, streetField.equals("street") ? "zip" : "zip5",
          "'" + zip + "' is not a 5-digit ZIP code");
    }
    return a;
  }

  private static void check(Property p, String source, long line) {
    if (!SearchCriteria.PROPERTY_TYPES.contains(p.propertyType())) {
      throw new DatasetFormatException(source, line, "property_type",
          "'" + p.propertyType() + "' is not one of " + SearchCriteria.PROPERTY_TYPES);
    }
    if (!(p.latitude() >= -90 && p.latitude() <= 90)) {
      throw new DatasetFormatException(source, line, "latitude", p.latitude() + " is not within -90..90");
    }
    if (!(p.longitude() >= -180 && p.longitude() <= 180)) {
      throw new DatasetFormatException(source, line, "longitude", p.longitude() + " is not within -180..180");
    }
    if (p.bedrooms() < 0 || p.bathrooms() < 0 || p.livingSqft() < 0 || p.lotSqft() < 0) {
      String field = p.bedrooms() < 0 ? "bedrooms" : p.bathrooms() < 0 ? "bathrooms"
          : p.livingSqft() < 0 ? "living_sqft" : "lot_sqft";
      throw new DatasetFormatException(source, line, field, "must not be negative");
    }
  }

  private JsonNode tree(String text, String source, long line) {
    try {
      JsonNode node = json.readTree(text);
      if (!(node instanceof ObjectNode)) {
        throw new DatasetFormatException(source, line, null, "not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new DatasetFormatException(source, line, null, "invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private <T> T convert(JsonNode node, Class<T> type, String source, long line) {
    try {
      return json.treeToValue(node, type);
    } catch (JsonMappingException e) {
      throw new DatasetFormatException(source, line, path(e), e.getOriginalMessage(), e);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new DatasetFormatException(source, line, null, e.getMessage(), e);
    }
  }

  /** A Jackson path as {@code phones[0].number}. */
  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static String cause(Throwable e) {
    String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return "unreadable CSV row: " + message;
  }

  private static String upper(String s) {
    return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }

  /** Ids and APNs seen so far, with the line that first used them. */
  private static final class Uniques {
    private final String source;
    private final Map<String, Long> ids = new HashMap<>();
    private final Map<String, Long> apns = new HashMap<>();

    Uniques(String source) {
      this.source = source;
    }

    void add(Property p, long line) {
      Long first = ids.putIfAbsent(p.propertyId(), line);
      if (first != null) {
        throw new DatasetFormatException(source, line, "property_id",
            "duplicate property_id " + p.propertyId() + " (first on line " + first + ")");
      }
      if (p.apn() != null && !p.apn().isBlank()) {
        first = apns.putIfAbsent(Keys.apn(p.apn(), p.county(), p.state()), line);
        if (first != null) {
          throw new DatasetFormatException(source, line, "apn",
              "duplicate apn " + p.apn() + " in " + p.county() + ", " + p.state()
                  + " (first on line " + first + ")");
        }
      }
    }
  }

  /** One CSV row with typed, line-aware accessors. */
  private static final class Row {
    final Map<String, String> values;
    final String source;
    final long line;

    Row(Map<String, String> values, String source, long line) {
      this.values = values;
      this.source = source;
      this.line = line;
    }

    String text(String field) {
      String v = values.get(field);
      return v == null || v.isBlank() ? null : v.trim();
    }

    void required(String field) {
      if (text(field) == null) {
        throw new DatasetFormatException(source, line, field, "required");
      }
    }

    Long whole(String field) {
      String v = text(field);
      if (v == null) {
        return null;
      }
      try {
        return Long.parseLong(v.replace(",", "").replace("$", ""));
      } catch (NumberFormatException e) {
        throw new DatasetFormatException(source, line, field, "'" + v + "' is not a whole number");
      }
    }

    Double decimal(String field) {
      String v = text(field);
      if (v == null) {
        return null;
      }
      try {
        double d = Double.parseDouble(v.replace(",", "").replace("$", ""));
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NumberFormatException(v);
        }
        return d;
      } catch (NumberFormatException e) {
        throw new DatasetFormatException(source, line, field, "'" + v + "' is not a number");
      }
    }

    Boolean bool(String field) {
      String v = text(field);
      if (v == null) {
        return null;
      }
      return switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "y", "1" -> true;
        case "false", "no", "n", "0" -> false;
        default -> throw new DatasetFormatException(source, line, field, "'" + v + "' is not true or false");
      };
    }

    LocalDate date(String field) {
      String v = text(field);
      if (v == null) {
        return null;
      }
      try {
        return LocalDate.parse(v);
      } catch (DateTimeParseException e) {
        throw new DatasetFormatException(source, line, field, "'" + v + "' is not a date (YYYY-MM-DD)");
      }
    }
  }
}
