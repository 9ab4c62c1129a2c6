package dev.bulkestate.processors.address;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The USPS Publication 28 tables the standardizer uses, read once from resources next to this
 * class: street suffixes (Appendix C1, from the npm package {@code street-types}), secondary unit
 * designators (C2), directionals and states (B). Immutable and thread-safe.
 */
public final class Pub28 {
  /** A street suffix: its spelled-out name and its standard abbreviation. */
  public record Suffix(String primary, String standard) {}

  /** A secondary unit designator: its standard abbreviation and whether a number must follow. */
  public record UnitType(String name, String standard, boolean needsNumber) {}

  private static final Pub28 TABLES = new Pub28();

  private final Map<String, Suffix> suffixes = new HashMap<>();
  private final Map<String, UnitType> units = new HashMap<>();
  private final Map<String, String> directionals = new HashMap<>();
  private final Map<String, String> states = new HashMap<>();
  private final Map<String, String> stateNames = new HashMap<>();
  private final int maxStateWords;
  /** The first words of the state spellings of more than one word ("NEW" of "NEW YORK"). */
  private final Set<String> stateFirstWords = new HashSet<>();

  private Pub28() {
    read("street-suffixes.tsv", f -> {
      Suffix suffix = new Suffix(f[0], f[1]);
      for (String spelling : f[2].split(",")) {
        suffixes.put(spelling, suffix);
      }
    });
    read("secondary-units.tsv", f -> {
      UnitType unit = new UnitType(f[0], f[1], Boolean.parseBoolean(f[2]));
      units.put(f[0], unit);
      units.put(f[1], unit);
      for (String spelling : f[3].split(",")) {
        units.put(spelling, unit);
      }
    });
    read("directionals.tsv", f -> {
      for (String spelling : f[1].split(",")) {
        directionals.put(spelling, f[0]);
      }
    });
    int[] words = {1};
    read("states.tsv", f -> {
      stateNames.put(f[0], f[1]);
      states.put(f[0], f[0]);
      states.put(f[1], f[0]);
      words[0] = Math.max(words[0], f[1].split(" ").length);
      if (f.length > 2 && !f[2].isEmpty()) {
        for (String spelling : f[2].split(",")) {
          states.put(spelling, f[0]);
          words[0] = Math.max(words[0], spelling.split(" ").length);
        }
      }
    });
    maxStateWords = words[0];
    for (String spelling : states.keySet()) {
      int space = spelling.indexOf(' ');
      if (space >= 0) {
        stateFirstWords.add(spelling.substring(0, space));
      }
    }
  }

  /** The tables. */
  public static Pub28 tables() {
    return TABLES;
  }

  /** The suffix a spelling stands for ("AVENUE", "AV", "AVE" -> AVENUE/AVE); empty when none. */
  public Optional<Suffix> suffix(String spelling) {
    return Optional.ofNullable(suffixes.get(spelling));
  }

  Suffix suffixOrNull(String spelling) {
    return suffixes.get(spelling);
  }

  /** The unit designator a spelling stands for ("APARTMENT" -> APT); empty when none. */
  public Optional<UnitType> unit(String spelling) {
    return Optional.ofNullable(units.get(spelling));
  }

  UnitType unitOrNull(String spelling) {
    return units.get(spelling);
  }

  /** The standard directional of a spelling ("NORTH" -> N); null when none. */
  public String directional(String spelling) {
    return directionals.get(spelling);
  }

  /** The two-letter code of a state name, code or common abbreviation ("TEXAS", "TEX" -> TX); null when none. */
  public String stateCode(String spelling) {
    return states.get(spelling);
  }

  /** The name of a state code ("TX" -> TEXAS); null when none. */
  public String stateName(String code) {
    return stateNames.get(code);
  }

  /** Every state code, possession and military "state". */
  public List<String> stateCodes() {
    List<String> codes = new ArrayList<>(stateNames.keySet());
    Collections.sort(codes);
    return codes;
  }

  int maxStateWords() {
    return maxStateWords;
  }

  /**
   * False when no state spelling of several words starts with {@code word}: then no
   * {@link #stateCode} lookup of words starting with it needs joining them.
   */
  boolean startsStateName(String word) {
    return stateFirstWords.contains(word);
  }

  private static void read(String resource, Consumer<String[]> row) {
    try (InputStream in = Pub28.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean header = resource.equals("street-suffixes.tsv");
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (header) {
          header = false;
          continue;
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        row.accept(line.split("\t", -1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
