package dev.bulkestate.processors.generator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The word lists the generator draws names from (resources next to this class). */
final class NameLists {
  static final List<String> MALE = read("first-names-male.txt");
  static final List<String> FEMALE = read("first-names-female.txt");
  static final List<String> LAST = read("last-names.txt");
  static final List<String> STREETS = read("street-names.txt");
  static final List<String> LENDERS = read("lenders.txt");
  static final List<String> COMPANY_WORDS = read("company-words.txt");

  private NameLists() {}

  private static List<String> read(String name) {
    try (InputStream in = NameLists.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      // Insertion order keeps draws deterministic; the set drops accidental repeats.
      Set<String> words = new LinkedHashSet<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String word = line.trim();
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
      return List.copyOf(new ArrayList<>(words));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
