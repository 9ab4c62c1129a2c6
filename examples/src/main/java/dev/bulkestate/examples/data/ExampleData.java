package dev.bulkestate.examples.data;

import dev.bulkestate.processors.Processors;
import dev.bulkestate.processors.data.Person;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes the input files of {@code examples/data/} from the synthetic dataset the engine uses by
 * default ({@link Processors#defaultDataset()}), so that most rows are found and a known share are
 * messy or unfixable, as real files are. Deterministic: the same dataset and seed give the same
 * bytes, which {@code ExampleDataTest} checks against the committed files.
 *
 * <p>Run it with {@code tools/make-example-data.sh} (it builds this module first).
 */
public final class ExampleData {

  /** The seed of the choices (which property, which kind of mess). */
  public static final long SEED = 2026;
  /** Rows per file. */
  public static final int ROWS = 300;

  private static final Map<String, String> SUFFIX_WORDS = Map.ofEntries(
      Map.entry("ST", "Street"), Map.entry("AVE", "Avenue"), Map.entry("DR", "Drive"),
      Map.entry("RD", "Road"), Map.entry("LN", "Lane"), Map.entry("CT", "Court"),
      Map.entry("BLVD", "Boulevard"), Map.entry("PL", "Place"), Map.entry("PKWY", "Parkway"),
      Map.entry("CIR", "Circle"), Map.entry("TRL", "Trail"), Map.entry("WAY", "Way"),
      Map.entry("TER", "Terrace"), Map.entry("HWY", "Highway"));
  private static final Map<String, String> DIRECTION_WORDS = Map.of(
      "N", "North", "S", "South", "E", "East", "W", "West");

  private final PropertyDataset dataset;
  private final Random random = new Random(SEED);

  public ExampleData(PropertyDataset dataset) {
    this.dataset = dataset;
  }

  /** Writes {@code addresses.csv}, {@code portfolio.csv} and {@code leads.csv} into {@code dir}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "examples/data");
    new ExampleData(Processors.defaultDataset()).writeAll(dir);
  }

  /** Writes the three files into {@code dir} (created if missing). */
  public void writeAll(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("addresses.csv"), addresses());
    write(dir.resolve("portfolio.csv"), portfolio());
    write(dir.resolve("leads.csv"), leads());
  }

  /**
   * A mailing list to clean: {@code id,street,city,state,zip,full_address}. Of every ten rows:
   * three as the data has them (title case), one in lower case, one with the suffix and
   * directional spelled out, one without ZIP, one with a typo in the street name, one in a
   * building of units with a {@code #} unit or the unit left off, one on a single line, and one that cannot be fixed (a
   * house number that does not exist, an unknown ZIP or no street at all).
   */
  List<String> addresses() {
    List<String> rows = new ArrayList<>();
    rows.add("id,street,city,state,zip,full_address");
    List<Property> properties = dataset.properties();
    List<Property> withUnits = properties.stream().filter(p -> p.unit() != null).toList();
    for (int i = 0; i < ROWS; i++) {
      List<Property> from = i % 10 == 7 ? withUnits : properties;
      Property p = from.get(random.nextInt(from.size()));
      String id = String.format(Locale.ROOT, "addr%03d", i + 1);
      String street = titleCase(line(p));
      String city = titleCase(p.city());
      String zip = p.zip5();
      String row = switch (i % 10) {
        case 0, 1, 2 -> csv(id, street, city, p.state(), zip, "");
        case 3 -> csv(id, line(p).toLowerCase(Locale.ROOT), p.city().toLowerCase(Locale.ROOT),
            p.state().toLowerCase(Locale.ROOT), zip, "");
        case 4 -> csv(id, spelledOut(line(p)), city, p.state(), zip, "");
        case 5 -> csv(id, street, city, p.state(), "", "");
        case 6 -> csv(id, titleCase(typo(p.primaryLine())) + unitSuffix(p), city, p.state(), zip, "");
        case 7 -> csv(id, titleCase(p.primaryLine()) + (i % 20 == 7 ? hashUnit(p) : ""), city,
            p.state(), zip, "");
        case 8 -> csv(id, "", "", "", "", street + ", " + city + ", " + p.state() + " " + zip);
        default -> unfixable(id, p, i / 10);
      };
      rows.add(row);
    }
    return rows;
  }

  /**
   * A portfolio to value: {@code id,address,property_id,apn,county,state}. Most rows by one-line
   * address, every fifth by property id, every seventh by APN with county and state; every
   * twenty-fifth is an address the data does not hold.
   */
  List<String> portfolio() {
    List<String> rows = new ArrayList<>();
    rows.add("id,address,property_id,apn,county,state");
    List<Property> properties = dataset.properties().stream()
        .filter(p -> !p.isLand()).toList();
    for (int i = 0; i < ROWS; i++) {
      Property p = properties.get(random.nextInt(properties.size()));
      String id = String.format(Locale.ROOT, "prop%03d", i + 1);
      String oneLine = titleCase(line(p)) + ", " + titleCase(p.city()) + ", " + p.state() + " "
          + p.zip5();
      if (i % 25 == 24) {
        rows.add(csv(id, "1 Nowhere Ln, " + titleCase(p.city()) + ", " + p.state() + " " + p.zip5(),
            "", "", "", ""));
      } else if (i % 7 == 6) {
        rows.add(csv(id, "", "", p.apn(), p.county(), p.state()));
      } else if (i % 5 == 4) {
        rows.add(csv(id, "", p.propertyId(), "", "", ""));
      } else {
        rows.add(csv(id, oneLine, "", "", "", ""));
      }
    }
    return rows;
  }

  /**
   * Leads to skip trace: {@code id,property_address,name.first,name.last,address.street,
   * address.city,address.state,phone}. Most by property address (the owner of record), every
   * fourth by name and address, every sixth by phone; every thirtieth has only a name, which is
   * not enough to find anyone.
   */
  List<String> leads() {
    List<String> rows = new ArrayList<>();
    rows.add("id,property_address,name.first,name.last,address.street,address.city,address.state,phone");
    List<Person> people = dataset.people().stream()
        .filter(person -> person.currentAddress() != null && !person.phones().isEmpty()
            && person.firstName() != null)
        .toList();
    List<Property> owned = dataset.properties().stream()
        .filter(p -> !dataset.ownersOf(p.propertyId()).isEmpty()).toList();
    for (int i = 0; i < ROWS; i++) {
      String id = String.format(Locale.ROOT, "lead%03d", i + 1);
      Person person = people.get(random.nextInt(people.size()));
      String first = titleCase(person.firstName());
      String last = titleCase(person.lastName());
      if (i % 30 == 29) {
        rows.add(csv(id, "", first, last, "", "", "", ""));
      } else if (i % 6 == 5) {
        rows.add(csv(id, "", "", "", "", "", "", person.phones().get(0).number()));
      } else if (i % 4 == 3) {
        var home = person.currentAddress();
        rows.add(csv(id, "", first, last, titleCase(home.line1()), titleCase(home.city()),
            home.state(), ""));
      } else {
        Property p = owned.get(random.nextInt(owned.size()));
        rows.add(csv(id, titleCase(line(p)) + ", " + titleCase(p.city()) + ", " + p.state() + " "
            + p.zip5(), "", "", "", "", "", ""));
      }
    }
    return rows;
  }

  private String unfixable(String id, Property p, int n) {
    String city = titleCase(p.city());
    return switch (n % 3) {
      // A house number far past any the generator makes: a well-formed address nobody lives at.
      case 0 -> csv(id, "98765 " + titleCase(p.primaryLine().substring(
          p.primaryLine().indexOf(' ') + 1)), city, p.state(), p.zip5(), "");
      case 1 -> csv(id, titleCase(line(p)), city, p.state(), "00000", "");
      default -> csv(id, "", city, p.state(), p.zip5(), "");
    };
  }

  private static String line(Property p) {
    return p.unit() == null ? p.primaryLine() : p.primaryLine() + " " + p.unit();
  }

  private static String unitSuffix(Property p) {
    return p.unit() == null ? "" : " " + titleCase(p.unit());
  }

  /** {@code APT 301} becomes {@code # 301}; a unit-less house keeps its line. */
  private static String hashUnit(Property p) {
    if (p.unit() == null) {
      return "";
    }
    return " #" + p.unit().substring(p.unit().indexOf(' ') + 1);
  }

  /** Swaps two neighbouring letters of the street name (not the number, not the suffix). */
  private String typo(String primaryLine) {
    String[] words = primaryLine.split(" ");
    int w = words.length >= 3 ? words.length - 2 : words.length - 1;
    String name = words[w];
    if (name.length() >= 4) {
      int at = 1 + random.nextInt(name.length() - 2);
      char[] c = name.toCharArray();
      char t = c[at];
      c[at] = c[at - 1];
      c[at - 1] = t;
      words[w] = new String(c);
    }
    return String.join(" ", words);
  }

  private static String spelledOut(String line) {
    String[] words = line.split(" ");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      String replaced = i > 0 && DIRECTION_WORDS.containsKey(word) ? DIRECTION_WORDS.get(word)
          : SUFFIX_WORDS.getOrDefault(word, null);
      if (replaced == null) {
        replaced = word.equals("APT") ? "Apartment" : titleCase(word);
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(replaced);
    }
    return out.toString();
  }

  static String titleCase(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean start = true;
    for (char c : text.toCharArray()) {
      out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = c == ' ' || c == '-' || c == '.';
    }
    return out.toString();
  }

  private static String csv(String... cells) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      String cell = cells[i];
      if (cell.contains(",") || cell.contains("\"") || cell.contains("#")) {
        out.append('"').append(cell.replace("\"", "\"\"")).append('"');
      } else {
        out.append(cell);
      }
    }
    return out.toString();
  }

  private static void write(Path file, List<String> rows) throws IOException {
    Files.writeString(file, String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
  }
}
