package dev.bulkestate.processors.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the corpus of messy address forms in {@code address-corpus.tsv}; every row must pass. */
class AddressCorpusTest {
  private static final AddressStandardizer STANDARDIZER = AddressStandardizer.standard();

  record Row(int line, String input, String deliveryLine, String lastLine, String issues) {
    @Override
    public String toString() {
      return line + ": " + input;
    }
  }

  static List<Row> corpus() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = AddressCorpusTest.class.getResourceAsStream("address-corpus.tsv")) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int lineNo = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNo++;
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        assertThat(f).as("line %d has 4 columns", lineNo).hasSize(4);
        rows.add(new Row(lineNo, f[0], f[1], f[2], f[3]));
      }
    }
    return rows;
  }

  static ParsedAddress parse(String input) {
    if (input.startsWith("parts:")) {
      String[] f = input.substring("parts:".length()).split("\\|", -1);
      return STANDARDIZER.parse(f[0], f[1], f[2], f[3]);
    }
    return STANDARDIZER.parse(input);
  }

  @Test
  void corpusHasAtLeast200DistinctForms() throws IOException {
    List<Row> rows = corpus();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(200);
    assertThat(rows.stream().map(Row::input).distinct().count()).isEqualTo(rows.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void standardizes(Row row) {
    ParsedAddress parsed = parse(row.input());
    String issues = parsed.issues().stream().map(Enum::name).collect(Collectors.joining(","));
    assertThat(nullToEmpty(parsed.deliveryLine())).as("delivery line").isEqualTo(row.deliveryLine());
    assertThat(nullToEmpty(parsed.lastLine())).as("last line").isEqualTo(row.lastLine());
    assertThat(issues).as("issues").isEqualTo(row.issues());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void standardFormIsAFixedPoint(Row row) {
    ParsedAddress once = parse(row.input());
    String again = nullToEmpty(once.deliveryLine()) + ", " + nullToEmpty(once.lastLine());
    ParsedAddress twice = STANDARDIZER.parse(again);
    assertThat(twice.deliveryLine()).isEqualTo(once.deliveryLine());
    assertThat(twice.lastLine()).isEqualTo(once.lastLine());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
