package dev.bulkestate.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The measured rounds of one figure: median, and spread as min..max. */
public final class Stats {
  private final List<Double> values = new ArrayList<>();

  public Stats add(double v) {
    values.add(v);
    return this;
  }

  public int count() {
    return values.size();
  }

  public double median() {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public double min() {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** {@code 123,456 (120,000..130,000)}. */
  public String format() {
    return num(median()) + " (" + num(min()) + ".." + num(max()) + ")";
  }

  /** Median with a spread in percent of it: {@code 123,456 ±4%}. */
  public String formatPct() {
    double m = median();
    double spread = m == 0 ? 0 : Math.max(max() - m, m - min()) / m * 100;
    return num(m) + " ±" + String.format(Locale.ROOT, "%.0f%%", spread);
  }

  /** Round by round, the larger of two figures measured in the same rounds. */
  public static Stats pairMax(Stats a, Stats b) {
    Stats out = new Stats();
    for (int i = 0; i < Math.min(a.count(), b.count()); i++) {
      out.add(Math.max(a.values.get(i), b.values.get(i)));
    }
    return out;
  }

  /**
   * The ratio a / b taken round by round (both measured in the same round, under the same load),
   * as median (min..max): steadier than a ratio of medians when the machine's load drifts.
   */
  public static String pairedRatio(Stats a, Stats b) {
    Stats r = new Stats();
    for (int i = 0; i < Math.min(a.count(), b.count()); i++) {
      r.add(a.values.get(i) / b.values.get(i));
    }
    return String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", r.median(), r.min(), r.max());
  }

  public static String num(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  public static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2f", a / b);
  }
}
