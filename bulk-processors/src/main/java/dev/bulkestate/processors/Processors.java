package dev.bulkestate.processors;

import dev.bulkestate.core.spi.RecordProcessor;
import dev.bulkestate.processors.address.AddressStandardizer;
import dev.bulkestate.processors.address.AddressVerificationProcessor;
import dev.bulkestate.processors.data.PropertyDataset;
import dev.bulkestate.processors.data.PropertyResolver;
import dev.bulkestate.processors.details.PropertyDetailsProcessor;
import dev.bulkestate.processors.details.ZipDemographics;
import dev.bulkestate.processors.generator.SyntheticDataGenerator;
import dev.bulkestate.processors.geo.ZipTable;
import dev.bulkestate.processors.search.PropertySearchProcessor;
import dev.bulkestate.processors.skiptrace.SkipTraceProcessor;
import dev.bulkestate.processors.valuation.ComparableSalesModel;
import dev.bulkestate.processors.valuation.ValuationProcessor;
import java.util.List;
import java.util.Objects;

/**
 * The record processors of the five job types, ready for an engine.
 *
 * <pre>{@code
 * List<RecordProcessor<?, ?>> processors = Processors.create(myDataset);
 * // or, over the built-in synthetic data (seed 42, 20,000 properties):
 * List<RecordProcessor<?, ?>> processors = Processors.defaults();
 * }</pre>
 */
public final class Processors {
  /** The seed of the default dataset. */
  public static final long DEFAULT_SEED = 42;
  /** The number of properties of the default dataset. */
  public static final int DEFAULT_SIZE = 20_000;

  private Processors() {}

  /**
   * One processor per job type over {@code dataset}, in the order of {@code JobType.KNOWN}, with
   * the standard address standardizer and ZIP table; address verification checks addresses
   * against the dataset. The processors share one valuation model (so an estimate is computed
   * once for details, search and valuations alike).
   */
  public static List<RecordProcessor<?, ?>> create(PropertyDataset dataset) {
    Objects.requireNonNull(dataset, "dataset");
    AddressStandardizer standardizer = AddressStandardizer.standard();
    ZipTable zips = ZipTable.standard();
    PropertyResolver resolver = new PropertyResolver(dataset, standardizer);
    ComparableSalesModel model = new ComparableSalesModel(dataset);
    return List.of(
        new PropertySearchProcessor(dataset, model),
        new PropertyDetailsProcessor(resolver, model, new ZipDemographics(model)),
        new SkipTraceProcessor(resolver, standardizer, zips),
        new AddressVerificationProcessor(standardizer, zips, dataset),
        new ValuationProcessor(resolver, model));
  }

  /** {@link #create} over {@link #defaultDataset()}; the processors are built once. */
  public static List<RecordProcessor<?, ?>> defaults() {
    return Defaults.PROCESSORS;
  }

  /**
   * The synthetic dataset the defaults use: seed {@value #DEFAULT_SEED},
   * {@value #DEFAULT_SIZE} properties. Generated once, on first use (a second or two).
   */
  public static PropertyDataset defaultDataset() {
    return Defaults.DATASET;
  }

  // Holder idiom: built lazily, once, and safely published by class initialization.
  private static final class Defaults {
    static final PropertyDataset DATASET =
        SyntheticDataGenerator.standard().generate(DEFAULT_SEED, DEFAULT_SIZE).dataset();
    static final List<RecordProcessor<?, ?>> PROCESSORS = create(DATASET);
  }
}
