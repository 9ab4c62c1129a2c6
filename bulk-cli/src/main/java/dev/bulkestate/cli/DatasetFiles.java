package dev.bulkestate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkestate.core.json.BulkJson;
import dev.bulkestate.processors.data.InMemoryPropertyDataset;
import dev.bulkestate.processors.data.Person;
import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.data.PropertyDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dataset for {@code bulk serve --dataset}: JSON Lines, one property or person per line,
 * in the model's snake_case form; a line with {@code person_id} is a person, else a property.
 */
final class DatasetFiles {
  private DatasetFiles() {}

  static PropertyDataset load(Path file) {
    ObjectMapper mapper = BulkJson.mapper();
    List<Property> properties = new ArrayList<>();
    List<Person> people = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode node = mapper.readTree(line);
          if (node.has("person_id")) {
            people.add(mapper.treeToValue(node, Person.class));
          } else {
            properties.add(mapper.treeToValue(node, Property.class));
          }
        } catch (IOException | IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " line " + number
              + ": not a property or person of the dataset format", e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new InMemoryPropertyDataset(properties, people, LocalDate.now(ZoneOffset.UTC));
  }
}
