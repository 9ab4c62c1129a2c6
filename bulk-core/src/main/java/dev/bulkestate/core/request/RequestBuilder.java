package dev.bulkestate.core.request;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What every request builder shares: job name, records, webhook, and validation in {@link #build()}.
 *
 * <p>{@code build()} checks everything that can be checked without a server (records present,
 * ids unique and non-blank, webhook form, options); it does not enforce the per-type record limit,
 * which the server decides (split large inputs with chunked submission).
 */
public abstract class RequestBuilder<R extends InputRecord, Q extends JobRequest<R>,
    B extends RequestBuilder<R, Q, B>> {
  String jobName;
  final List<R> records = new ArrayList<>();
  Webhook webhook;

  RequestBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  public B jobName(String jobName) {
    this.jobName = jobName;
    return self();
  }

  public B add(R record) {
    records.add(Objects.requireNonNull(record, "record"));
    return self();
  }

  public B addAll(Collection<? extends R> more) {
    more.forEach(this::add);
    return self();
  }

  public B webhook(Webhook webhook) {
    this.webhook = webhook;
    return self();
  }

  public B webhook(String url, String... events) {
    return webhook(Webhook.of(url, events));
  }

  abstract Q create();

  /** The request, after the checks described on this class. */
  public Q build() {
    Q request = create();
    RequestValidator.validate(request, Integer.MAX_VALUE);
    return request;
  }
}
