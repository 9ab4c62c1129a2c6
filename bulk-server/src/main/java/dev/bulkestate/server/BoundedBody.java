package dev.bulkestate.server;

import dev.bulkestate.core.ApiError;
import dev.bulkestate.core.BulkApiException;
import dev.bulkestate.core.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a request body up to a limit. A declared {@code Content-Length} above the limit is refused
 * before one byte is read; a body of unknown length is read until it passes the limit and no
 * further, so an oversized body never sits in memory.
 */
final class BoundedBody {
  private BoundedBody() {}

  static byte[] read(ApiRequest request, long maxBytes) {
    if (request.contentLength() > maxBytes) {
      throw tooLarge(maxBytes);
    }
    int initial = (int) Math.min(Math.max(request.contentLength(), 256), Math.min(maxBytes, 1 << 16));
    ByteArrayOutputStream out = new ByteArrayOutputStream(initial);
    byte[] buffer = new byte[8192];
    long total = 0;
    try {
      InputStream in = request.body();
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new BulkApiException(400, ApiError.of(ErrorCode.INVALID_JSON,
          "The request body could not be read completely"), null);
    }
    return out.toByteArray();
  }

  private static BulkApiException tooLarge(long maxBytes) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("max_body_bytes", maxBytes);
    return new BulkApiException(413, new ApiError(ErrorCode.PAYLOAD_TOO_LARGE,
        "The request body is larger than " + maxBytes + " bytes; split the records over several jobs",
        details), null);
  }
}
