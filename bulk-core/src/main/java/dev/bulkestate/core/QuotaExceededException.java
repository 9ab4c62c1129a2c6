package dev.bulkestate.core;

/** 402: the key's credit balance does not cover the job's estimate. */
public class QuotaExceededException extends BulkApiException {
  public QuotaExceededException(ApiError error, String requestId) {
    super(402, error, requestId);
  }

  /** Credits the job needs ({@code details.required_credits}), or -1 when not reported. */
  public long requiredCredits() {
    return longDetail("required_credits");
  }

  /** Credits the key has ({@code details.available_credits}), or -1 when not reported. */
  public long availableCredits() {
    return longDetail("available_credits");
  }

  private long longDetail(String name) {
    Object value = error().details().get(name);
    return value instanceof Number number ? number.longValue() : -1;
  }
}
