package dev.bulkestate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.examples.data.ExampleData;
import dev.bulkestate.processors.Processors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed files of examples/data are exactly what tools/make-example-data.sh writes. */
class ExampleDataTest {

  @Test
  void committedDataIsWhatTheGeneratorWrites(@TempDir Path dir) throws Exception {
    new ExampleData(Processors.defaultDataset()).writeAll(dir);
    for (String name : List.of("addresses.csv", "portfolio.csv", "leads.csv")) {
      assertThat(Files.readString(dir.resolve(name))).as(name)
          .isEqualTo(Files.readString(Path.of("data", name)));
      assertThat(Files.readAllLines(dir.resolve(name))).as(name).hasSize(ExampleData.ROWS + 1);
    }
  }
}
