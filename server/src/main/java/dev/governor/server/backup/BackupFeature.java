package dev.governor.server.backup;

import dev.governor.incident.AlertSeverity;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalIntake;
import dev.governor.incident.SignalSource;
import dev.governor.incident.Signal;
import dev.governor.server.Feature;
import dev.governor.server.Wiring;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online backups and restore drills: {@code POST/GET /api/v1/backups}, {@code POST/GET
 * /api/v1/dr/drills}, and the schedules of {@code backup.schedule} and {@code backup.drillSchedule}.
 * Drill results are appended to {@code drills.jsonl} beside the backups they drilled. A failed
 * drill opens a ticket (integration {@value #INTEGRATION}, never a page); the next drill that passes
 * resolves it.
 */
public final class BackupFeature implements Feature {

  private static final Logger log = LoggerFactory.getLogger(BackupFeature.class);

  /** The integration the drill's ticket comes from; not "governor", whose alerts the reconciler owns. */
  public static final String INTEGRATION = "governor-dr";

  static final String DRILL_KEY = "restore-drill";

  static final String DRILL_LOG = "drills.jsonl";

  private static final int DRILLS_LISTED = 50;

  private final Wiring wiring;
  private final Backups backups;
  private final RestoreDrill drill;
  private final Supplier<SignalIntake> incidents;
  private ScheduledExecutorService schedule;

  /** {@code incidents} is asked for the engine only when a drill has something to say. */
  public BackupFeature(Wiring wiring, Supplier<SignalIntake> incidents) {
    this.wiring = wiring;
    this.backups = new Backups(wiring.database(), wiring.config().backupDir(), wiring.clock(), System.getenv());
    this.drill = new RestoreDrill(wiring.config().evaluatorSettings(), wiring.clock(), System.getenv());
    this.incidents = incidents;
  }

  public Backups backups() {
    return backups;
  }

  @Override
  public void install(JavalinConfig cfg) {
    cfg.routes.post("/api/v1/backups", this::create);
    cfg.routes.get("/api/v1/backups", this::list);
    cfg.routes.post("/api/v1/dr/drills", this::drill);
    cfg.routes.get("/api/v1/dr/drills", this::drills);
    cfg.routes.get("/api/v1/dr/drills/{id}", this::drillState);
  }

  @Override
  public void start(Running running) {
    Duration every = wiring.config().backup().schedule();
    Duration drillEvery = wiring.config().backup().drillSchedule();
    if (every.isZero() && drillEvery.isZero()) return;
    // One thread for both: a drill of the backup being written would only wait for it anyway.
    schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("governor-backup").daemon().factory());
    // The first one is due a period after the last one, not after this start: a server restarted
    // more often than its schedule would otherwise never take one.
    if (!every.isZero()) {
      Optional<java.time.Instant> last = backups.list().stream().flatMap(l -> l.manifest().stream())
          .map(BackupManifest::takenAtInstant).findFirst();
      schedule.scheduleWithFixedDelay(() -> guarded("scheduled backup", this::scheduledBackup),
          firstDelay(last, every), every.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (!drillEvery.isZero()) {
      schedule.scheduleWithFixedDelay(() -> guarded("scheduled restore drill", () -> drillNewest()),
          firstDelay(lastDrill(), drillEvery), drillEvery.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private long firstDelay(Optional<java.time.Instant> last, Duration every) {
    java.time.Instant now = wiring.clock().instant();
    return last.map(at -> Math.clamp(Duration.between(now, at.plus(every)).toMillis(), 0, every.toMillis()))
        .orElse(every.toMillis());
  }

  private Optional<java.time.Instant> lastDrill() {
    return recordedDrills().stream().findFirst().map(d -> java.time.Instant.parse(d.startedAt()));
  }

  @Override
  public void close() {
    if (schedule == null) return;
    schedule.shutdownNow();
    try {
      // The database closes after the features: a backup must not be left reading from it.
      if (!schedule.awaitTermination(10, TimeUnit.SECONDS)) log.warn("a backup or drill did not stop within 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void guarded(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      // The schedule must outlive one failure (a full disk), or no backup would ever be taken again.
      log.error("the {} failed; the next one runs on schedule", what, e);
    }
  }

  private void scheduledBackup() {
    Backups.Taken taken = backups.create();
    List<String> deleted = backups.keepNewest(wiring.config().backup().keep());
    log.info("took the backup {} ({} rows, {} bytes); deleted {} older", taken.name(), taken.manifest().rows(),
        taken.bytes(), deleted.size());
  }

  /** Drills the newest backup (or none is there to drill), records the result and tells the incident engine. */
  Optional<RestoreDrill.Report> drillNewest() {
    return backups.newest().map(this::drillAndRecord);
  }

  private synchronized RestoreDrill.Report drillAndRecord(Path backup) {
    RestoreDrill.Report report = drill.run(backup, backups.dir().resolve(".drills"));
    record(report);
    SignalAction action = report.passed() ? SignalAction.RESOLVE : SignalAction.TRIGGER;
    String summary = report.passed()
        ? "Restore drill of " + report.backup() + " passed"
        : "Restore drill of " + report.backup() + " failed: " + report.problems().getFirst();
    incidents.get().accept(List.of(new Signal(SignalSource.GOVERNOR, INTEGRATION, action, Optional.of(DRILL_KEY),
        summary, AlertSeverity.WARNING,
        Map.of("alertname", "RestoreDrillFailed", "service", "governor", "severity", "warning"),
        Map.of("backup", report.backup(), "problems", String.join("\n", report.problems())),
        List.of(), wiring.clock().instant())));
    if (report.passed()) {
      log.info("restore drill of {} passed: RPO {}, RTO {}", report.backup(), report.rpo(), report.rto());
    } else {
      log.warn("restore drill of {} failed: {}", report.backup(), report.problems());
    }
    return report;
  }

  private void record(RestoreDrill.Report report) {
    Path file = backups.dir().resolve(DRILL_LOG);
    try {
      Files.createDirectories(backups.dir());
      byte[] line = (Json.MAPPER.writeValueAsString(DrillView.of(report)) + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        channel.write(java.nio.ByteBuffer.wrap(line));
        channel.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not record the drill in " + file + ": " + e.getMessage(), e);
    }
  }

  // --- routes

  private void create(Context ctx) {
    Backups.Taken taken = backups.create();
    ctx.status(201).json(BackupView.of(taken.name(), taken.path(), taken.bytes(), taken.manifest()));
  }

  private void list(Context ctx) {
    List<Object> views = new ArrayList<>();
    for (Backups.Listed listed : backups.list()) {
      views.add(listed.manifest()
          .<Object>map(m -> BackupView.of(listed.name(), listed.path(), listed.bytes(), m))
          .orElseGet(() -> new Unreadable(listed.name(), listed.path().toString(), listed.bytes(), listed.problem().orElse(""))));
    }
    ctx.json(Map.of("dir", backups.dir().toString(), "backups", views));
  }

  private void drill(Context ctx) {
    String name = ctx.queryParam("backup");
    Path backup;
    if (name == null || name.isBlank()) {
      backup = backups.newest().orElseThrow(() -> new HttpProblem.NotFound(
          "there is no backup in " + backups.dir() + " to drill; take one first: POST /api/v1/backups"));
    } else {
      backup = backups.find(name).orElseThrow(() -> new HttpProblem.NotFound("there is no backup named '"
          + name.substring(0, Math.min(name.length(), 200)) + "' in " + backups.dir() + "; GET /api/v1/backups lists them"));
    }
    if ("true".equals(ctx.queryParam("wait"))) {
      ctx.json(DrillView.of(drillAndRecord(backup)));
      return;
    }
    // A drill of a large database takes minutes: longer than a client waits for an answer. It runs
    // on a thread of its own, and GET /api/v1/dr/drills/{id} says when it is done.
    String id = java.util.UUID.randomUUID().toString();
    running.put(id, java.util.Optional.empty());
    Thread.ofPlatform().name("governor-drill").daemon().start(() -> {
      try {
        running.put(id, java.util.Optional.of(DrillView.of(drillAndRecord(backup))));
      } catch (RuntimeException e) {
        log.error("the restore drill of {} failed to run", backup, e);
        running.put(id, java.util.Optional.of(new DrillView(backup.getFileName().toString(), null,
            wiring.clock().instant().toString(), false, 0, 0, 0, 0, 0, List.of("the drill could not run: " + e))));
      }
    });
    ctx.status(202).header("Location", "/api/v1/dr/drills/" + id)
        .json(Map.of("id", id, "state", "running", "backup", backup.getFileName().toString()));
  }

  /** Drills asked for over the API, by id: empty while running. Kept until the server stops. */
  private final Map<String, java.util.Optional<DrillView>> running = new java.util.concurrent.ConcurrentHashMap<>();

  private void drillState(Context ctx) {
    String id = ctx.pathParam("id");
    java.util.Optional<DrillView> state = running.get(id);
    if (state == null) {
      throw new HttpProblem.NotFound("there is no drill with id '" + id.substring(0, Math.min(id.length(), 60))
          + "' on this server (ids live until it restarts); GET /api/v1/dr/drills lists the drills done");
    }
    if (state.isEmpty()) {
      ctx.json(Map.of("id", id, "state", "running"));
    } else {
      ctx.json(state.get());
    }
  }

  private void drills(Context ctx) {
    ctx.json(Map.of("drills", recordedDrills()));
  }

  /** The drill log, newest first, at most {@value #DRILLS_LISTED}. */
  private List<DrillView> recordedDrills() {
    Path file = backups.dir().resolve(DRILL_LOG);
    List<DrillView> drills = new ArrayList<>();
    if (!Files.exists(file)) return drills;
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
      Collections.reverse(lines);
      for (String line : lines.subList(0, Math.min(DRILLS_LISTED, lines.size()))) {
        // A line cut by a crash mid-append is skipped, not a reason to hide every other drill.
        try {
          drills.add(Json.MAPPER.readValue(line, DrillView.class));
        } catch (tools.jackson.core.JacksonException e) {
          log.debug("skipping an unreadable line of {}", file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
    return drills;
  }

  /** A backup as the API shows it. */
  record BackupView(String name, String path, long bytes, String takenAt, String governorVersion, int schemaVersion,
      String database, int tables, long rows, BackupState state) {
    static BackupView of(String name, Path path, long bytes, BackupManifest m) {
      return new BackupView(name, path.toString(), bytes, m.takenAt(), m.governorVersion(), m.schemaVersion(),
          m.database(), m.tables().size(), m.rows(), m.state());
    }
  }

  /** A file with a backup's name whose manifest does not read. */
  record Unreadable(String name, String path, long bytes, String problem) {}

  /** A drill's report as the API shows it and the drill log keeps it. */
  record DrillView(String backup, String takenAt, String startedAt, boolean passed, double rpoSeconds,
      double restoreSeconds, double loadSeconds, double rtoSeconds, long rows, List<String> problems) {
    static DrillView of(RestoreDrill.Report r) {
      return new DrillView(r.backup(), r.takenAt().map(Instant::toString).orElse(null), r.startedAt().toString(), r.passed(), seconds(r.rpo()),
          seconds(r.restore()), seconds(r.load()), seconds(r.rto()), r.rows(), r.problems());
    }

    private static double seconds(Duration d) {
      return d.toMillis() / 1000.0;
    }
  }
}
