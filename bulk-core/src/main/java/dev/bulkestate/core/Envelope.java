package dev.bulkestate.core;

/**
 * The API's wrapper of every answer: {@code {"status":"success","data":{...}}} or
 * {@code {"status":"error","error":{...}}}.
 */
public record Envelope<T>(String status, T data, ApiError error) {
  public static final String SUCCESS = "success";
  public static final String ERROR = "error";

  public static <T> Envelope<T> success(T data) {
    return new Envelope<>(SUCCESS, data, null);
  }

  public static <T> Envelope<T> error(ApiError error) {
    return new Envelope<>(ERROR, null, error);
  }

  /** True for a success envelope. */
  public boolean succeeded() {
    return SUCCESS.equals(status);
  }
}
