package dev.governor.server.status;

import dev.governor.incident.IncidentEngine;
import dev.governor.ingest.status.StatusPageReader;
import dev.governor.notify.Message;
import dev.governor.notify.Notification;
import dev.governor.notify.NotificationKey;
import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.config.ServerConfig;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.notify.NotificationDispatcher;
import dev.governor.server.ui.StatusPageHtml;
import dev.governor.server.ui.UiRoutes;
import dev.governor.status.StatusEvent;
import dev.governor.status.StatusPage;
import dev.governor.status.StatusStore;
import dev.governor.status.StatusSubscriber;
import dev.governor.text.Durations;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public status page: a {@code governor.dev/v1 StatusPage} document names the components; the
 * page, its feeds and a JSON summary are served at {@code status.path} without sign-in, on the API's
 * port or one of its own. Requests never touch the database: a thread of its own rebuilds the page
 * every {@code status.refresh} and right after each change, and the last page built is what every
 * request gets, so a slow or failed database leaves the page as it was (saying when it was updated),
 * never a 500. Each change the public is told of goes into the feeds and, through the durable
 * outbox, to every subscriber once.
 */
public final class StatusFeature implements Feature {

  private static final Logger log = LoggerFactory.getLogger(StatusFeature.class);
  static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml");

  private final Wiring wiring;
  private final ServerConfig.Status settings;
  private final StatusStore store;
  private final StatusBoard board;
  private final Supplier<NotificationDispatcher> notifications;
  private final StatusRoutes routes;
  /**
   * The last page built with its bytes, plain and gzipped, made once per snapshot: 90 bars of 50
   * components are half a megabyte of HTML that compresses forty-fold, and compressing it for each
   * request of a crowd would cost more than all the rest of the request.
   */
  private record Served(StatusSnapshot snapshot, byte[] plain, byte[] gzipped) {}

  private final AtomicReference<Served> served = new AtomicReference<>();
  private final AtomicReference<Optional<StatusPage>> page = new AtomicReference<>(Optional.empty());
  private final byte[] stylesheet;
  private ScheduledExecutorService refreshes;
  private Javalin ownPort;
  private volatile URI publicBase;

  public StatusFeature(Wiring wiring, Supplier<IncidentEngine> incidents, Supplier<NotificationDispatcher> notifications) {
    this.wiring = wiring;
    this.settings = wiring.config().status();
    this.store = wiring.database().status();
    this.notifications = notifications;
    this.board = new StatusBoard(store, wiring.database().probeResults(), wiring.evaluator(), incidents, wiring.clock());
    this.routes = new StatusRoutes(store, incidents, wiring.bodies(), wiring.clock(), page::get, this::pageApplied,
        this::changed);
    this.stylesheet = resource("/status/status.css");
  }

  @Override
  public void install(JavalinConfig cfg) {
    routes.register(cfg.routes);
    if (settings.port() == 0) publicRoutes(cfg.routes);
  }

  @Override
  public void start(Running running) {
    publicBase = wiring.config().response().publicUrl().orElse(running.baseUri());
    loadPage();
    refreshes = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("governor-status").daemon().factory());
    refreshes.scheduleWithFixedDelay(this::refreshGuarded, 0, settings.refresh().toMillis(), TimeUnit.MILLISECONDS);
    if (settings.port() != 0) {
      String bind = settings.bind().isBlank() ? wiring.config().bind() : settings.bind();
      ownPort = Javalin.create(cfg -> {
        cfg.startup.showJavalinBanner = false;
        publicRoutes(cfg.routes);
      }).start(bind, settings.port());
      log.info("the status page listens on {}:{}{}", bind, ownPort.port(), settings.path());
    }
  }

  @Override
  public void close() {
    if (ownPort != null) ownPort.stop();
    if (refreshes == null) return;
    refreshes.shutdownNow();
    try {
      if (!refreshes.awaitTermination(10, TimeUnit.SECONDS)) log.warn("a status page refresh did not stop within 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The port of the status page's own listener, when it has one. */
  public Optional<Integer> ownPort() {
    return Optional.ofNullable(ownPort).map(Javalin::port);
  }

  /**
   * Rebuilds the page now, on this thread: for tests and the demo, which do not wait for the schedule.
   * One build at a time, or two would both see the same change and announce it twice.
   */
  public synchronized StatusSnapshot refresh() {
    Optional<StatusPage> current = page.get();
    if (current.isEmpty()) {
      served.set(null);
      return null;
    }
    StatusBoard.Built built = board.build(current.get(), draft -> StatusPageHtml.render(draft, settings.base()));
    byte[] plain = built.snapshot().html().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    served.set(new Served(built.snapshot(), plain, gzip(plain)));
    tell(built.changes());
    return built.snapshot();
  }

  private void refreshGuarded() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The last page built stays up; it says when it was updated.
      log.error("rebuilding the status page failed; the last one built is served and rebuilt in {}",
          Durations.format(settings.refresh()), e);
    }
  }

  /** After a change through the API: the page is rebuilt at once, off the request. */
  private void changed(List<StatusEvent> events) {
    tell(events);
    if (refreshes != null) refreshes.execute(this::refreshGuarded);
  }

  private void pageApplied() {
    loadPage();
    if (refreshes != null) refreshes.execute(this::refreshGuarded);
  }

  private void loadPage() {
    page.set(store.page().flatMap(stored -> {
      StatusPageReader.Parsed parsed = StatusPageReader.parse(stored.name() + ".yaml", stored.source());
      if (parsed.problems().isEmpty() && parsed.documents().size() == 1) return Optional.of(parsed.documents().getFirst().page());
      log.error("the stored status page does not read any more: {}", parsed.problems());
      return Optional.empty();
    }));
  }

  /** Sends each event to each subscriber through the outbox; its key makes a retry or a restart send it once. */
  private void tell(List<StatusEvent> events) {
    if (events.isEmpty()) return;
    List<StatusSubscriber> subscribers = store.subscribers();
    if (subscribers.isEmpty()) return;
    String title = page.get().map(StatusPage::title).orElse("Status");
    URI url = publicBase == null ? URI.create("http://127.0.0.1/") : publicBase.resolve(settings.path());
    for (StatusEvent event : events) {
      for (StatusSubscriber subscriber : subscribers) {
        Message message = new Message("status." + event.kind(), bounded(title + ": " + event.title(), Message.MAX_SUBJECT),
            bounded(event.text(), Message.MAX_TEXT), Map.of("kind", event.kind(), "subject", bounded(event.subject(), 200),
            "at", event.at().toString()), List.of(new Message.Link("Status page", url)));
        notifications.get().enqueue(new Notification(new NotificationKey("status-event-" + event.id() + "/subscriber-"
            + subscriber.id()), subscriber.channel(), message, event.at()));
      }
    }
  }

  private static String bounded(String text, int most) {
    return text.length() <= most ? text : text.substring(0, most - 1) + "…";
  }

  // ----- the public routes

  private void publicRoutes(RoutesConfig r) {
    String base = settings.base();
    r.get(settings.path(), this::html);
    r.get(base + "/status.css", ctx -> {
      ctx.header("Cache-Control", "public, max-age=300");
      ctx.contentType("text/css; charset=utf-8").result(stylesheet);
    });
    r.get(base + "/feed.atom", ctx -> {
      StatusPage current = current();
      ctx.header("Cache-Control", "public, max-age=30");
      ctx.contentType("application/atom+xml; charset=utf-8").result(StatusFeeds.atom(current.title(), pageUrl(ctx),
          events(), wiring.clock().instant()));
    });
    r.get(base + "/feed.json", ctx -> {
      StatusPage current = current();
      ctx.header("Cache-Control", "public, max-age=30");
      ctx.contentType("application/feed+json; charset=utf-8");
      ctx.result(dev.governor.server.http.Json.MAPPER.writeValueAsString(StatusFeeds.json(current.title(), pageUrl(ctx), events())));
    });
    r.get(base + "/summary.json", ctx -> ctx.json(StatusSummary.of(built())));
  }

  private void html(Context ctx) {
    Served bytes = servedNow();
    ctx.header("Content-Security-Policy", UiRoutes.contentSecurityPolicy());
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "public, max-age=10");
    ctx.header("Vary", "Accept-Encoding");
    ctx.contentType("text/html; charset=utf-8");
    String accepts = ctx.header("Accept-Encoding");
    if (accepts != null && accepts.contains("gzip")) {
      ctx.header("Content-Encoding", "gzip");
      ctx.result(bytes.gzipped());
    } else {
      ctx.result(bytes.plain());
    }
  }

  private static byte[] gzip(byte[] plain) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(plain.length / 20 + 64);
    try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
      zip.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private StatusPage current() {
    return page.get().orElseThrow(() -> new HttpProblem.NotFound("no status page is applied; POST a StatusPage document"
        + " to /api/v1/status/page (see docs/status-page.md)"));
  }

  private StatusSnapshot built() {
    return servedNow().snapshot();
  }

  private Served servedNow() {
    current();
    Served now = served.get();
    if (now == null) throw new HttpProblem.ServiceUnavailable("the status page is being built; ask again in a few seconds");
    return now;
  }

  /**
   * The feeds read the events table: a feed reader polls, it is not the page a crowd reloads
   * during an outage. When the database cannot answer, the feed says so with a 503 and Retry-After.
   */
  private List<StatusEvent> events() {
    try {
      return store.events(50);
    } catch (RuntimeException e) {
      log.warn("the status feed could not read its events", e);
      throw new HttpProblem.ServiceUnavailable("the status feed is unavailable for a moment; ask again shortly");
    }
  }

  private String pageUrl(Context ctx) {
    URI base = wiring.config().response().publicUrl().orElse(URI.create(ctx.scheme() + "://" + ctx.host() + "/"));
    String url = base.resolve(settings.path()).toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static byte[] resource(String name) {
    try (InputStream in = StatusFeature.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("the build left out " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
