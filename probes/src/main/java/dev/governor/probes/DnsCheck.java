package dev.governor.probes;

import dev.governor.probe.ProbeCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * A DNS lookup through the JDK's own DNS client (JNDI's {@code dns:} provider), which, unlike
 * {@code InetAddress}, asks for any record type, asks a chosen server, and caches nothing: each run
 * asks again. Without a server it asks the system's resolvers.
 */
final class DnsCheck implements Check.Kind<ProbeCheck.Dns> {

  @Override
  public Check run(ProbeCheck.Dns check, Duration timeout) throws Exception {
    Hashtable<String, String> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
    env.put(Context.PROVIDER_URL, check.server().map(s -> "dns://" + s).orElse("dns:"));
    // One try per server, within the probe's timeout; the runner's deadline stands behind it.
    env.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(1, timeout.toMillis())));
    env.put("com.sun.jndi.dns.timeout.retries", "1");
    String type = check.recordType().name();
    List<String> answers = new ArrayList<>();
    DirContext context = new InitialDirContext(env);
    try {
      Attributes attributes = context.getAttributes(check.name(), new String[] {type});
      Attribute records = attributes.get(type);
      if (records != null) {
        NamingEnumeration<?> values = records.getAll();
        while (values.hasMore()) answers.add(normalise(check.recordType(), String.valueOf(values.next())));
      }
    } catch (NameNotFoundException e) {
      return Check.down(check.name() + " does not exist (NXDOMAIN)");
    } catch (NamingException e) {
      return Check.down("DNS lookup of " + check.name() + " " + type + " failed: "
          + NetworkProbeRunner.bounded(e.getExplanation() == null ? e.toString() : e.getExplanation()));
    } finally {
      context.close();
    }
    if (answers.isEmpty()) return Check.down(check.name() + " has no " + type + " record");
    for (String expected : check.expected()) {
      if (!answers.contains(normalise(check.recordType(), expected))) {
        return Check.down(check.name() + " " + type + " answered " + NetworkProbeRunner.bounded(String.join(", ", answers))
            + ", without " + NetworkProbeRunner.bounded(expected));
      }
    }
    return Check.up("");
  }

  /** Names compare without their final dot and case; TXT without its quotes. */
  static String normalise(ProbeCheck.RecordType type, String value) {
    String v = value.strip();
    return switch (type) {
      case TXT -> v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
      case A, AAAA -> v;
      // "10 mail.example.com.": what is expected is the host; the preference is the operator's business.
      case MX -> normalise(ProbeCheck.RecordType.CNAME, v.substring(v.lastIndexOf(' ') + 1));
      default -> (v.endsWith(".") ? v.substring(0, v.length() - 1) : v).toLowerCase(Locale.ROOT);
    };
  }
}
