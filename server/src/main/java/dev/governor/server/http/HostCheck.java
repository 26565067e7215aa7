package dev.governor.server.http;

import dev.governor.text.Quoted;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.util.Optional;

/**
 * Refuses requests whose {@code Host} names something else than this server, when the server is
 * open (no tokens), against DNS rebinding: a web page on {@code evil.example} whose DNS answer turns
 * to 127.0.0.1 makes the visitor's browser send it requests, with {@code Host: evil.example}, that
 * the browser's same-origin rule then lets the page read and write. Accepted are {@code localhost},
 * any IP address (a literal address cannot be rebound: the page would have to be served from it)
 * and the host of {@code server.publicUrl}, whatever the port.
 *
 * <p>With tokens the check is not installed: every write needs a bearer token, which a browser
 * never attaches on its own, so a rebound page cannot write; and a server with tokens is meant to be
 * reached under whatever names its load balancers and DNS give it.
 */
public final class HostCheck implements Handler {

  /** Enough of a bad Host to recognise it; the header is the client's and may be long. */

  private final Optional<String> publicHost;
  /** The host other replicas of a cluster reach this one at: what the requests they forward name. */
  private final Optional<String> replicaHost;

  public HostCheck(Optional<URI> publicUrl) {
    this(publicUrl, Optional.empty());
  }

  public HostCheck(Optional<URI> publicUrl, Optional<URI> advertiseUrl) {
    this.publicHost = publicUrl.map(URI::getHost).map(Hosts::name);
    this.replicaHost = advertiseUrl.map(URI::getHost).map(Hosts::name);
  }

  @Override
  public void handle(Context ctx) {
    String header = ctx.header("Host");
    // Only HTTP/1.0 goes without a Host, and browsers always send one: nothing to rebind.
    if (header == null) return;
    Optional<String> host = Hosts.ofHeader(header);
    if (host.isPresent() && accepted(host.get())) return;
    String quoted = Quoted.bounded(header);
    throw new HttpProblem.MisdirectedRequest("this server has no auth.tokens, so it answers only requests for"
        + publicHost.map(h -> " localhost, an IP address or " + h).orElse(" localhost or an IP address")
        + ", not for Host '" + quoted
        + "' (a guard against DNS rebinding). If people reach Governor under that name, set server.publicUrl"
        + " (GOVERNOR_PUBLIC_URL) to the URL they use, or set auth.tokens (GOVERNOR_AUTH_TOKENS)");
  }

  private boolean accepted(String host) {
    return host.equals("localhost") || Hosts.literal(host).isPresent() || publicHost.filter(host::equals).isPresent()
        || replicaHost.filter(host::equals).isPresent();
  }
}
