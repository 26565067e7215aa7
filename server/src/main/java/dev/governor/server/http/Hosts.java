package dev.governor.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host names as the server's exposure rules see them: the bind address at start and the {@code Host}
 * header of each request on an open server. Nothing here asks DNS: a name's answer is the attacker's
 * to choose in a DNS rebinding, so only literals and {@code localhost} count as loopback.
 */
public final class Hosts {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  private Hosts() {}

  /**
   * The address {@code host} spells literally ({@code 10.0.0.5}, {@code ::1}, {@code [::1]}), or
   * empty for a name. A name is never resolved.
   */
  public static Optional<InetAddress> literal(String host) {
    String bare = host.length() > 1 && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    try {
      if (IPV4.matcher(bare).matches()) {
        // Parsed here: the JDK would look a dotted quad with an octet over 255 up in DNS, as a name.
        String[] octets = bare.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(octets[i]);
          if (octet > 255) return Optional.empty();
          bytes[i] = (byte) octet;
        }
        return Optional.of(InetAddress.getByAddress(bytes));
      }
      // A text with ':' is an IPv6 literal to the JDK, parsed without a lookup or refused.
      return IPV6.matcher(bare).matches() ? Optional.of(InetAddress.getByName(bare)) : Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** {@code localhost}, 127.0.0.0/8 or ::1: only this machine can reach an address bound to it. */
  public static boolean isLoopback(String host) {
    return name(host).equals("localhost") || literal(host).map(InetAddress::isLoopbackAddress).orElse(false);
  }

  /** 0.0.0.0 or ::, every interface of the machine. */
  public static boolean isWildcard(String host) {
    return literal(host).map(InetAddress::isAnyLocalAddress).orElse(false);
  }

  /**
   * The host of a {@code Host} header value ({@code name}, {@code name:port}, {@code [v6]:port}) in
   * the form {@link #name} gives, or empty when the value is not one.
   */
  public static Optional<String> ofHeader(String header) {
    String value = header.trim();
    String host;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) return Optional.empty();
      host = value.substring(0, close + 1);
      String rest = value.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) return Optional.empty();
        port = rest.substring(1);
      }
    } else {
      int colon = value.indexOf(':');
      if (colon >= 0 && value.indexOf(':', colon + 1) >= 0) return Optional.empty(); // IPv6 needs brackets
      host = colon < 0 ? value : value.substring(0, colon);
      if (colon >= 0) port = value.substring(colon + 1);
    }
    if (host.isEmpty() || (port != null && !PORT.matcher(port).matches())) return Optional.empty();
    return Optional.of(name(host));
  }

  /** Lower case and without the trailing dot of a fully qualified name: how two spellings compare. */
  public static String name(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
