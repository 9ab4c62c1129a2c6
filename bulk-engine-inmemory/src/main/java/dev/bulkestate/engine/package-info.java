/**
 * The embeddable in-memory engine: {@link dev.bulkestate.engine.InMemoryBulkEngine}, the Bulk
 * Processing API in-process with the full batch semantics.
 *
 * <p>Plug-in points, each with its in-memory default: the record processors
 * ({@link dev.bulkestate.core.spi.RecordProcessor}), the {@link dev.bulkestate.engine.JobStore},
 * the {@link dev.bulkestate.engine.CreditLedger}, the {@link dev.bulkestate.engine.WebhookSender}
 * and the {@link java.time.Clock} (plus a Caffeine {@code Ticker} for retention).
 *
 * <p>Results as CSV follow RFC 4180 (CRLF line ends; a field holding a comma, quote, CR or LF is
 * quoted, quotes doubled) with the columns {@code id,status,error_code,error_message,warnings,data,cached}:
 * {@code warnings} joins the warnings with {@code "; "}, {@code data} is the record's result as
 * JSON (snake_case, as on the wire), {@code cached} is {@code true} for a result answered from the
 * cross-job result cache and empty otherwise.
 */
package dev.bulkestate.engine;
