package dev.governor.server.cluster;

import dev.governor.cluster.LeaderTerm;
import dev.governor.cluster.Lease;
import dev.governor.cluster.Leadership;
import dev.governor.server.GovernorServer;
import dev.governor.server.RunningServer;
import dev.governor.server.config.ServerConfig;
import dev.governor.storage.jdbc.Database;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a cluster on one PostgreSQL database.
 *
 * <h2>How the replicas share the work</h2>
 * One replica leads, elected with a lease in the database ({@link Leadership}); it runs the whole
 * server: the engine with its running sums, alerts into incidents, escalation and paging, the
 * outbox, pulls, probes, retention. Every other replica serves a {@link Front} on the same port:
 * its own health, readiness and metrics, and every other request forwarded to the leader. So every
 * replica answers every route, all of them give the same numbers (they are the leader's), a change
 * through any of them is seen by all at once, and everything that must happen once happens in one
 * process. The price is that the leader does all the work: more replicas add availability, not
 * throughput. This is how HashiCorp Vault's standbys forward to the active node; sharding the SLIs
 * across the replicas would spread the work, at the cost of every status read gathering sums from
 * several processes.
 *
 * <h2>Taking over</h2>
 * When a replica takes the lease, it stops its front and starts the full server on the same port
 * with the new term: its database writes are fenced by that term, and it trusts the lease for
 * what the database cannot fence (a page over HTTP) only as long as {@link Leadership#leads}. The
 * server loads the running sums from the store, which holds every acknowledged event, and picks up
 * the outbox and escalations where the last leader left them: they are rows, not memory. When a
 * replica learns that a later term took over (it was paused, or cut off from the database), it
 * closes its server and serves the front again.
 *
 * <p>Lease rounds run every sixth of the lease on their own thread; starting and stopping the
 * server runs on another, one switch at a time, so a start that takes seconds never holds up a
 * renewal.
 */
public final class ClusterNode implements RunningServer {

  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
  /**
   * How long a follower waits for the leader's answer to begin (its body then streams without a
   * bound): as long as the CLI waits for any answer, and short enough that a frozen leader, whose
   * kernel still accepts connections, does not hold a follower's threads for minutes. A backup of
   * a large database taken on request can take longer: take those through the leader's own address.
   */
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(60);

  private final ServerConfig config;
  private final InstantSource clock;
  private final Database leaseDatabase;
  private final Leadership leadership;
  private final ClusterView view;
  private final Forwarder forwarder;
  /** The cluster's shared secret: a follower vouches with it for the client addresses it forwards. */
  private final String secret;
  private final ClusterMetrics followerMetrics;
  private final ScheduledExecutorService rounds;
  private final ExecutorService switches;
  /** The front while following, the server while leading; changed only on the switching thread. */
  private volatile Front front;
  private volatile GovernorServer server;
  private volatile LeaderTerm serving;
  private volatile boolean closing;

  private ClusterNode(ServerConfig config, InstantSource clock, Database leaseDatabase, String replica, URI url) {
    this.config = config;
    this.clock = clock;
    this.leaseDatabase = leaseDatabase;
    this.leadership = new Leadership(leaseDatabase.leases(), replica, ClusterView.nameOf(replica), url,
        config.cluster().leaseDuration(), System::nanoTime, new Leadership.Listener() {
          @Override
          public void leading(LeaderTerm term, Optional<Lease> before) {
            switches.execute(() -> lead(term, before));
          }

          @Override
          public void following(LeaderTerm ended, String why) {
            switches.execute(() -> follow(ended, why));
          }
        });
    this.view = new ClusterView(leadership, leaseDatabase.leases());
    this.secret = leaseDatabase.leases().sharedSecret();
    this.forwarder = new Forwarder(replica, secret, view::leaderUrl, config.notifications().connectTimeout(),
        FORWARD_TIMEOUT);
    this.followerMetrics = ClusterMetrics.ofFollower(leadership, forwarder);
    this.rounds = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("governor-cluster-lease").daemon().factory());
    // Not a daemon: between the front's stop and the server's start no HTTP thread runs, and a
    // process whose main thread has returned would exit right there.
    this.switches = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("governor-cluster-switch").daemon(false)
        .factory());
  }

  /**
   * Joins the cluster of {@code config}'s PostgreSQL database: serves the front at once, and the
   * whole server once this replica takes the lease (at its first round when nobody holds it).
   */
  public static ClusterNode start(ServerConfig config) {
    return start(config, InstantSource.system());
  }

  static ClusterNode start(ServerConfig config, InstantSource clock) {
    String jdbcUrl = config.jdbcUrl().orElseThrow(() -> new IllegalArgumentException(
        "a cluster needs a PostgreSQL database (storage.jdbcUrl)"));
    // With --port 0 a free port is picked once: the front and, later, the server listen on the same one.
    ServerConfig bound = config.port() == 0 ? config.withPort(freePort(config.bind())) : config;
    Database leaseDatabase = Database.open(jdbcUrl, config.databaseConnectionTimeout());
    try {
      // Letters, digits and .:_- only: the id goes into the fencing statement (see Connections.fence).
      String name = config.cluster().replicaName().isEmpty()
          ? hostName().replaceAll("[^A-Za-z0-9.:_-]", "-") + ":" + bound.port() : config.cluster().replicaName();
      byte[] run = new byte[4];
      new SecureRandom().nextBytes(run);
      String replica = name + "/" + HexFormat.of().formatHex(run);
      URI url = config.cluster().advertiseUrl().orElseGet(() -> advertised(bound));
      // The URL as used, also where it was worked out: the leader's Host check accepts the name the
      // other replicas forward to.
      ServerConfig advertisedAs = bound.withCluster(new ServerConfig.Cluster(config.cluster().replicaName(),
          Optional.of(url), config.cluster().leaseDuration()));
      ClusterNode node = new ClusterNode(advertisedAs, clock, leaseDatabase, replica, url);
      node.front = Front.start(advertisedAs, bound.port(), node.forwarder, node.view, node.followerMetrics);
      node.rounds.scheduleWithFixedDelay(node::round, 0, node.roundEvery().toMillis(), TimeUnit.MILLISECONDS);
      log.info("{} joined the cluster as {}, reachable at {}", name, replica, url);
      return node;
    } catch (RuntimeException e) {
      leaseDatabase.close();
      throw e;
    }
  }

  private static int freePort(String bind) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getByName(bind))) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not find a free port on " + bind, e);
    }
  }

  /** Where the others reach this replica: the address it listens on, or its host name for every interface. */
  private static URI advertised(ServerConfig config) {
    String bind = config.bind();
    String host = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? hostName()
        : bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    return URI.create("http://" + host + ":" + config.port());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private void round() {
    if (closing) return;
    try {
      leadership.round();
    } catch (RuntimeException e) {
      // The database is away: a leader keeps its term (and stops paging once it cannot trust it),
      // a follower keeps forwarding to the leader it knows. The next round tries again.
      log.warn("lease round failed; retrying in {} ms: {}", roundEvery().toMillis(), e.toString());
    }
  }

  private Duration roundEvery() {
    return config.cluster().leaseDuration().dividedBy(6);
  }

  private void lead(LeaderTerm term, Optional<Lease> before) {
    // Still this term, even when a slow round left it untrusted for now: a replica that held the
    // lease without its server would keep the cluster leaderless for as long as it renews. Sends
    // wait for the trust to come back (LeaderRole.fencing).
    if (closing || !leadership.term().equals(Optional.of(term))) return;
    long startedAt = System.nanoTime();
    closeFront();
    GovernorServer leading;
    try {
      leading = GovernorServer.start(config, clock, UnaryOperator.identity(),
          Optional.of(new LeaderRole(term, view, forwarder, secret)));
    } catch (RuntimeException | Error e) {
      // An Error too: a replica holding the lease without a server leaves the cluster answering 503.
      log.error("{} took the lease ({}) but could not start its server; handing the lease on", leadership.name(), term, e);
      try {
        leadership.resign(term);
      } catch (RuntimeException resigning) {
        log.warn("could not hand the lease on; it runs out by itself", resigning);
      }
      if (!closing) openFront();
      return;
    }
    if (closing) {
      // close() gave up waiting for this start: what it started, it must not leave running.
      leading.close();
      return;
    }
    server = leading;
    serving = term;
    log.info("{} leads the cluster ({}); its server started in {} ms", leadership.name(), term,
        (System.nanoTime() - startedAt) / 1_000_000);
    before.filter(b -> !b.term().replica().equals(term.replica())).ifPresent(b -> noteTakeover(leading, b, term));
  }

  /**
   * Tells every open incident that another replica now pages for it: whoever reads the timeline
   * of an incident that spanned a failover sees where the pages came from, and why a page may have
   * come a few seconds late.
   */
  private void noteTakeover(GovernorServer leading, Lease before, LeaderTerm term) {
    String text = leadership.name() + " took over as the leader (term " + term.term() + ") from "
        + ClusterView.nameOf(before.term().replica()) + " (term " + before.term().term() + "), whose lease ended;"
        + " paging and escalation go on from " + leadership.name();
    try {
      for (dev.governor.incident.Incident incident : leading.incidents().openIncidents()) {
        leading.incidents().record(incident.id(), new dev.governor.incident.TimelineEntry(clock.instant(),
            dev.governor.incident.TimelineEntry.Kind.ESCALATION, "governor", text,
            java.util.Map.of("term", Long.toString(term.term()), "replica", leadership.name(),
                "previousReplica", ClusterView.nameOf(before.term().replica()))));
      }
    } catch (RuntimeException e) {
      log.warn("could not note the takeover on the open incidents", e);
    }
  }

  private void follow(LeaderTerm ended, String why) {
    if (serving == null || !serving.equals(ended)) return;
    log.warn("{} stops leading ({}): {}; serving as a follower", leadership.name(), ended, why);
    closeServer();
    if (!closing) openFront();
  }

  private void openFront() {
    try {
      front = Front.start(config, config.port(), forwarder, view, followerMetrics);
    } catch (RuntimeException e) {
      // The port is taken meanwhile; this replica still takes part in the lease, and tries again
      // the next time it stops leading.
      log.error("could not serve the front on port {}", config.port(), e);
    }
  }

  private void closeFront() {
    Front f = front;
    front = null;
    if (f != null) f.close();
  }

  private void closeServer() {
    GovernorServer s = server;
    server = null;
    serving = null;
    if (s != null) s.close();
  }

  @Override
  public int port() {
    return config.port();
  }

  @Override
  public String listening() {
    return config.bind() + ":" + config.port();
  }

  @Override
  public URI baseUri() {
    return GovernorServer.baseUri(config, config.port());
  }

  @Override
  public void close() {
    closing = true;
    rounds.shutdownNow();
    switches.shutdown();
    try {
      switches.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeServer();
    closeFront();
    try {
      // After the server: its last writes are in, and the next replica need not wait out the lease.
      leadership.resign();
    } catch (RuntimeException e) {
      log.warn("could not hand the lease on; it runs out by itself", e);
    }
    leaseDatabase.close();
  }
}
