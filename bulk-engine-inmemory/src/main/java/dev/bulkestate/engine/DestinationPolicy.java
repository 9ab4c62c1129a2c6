package dev.bulkestate.engine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook destinations may be called: by default no private, loopback, link-local,
 * unspecified, carrier-grade NAT, unique-local or multicast address (server-side request forgery).
 * Host names are resolved and every address checked; IP literals are read the way HTTP stacks
 * read them, including decimal ({@code 2130706433}), octal ({@code 0177.0.0.1}), hex and short
 * forms, and IPv4-mapped or -compatible IPv6.
 */
public final class DestinationPolicy {
  /** A destination refused by the policy. */
  public static final class RefusedDestinationException extends UnknownHostException {
    RefusedDestinationException(String message) {
      super(message);
    }
  }

  /** A resolver of host names, injectable for tests. */
  @FunctionalInterface
  public interface Resolver {
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean allowPrivate;
  private final Resolver resolver;

  public DestinationPolicy(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /** The default policy: private destinations refused, system resolver. */
  public static DestinationPolicy strict() {
    return new DestinationPolicy(false, Resolver.SYSTEM);
  }

  public boolean allowsPrivate() {
    return allowPrivate;
  }

  /**
   * Why {@code host} is refused when it is an IP literal in a refused range; empty for a host
   * name (checked at delivery) or an allowed address.
   */
  public Optional<String> literalProblem(String host) {
    if (allowPrivate) {
      return Optional.empty();
    }
    return parseLiteral(host).filter(DestinationPolicy::isRefused)
        .map(address -> "The webhook url points to a private, loopback or link-local address");
  }

  /**
   * Resolves {@code host} and checks every address.
   *
   * @throws RefusedDestinationException when an address is refused
   * @throws UnknownHostException when the name does not resolve
   */
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    Optional<InetAddress> literal = parseLiteral(host);
    InetAddress[] addresses = literal.isPresent()
        ? new InetAddress[] {literal.get()} : resolver.resolve(host);
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        if (isRefused(address)) {
          throw new RefusedDestinationException(
              "Destination refused: " + host + " resolves to a private, loopback or link-local address");
        }
      }
    }
    return Arrays.asList(addresses);
  }

  /** True for addresses a webhook must not reach unless private destinations are allowed. */
  public static boolean isRefused(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // 0.0.0.0/8 "this network"
          || (first == 100 && second >= 64 && second <= 127) // 100.64/10 carrier-grade NAT
          || (first == 198 && (second == 18 || second == 19)) // 198.18/15 benchmarking
          || first >= 240; // 240/4 reserved and 255.255.255.255 broadcast
    }
    if (address instanceof Inet6Address v6) {
      if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
        return true;
      }
      if (v6.isIPv4CompatibleAddress() || isNat64(b) || isMapped(b)) {
        byte[] v4 = Arrays.copyOfRange(b, 12, 16);
        try {
          return isRefused(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isMapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private static boolean isNat64(byte[] b) {
    // 64:ff9b::/96
    return b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
        && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
  }

  /**
   * {@code host} as an IP address when it is an IP literal in any form HTTP stacks accept, without
   * a DNS query; empty for a host name.
   */
  public static Optional<InetAddress> parseLiteral(String host) {
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    String h = host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.contains(":")) {
      try {
        // Only an IPv6 literal contains ':'; getByName does not query DNS for it.
        return Optional.of(InetAddress.getByName("[" + h + "]"));
      } catch (UnknownHostException | IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return parseInetAton(h.toLowerCase(Locale.ROOT)).map(value -> {
      byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) (long) value};
      try {
        return InetAddress.getByAddress(bytes);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  // The BSD inet_aton forms: a, a.b, a.b.c, a.b.c.d; each part decimal, octal (leading 0) or hex (0x).
  private static Optional<Long> parseInetAton(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length < 1 || parts.length > 4) {
      return Optional.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long value = parsePart(parts[i]);
      if (value == null) {
        return Optional.empty();
      }
      values[i] = value;
    }
    long result = 0;
    for (int i = 0; i < values.length - 1; i++) {
      if (values[i] > 255) {
        return Optional.empty();
      }
      result |= values[i] << (24 - 8 * i);
    }
    long last = values[values.length - 1];
    int lastBits = 8 * (5 - values.length);
    if (last >= (1L << lastBits)) {
      return Optional.empty();
    }
    return Optional.of(result | last);
  }

  private static Long parsePart(String part) {
    if (part.isEmpty()) {
      return null;
    }
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x")) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return 0L;
      }
    } else if (part.length() > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.length() > 12) {
      return null;
    }
    for (char c : digits.toCharArray()) {
      if (Character.digit(c, radix) < 0) {
        return null;
      }
    }
    return Long.parseLong(digits, radix);
  }
}
