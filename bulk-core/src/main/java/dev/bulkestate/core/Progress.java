package dev.bulkestate.core;

/**
 * How far a job has come. {@code processed = successful + partial + failed}.
 *
 * @param totalRecords records in the job
 * @param processed records with a result
 * @param successful records with status {@code success}
 * @param failed records with status {@code failed}
 * @param percentComplete {@code floor(100 * processed / total)}
 * @param partial records with status {@code partial} (not in the spec's example; null when absent)
 */
public record Progress(
    Integer totalRecords, Integer processed, Integer successful, Integer failed,
    Integer percentComplete, Integer partial) {

  /** Progress computed from counts. */
  public static Progress of(int total, int successful, int partial, int failed) {
    int processed = successful + partial + failed;
    int percent = total == 0 ? 100 : (int) (100L * processed / total);
    return new Progress(total, processed, successful, failed, percent, partial);
  }
}
