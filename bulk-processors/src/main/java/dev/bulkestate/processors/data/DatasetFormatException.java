package dev.bulkestate.processors.data;

/**
 * A row of a user's data file that cannot be loaded: says which line and which field, and why.
 * The message reads {@code "properties.csv line 7, field bedrooms: 'three' is not a whole number"}.
 */
public final class DatasetFormatException extends RuntimeException {
  private final String source;
  private final long line;
  private final String field;
  private final String issue;

  public DatasetFormatException(String source, long line, String field, String issue) {
    this(source, line, field, issue, null);
  }

  public DatasetFormatException(String source, long line, String field, String issue, Throwable cause) {
    super(source + " line " + line + (field == null ? "" : ", field " + field) + ": " + issue, cause);
    this.source = source;
    this.line = line;
    this.field = field;
    this.issue = issue;
  }

  /** The name of the file (or stream) read. */
  public String source() {
    return source;
  }

  /** The 1-based line number of the bad row. */
  public long line() {
    return line;
  }

  /** The field at fault (a column or a JSON path such as {@code phones[0].number}), or null. */
  public String field() {
    return field;
  }

  /** What is wrong with it. */
  public String issue() {
    return issue;
  }
}
