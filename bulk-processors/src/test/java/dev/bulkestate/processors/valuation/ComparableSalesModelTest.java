package dev.bulkestate.processors.valuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkestate.processors.data.Property;
import dev.bulkestate.processors.generator.SyntheticData;
import dev.bulkestate.processors.generator.SyntheticDataGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComparableSalesModelTest {
  private static SyntheticData data;
  private static ComparableSalesModel model;

  @BeforeAll
  static void generate() {
    data = SyntheticDataGenerator.standard().generate(42, 6_000);
    model = new ComparableSalesModel(data.dataset());
  }

  @Test
  void medianAbsolutePercentageErrorAgainstTheHiddenTrueValues() {
    List<Double> errors = new ArrayList<>();
    List<Double> landErrors = new ArrayList<>();
    int none = 0;
    int inRange = 0;
    for (Property p : data.dataset().properties()) {
      Optional<ComparableSalesModel.Estimate> estimate = model.estimate(p);
      if (estimate.isEmpty()) {
        none++;
        continue;
      }
      long truth = data.trueValue(p.propertyId());
      double ape = Math.abs(estimate.get().value() - truth) / (double) truth;
      (p.isLand() ? landErrors : errors).add(ape);
      if (truth >= estimate.get().low() && truth <= estimate.get().high()) {
        inRange++;
      }
    }
    Collections.sort(errors);
    Collections.sort(landErrors);
    double mdape = errors.get(errors.size() / 2);
    double landMdape = landErrors.isEmpty() ? 0 : landErrors.get(landErrors.size() / 2);
    double p90 = errors.get(errors.size() * 9 / 10);
    double coverage = inRange / (double) (errors.size() + landErrors.size());
    System.out.printf("AVM MdAPE %.2f%% (p90 %.2f%%) over %d homes, land MdAPE %.2f%% over %d,"
            + " no estimate for %d, truth inside low..high for %.1f%%%n", mdape * 100, p90 * 100,
        errors.size(), landMdape * 100, landErrors.size(), none, coverage * 100);
    // Measured 6.1% for homes and 8.1% for land with seed 42; 7% of each true value is
    // idiosyncratic noise no comparable can see, so about 5% is the floor.
    assertThat(mdape).isLessThan(0.08);
    assertThat(landMdape).isLessThan(0.15);
    assertThat(none).isLessThan(100);
    // Measured 66.9%: the range is about one standard deviation wide.
    assertThat(coverage).isBetween(0.58, 0.76);
  }
}
