package dev.bulkestate.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The API keys a server accepts. A presented key is compared with every configured key through
 * their SHA-256 digests with {@link MessageDigest#isEqual}, so neither the position of the first
 * differing byte nor the length of the key shows in the time taken.
 */
final class ApiKeys {
  private final List<Entry> entries;

  private record Entry(byte[] digest, String key) {}

  ApiKeys(Collection<String> keys) {
    List<Entry> list = new ArrayList<>();
    for (String key : keys) {
      list.add(new Entry(sha256(key), key));
    }
    this.entries = List.copyOf(list);
  }

  /** The configured key equal to {@code presented}, found without an early exit. */
  Optional<String> match(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    byte[] digest = sha256(presented);
    String found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.digest, digest)) {
        found = entry.key;
      }
    }
    return Optional.ofNullable(found);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** {@code key} with all but its last four characters masked, for printing. */
  static String mask(String key) {
    int visible = Math.min(4, Math.max(0, key.length() - 4));
    return "*".repeat(Math.max(4, key.length() - visible)) + key.substring(key.length() - visible);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
