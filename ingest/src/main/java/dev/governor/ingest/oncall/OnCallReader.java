package dev.governor.ingest.oncall;

import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.Nodes;
import dev.governor.ingest.internal.yaml.YamlDocuments;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.ingest.openslo.Durations;
import dev.governor.notify.Channel;
import dev.governor.oncall.EscalationLevel;
import dev.governor.oncall.EscalationPolicy;
import dev.governor.oncall.EscalationPolicyName;
import dev.governor.oncall.EscalationTarget;
import dev.governor.oncall.Layer;
import dev.governor.oncall.OnCallKind;
import dev.governor.oncall.OnCallResource;
import dev.governor.oncall.Restriction;
import dev.governor.oncall.Schedule;
import dev.governor.oncall.ScheduleName;
import dev.governor.oncall.ScheduleOverride;
import dev.governor.oncall.TurnLength;
import dev.governor.oncall.User;
import dev.governor.oncall.UserName;
import dev.governor.basics.Names;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SpecProblem;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Parses {@code apiVersion: governor.dev/v1} documents of kind {@code User}, {@code Schedule} and
 * {@code EscalationPolicy}, several to a file, reporting every problem with its file, document,
 * field path and line, as {@code PolicyReader} does. docs/oncall.md describes the format; in short:
 *
 * <pre>
 * kind: User
 * metadata: {name: alice}
 * spec:
 *   displayName: Alice Example
 *   timeZone: Europe/Berlin
 *   contacts:
 *     - webhook: https://hooks.example.com/alice
 *       secretFromEnv: ALICE_WEBHOOK_SECRET   # or secret: ... inline; never shown back
 *     - slack: https://hooks.slack.com/services/...
 *     - email: alice@example.com
 * ---
 * kind: Schedule
 * metadata: {name: primary}
 * spec:
 *   timeZone: Europe/Berlin
 *   layers:                        # later layers win where they have someone
 *     - name: weekly
 *       users: [alice, bob, carol]
 *       start: 2026-01-05          # the first turn's day, in timeZone
 *       handoffTime: "09:00"       # or start: 2026-01-05T09:00
 *       turn: 1w                   # hours, days or weeks: 12h, 1d, 2w
 *       restrictions:              # optional
 *         - daily: {from: "09:00", to: "17:00"}
 *         - weekly: {from: friday 18:00, to: monday 08:00}
 *   overrides:                     # win over every layer
 *     - {user: carol, start: 2026-03-10T09:00, end: 2026-03-11T09:00}
 * ---
 * kind: EscalationPolicy
 * metadata: {name: checkout-team}
 * spec:
 *   services: [checkout, payments] # and/or default: true
 *   levels:
 *     - after: 0m
 *       notify: [{schedule: primary}]
 *     - after: 5m
 *       notify: [{user: carol}]
 *   repeat: 2                      # more rounds after the first
 *   repeatAfter: 5m                # default: the last level's wait
 * </pre>
 *
 * <p>Names of other documents (a schedule's users, a policy's schedules) are recorded as
 * {@link Mention}s and checked by {@link #check} against what else is applied.
 */
public final class OnCallReader {

  public static final String API_VERSION = "governor.dev/v1";
  static final List<String> KINDS = List.of("User", "Schedule", "EscalationPolicy");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TURN = Pattern.compile("([0-9]{1,6})([a-zA-Z]*)");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm[:ss]");

  private OnCallReader() {}

  /**
   * Where the values of {@code secretFromEnv} come from. When applying, a variable that is not set
   * is a problem of the document; when loading what was applied before, it is a warning and the
   * webhook goes unsigned, because refusing to load would silence every page.
   */
  public record Secrets(Function<String, Optional<String>> lookup, boolean required) {

    public static Secrets fromEnvironment(Map<String, String> env) {
      return new Secrets(name -> Optional.ofNullable(env.get(name)), true);
    }

    public Secrets lenient() {
      return new Secrets(lookup, false);
    }
  }

  /** Something a document names, and where: checked against the other documents by {@link #check}. */
  public record Mention(Target target, String name, String path, int line) {
    public enum Target { USER, SCHEDULE, SERVICE, DEFAULT_POLICY }
  }

  /** One resource read from a document, with the document's own text (what is stored). */
  public record Document(OnCallResource resource, String source, String file, int document, int line,
      List<Mention> mentions) {
    public Document {
      mentions = List.copyOf(mentions);
    }

    public OnCallKind kind() {
      return resource.kind();
    }

    public String name() {
      return resource.resourceName();
    }
  }

  /** The documents read, the problems that keep the file from applying, and warnings that do not. */
  public record Parsed(List<Document> documents, List<SpecProblem> problems, List<SpecProblem> warnings) {
    public Parsed {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
      warnings = List.copyOf(warnings);
    }

    public boolean isValid() {
      return problems.isEmpty();
    }
  }

  public static Parsed parse(String file, String text, Secrets secrets) {
    List<SpecProblem> problems = new ArrayList<>();
    List<SpecProblem> warnings = new ArrayList<>();
    List<Document> documents = new ArrayList<>();
    YamlDocuments.Split split = YamlDocuments.split(file, text);
    Set<String> seen = new HashSet<>();
    for (YamlDocuments.Doc doc : split.documents()) {
      DocContext ctx = DocContext.startingAt(file, doc.index(), 1, problems);
      Optional<YamlMap> root = YamlMap.of(ctx, "", doc.root(), "apiVersion: " + API_VERSION + ", kind, metadata and spec");
      if (root.isEmpty()) continue;
      Reading reading = new Reading(ctx, secrets, warnings);
      Optional<OnCallResource> resource = reading.read(root.get());
      if (resource.isEmpty() || ctx.hasProblems()) continue;
      OnCallResource r = resource.get();
      if (!seen.add(r.kind().kind() + "/" + r.resourceName())) {
        ctx.problem("metadata.name", doc.line(), r.kind().kind() + " '" + r.resourceName()
            + "' is defined twice in this file; keep one");
        continue;
      }
      documents.add(new Document(r, doc.source(), file, doc.index(), doc.line(), reading.mentions));
    }
    split.syntaxError().ifPresent(problems::add);
    Comparator<SpecProblem> order = Comparator.comparingInt(SpecProblem::document).thenComparingInt(SpecProblem::line);
    problems.sort(order);
    warnings.sort(order);
    return new Parsed(documents, problems, warnings);
  }

  /**
   * What applying {@code batch} on top of {@code applied} would break: a name of a user or schedule
   * that neither defines, and a service (or the default) that two escalation policies claim. A
   * document of the batch replaces the applied one of the same kind and name.
   */
  public static List<SpecProblem> check(List<Document> batch, dev.governor.oncall.OnCallSnapshot applied) {
    Set<String> users = new HashSet<>();
    Set<String> schedules = new HashSet<>();
    applied.users().keySet().forEach(u -> users.add(u.value()));
    applied.schedules().keySet().forEach(s -> schedules.add(s.value()));
    // Who claims each service (and the default) once the batch is applied.
    Map<String, String> claims = new java.util.HashMap<>();
    Set<String> replaced = new HashSet<>();
    for (Document d : batch) {
      switch (d.kind()) {
        case USER -> users.add(d.name());
        case SCHEDULE -> schedules.add(d.name());
        case ESCALATION_POLICY -> replaced.add(d.name());
      }
    }
    for (EscalationPolicy p : applied.policies().values()) {
      if (replaced.contains(p.name().value())) continue;
      p.services().forEach(s -> claims.put("service " + s, p.name().value()));
      if (p.isDefault()) claims.put("default", p.name().value());
    }
    List<SpecProblem> problems = new ArrayList<>();
    for (Document d : batch) {
      for (Mention m : d.mentions()) {
        switch (m.target()) {
          case USER -> {
            if (!users.contains(m.name())) {
              problems.add(new SpecProblem(d.file(), d.document(), m.path(), m.line(), "no User named '" + m.name()
                  + "' is applied or in this file; apply a User document for it first, or fix the name"
                  + Nodes.nearest(m.name(), users).map(n -> " (did you mean " + n + "?)").orElse("")));
            }
          }
          case SCHEDULE -> {
            if (!schedules.contains(m.name())) {
              problems.add(new SpecProblem(d.file(), d.document(), m.path(), m.line(), "no Schedule named '" + m.name()
                  + "' is applied or in this file; apply the Schedule first, or fix the name"
                  + Nodes.nearest(m.name(), schedules).map(n -> " (did you mean " + n + "?)").orElse("")));
            }
          }
          case SERVICE, DEFAULT_POLICY -> {
            String claim = m.target() == Mention.Target.SERVICE ? "service " + m.name() : "default";
            String other = claims.putIfAbsent(claim, d.name());
            if (other != null && !other.equals(d.name())) {
              problems.add(new SpecProblem(d.file(), d.document(), m.path(), m.line(), m.target() == Mention.Target.SERVICE
                  ? "service " + m.name() + " is already covered by escalation policy '" + other
                      + "'; a service has one policy, so remove it from one of them"
                  : "escalation policy '" + other + "' is already the default; only one policy can be,"
                      + " so set default: false on one of them"));
            }
          }
        }
      }
    }
    return problems;
  }

  /** One document being read: its context, where secrets come from, and the names it mentions. */
  private static final class Reading {
    final DocContext ctx;
    final Secrets secrets;
    final List<SpecProblem> warnings;
    final List<Mention> mentions = new ArrayList<>();

    Reading(DocContext ctx, Secrets secrets, List<SpecProblem> warnings) {
      this.ctx = ctx;
      this.secrets = secrets;
      this.warnings = warnings;
    }

    Optional<OnCallResource> read(YamlMap root) {
      Optional<String> apiVersion = root.requiredString("apiVersion", API_VERSION);
      if (apiVersion.isPresent() && !apiVersion.get().equals(API_VERSION)) {
        ctx.problem("apiVersion", root.lineOf("apiVersion"), "apiVersion must be " + API_VERSION + ", got '" + apiVersion.get() + "'");
      }
      Optional<String> kind = root.requiredString("kind", "User, Schedule or EscalationPolicy");
      if (kind.isPresent() && !KINDS.contains(kind.get())) {
        ctx.problem("kind", root.lineOf("kind"), "kind must be User, Schedule or EscalationPolicy, got '" + kind.get() + "'"
            + Nodes.nearest(kind.get(), KINDS).map(k -> "; did you mean " + k + "?").orElse(""));
      }
      Optional<String> name = root.requiredMap("metadata", "name: alice").flatMap(meta -> {
        Optional<String> n = meta.requiredString("name", "alice");
        meta.allow(List.of("displayName", "labels", "annotations"));
        meta.rejectUnknownKeys();
        if (n.isPresent() && !Names.isValid(n.get())) {
          ctx.problem("metadata.name", meta.lineOf("name"), "name must be lowercase letters, digits, '-', '_', '.',"
              + " starting and ending with a letter or digit, got '" + n.get() + "'");
          return Optional.empty();
        }
        return n;
      });
      Optional<YamlMap> spec = root.requiredMap("spec", "the " + kind.orElse("document") + "'s fields");
      root.rejectUnknownKeys();
      if (spec.isEmpty() || kind.isEmpty() || !KINDS.contains(kind.get())) return Optional.empty();
      YamlMap s = spec.get();
      Optional<? extends OnCallResource> resource = switch (kind.get()) {
        case "User" -> user(name, s);
        case "Schedule" -> schedule(name, s);
        default -> policy(name, s);
      };
      s.allow(List.of("description"));
      s.rejectUnknownKeys();
      if (ctx.hasProblems() || name.isEmpty()) return Optional.empty();
      return resource.map(r -> r);
    }

    // ---- User

    Optional<User> user(Optional<String> name, YamlMap s) {
      Optional<String> displayName = s.string("displayName");
      Optional<ZoneId> zone = s.string("timeZone").flatMap(z -> zone(s, z));
      List<Channel> contacts = new ArrayList<>();
      s.list("contacts", "- webhook: https://hooks.example.com/alice").ifPresent(items -> {
        for (YamlMap.Item item : items) {
          YamlMap.of(ctx, item.path(), item.node(), "webhook: URL, slack: URL or email: ADDRESS")
              .flatMap(this::contact).ifPresent(contacts::add);
        }
      });
      if (name.isEmpty() || ctx.hasProblems()) return Optional.empty();
      return Optional.of(new User(UserName.of(name.get()), displayName, zone, contacts));
    }

    Optional<Channel> contact(YamlMap c) {
      List<String> kinds = new ArrayList<>();
      for (String k : List.of("webhook", "slack", "email")) if (c.has(k)) kinds.add(k);
      boolean hasSecret = c.has("secret");
      boolean hasEnv = c.has("secretFromEnv");
      if (kinds.size() != 1) {
        ctx.problem(c.path(), c.line(), "a contact is exactly one of webhook: URL, slack: URL or email: ADDRESS"
            + (kinds.isEmpty() ? "" : ", got " + String.join(" and ", kinds)));
        c.rejectUnknownKeys();
        return Optional.empty();
      }
      String kind = kinds.getFirst();
      if (!kind.equals("webhook") && (hasSecret || hasEnv)) {
        ctx.problem(c.child(hasSecret ? "secret" : "secretFromEnv"), c.lineOf(hasSecret ? "secret" : "secretFromEnv"),
            "only a webhook contact is signed with a secret; a " + kind + " contact takes none");
      }
      if (hasSecret && hasEnv) {
        ctx.problem(c.child("secret"), c.lineOf("secret"), "give the secret once: either secret (inline) or secretFromEnv");
      }
      Optional<String> target = c.string(kind);
      // The secret's value is never put into a message: problems are shown to whoever applies.
      Optional<String> secret = Optional.empty();
      if (kind.equals("webhook") && hasSecret && !hasEnv) {
        Node node = c.get("secret").orElseThrow();
        if (node instanceof ScalarNode sc && !sc.getValue().isEmpty()) secret = Optional.of(sc.getValue());
        else ctx.problem(c.child("secret"), node, "secret must be a non-empty text (it is never shown back)");
      }
      if (kind.equals("webhook") && hasEnv && !hasSecret) secret = fromEnv(c);
      c.rejectUnknownKeys();
      if (target.isEmpty()) return Optional.empty();
      try {
        return Optional.of(switch (kind) {
          case "webhook" -> new Channel.Webhook(url(target.get()), secret);
          case "slack" -> new Channel.Slack(url(target.get()));
          default -> new Channel.Email(target.get().strip());
        });
      } catch (IllegalArgumentException e) {
        ctx.problem(c.child(kind), c.lineOf(kind), e.getMessage());
        return Optional.empty();
      }
    }

    Optional<String> fromEnv(YamlMap c) {
      Optional<String> variable = c.string("secretFromEnv");
      if (variable.isEmpty()) return Optional.empty();
      String v = variable.get().strip();
      if (!ENV_NAME.matcher(v).matches()) {
        ctx.problem(c.child("secretFromEnv"), c.lineOf("secretFromEnv"),
            "secretFromEnv names an environment variable such as ALICE_WEBHOOK_SECRET, got '" + v + "'");
        return Optional.empty();
      }
      Optional<String> value = secrets.lookup().apply(v).filter(x -> !x.isEmpty());
      if (value.isEmpty()) {
        String message = "the environment variable " + v + " is not set where the Governor server runs;"
            + " set it and restart the server, or give the secret inline with secret:";
        if (secrets.required()) ctx.problem(c.child("secretFromEnv"), c.lineOf("secretFromEnv"), message);
        else warnings.add(new SpecProblem(ctx.file(), ctx.document(), c.child("secretFromEnv"), c.lineOf("secretFromEnv"),
            message + "; until then this webhook is sent unsigned"));
      }
      return value;
    }

    URI url(String text) {
      try {
        return new URI(text.strip());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URL: " + e.getMessage());
      }
    }

    // ---- Schedule

    Optional<Schedule> schedule(Optional<String> name, YamlMap s) {
      Optional<ZoneId> zone = s.requiredString("timeZone", "Europe/Berlin").flatMap(z -> zone(s, z));
      List<Layer> layers = new ArrayList<>();
      Set<String> layerNames = new HashSet<>();
      Optional<List<YamlMap.Item>> layerItems = s.list("layers", "- {name: weekly, users: [alice, bob], start: 2026-01-05T09:00, turn: 1w}");
      if (layerItems.isEmpty() || layerItems.get().isEmpty()) {
        ctx.problem(s.child("layers"), s.lineOf("layers"), "a schedule needs at least one layer, e.g."
            + " layers: [{name: weekly, users: [alice, bob], start: 2026-01-05T09:00, turn: 1w}]");
      }
      layerItems.ifPresent(items -> {
        for (YamlMap.Item item : items) {
          YamlMap.of(ctx, item.path(), item.node(), "name: weekly, users: [alice, bob], start: 2026-01-05T09:00, turn: 1w")
              .flatMap(l -> layer(l, layerNames))
              .ifPresent(layers::add);
        }
      });
      List<ScheduleOverride> overrides = new ArrayList<>();
      s.list("overrides", "- {user: carol, start: 2026-03-10T09:00, end: 2026-03-11T09:00}").ifPresent(items -> {
        for (YamlMap.Item item : items) {
          YamlMap.of(ctx, item.path(), item.node(), "user: carol, start: 2026-03-10T09:00, end: 2026-03-11T09:00")
              .flatMap(o -> override(o, zone)).ifPresent(overrides::add);
        }
      });
      if (name.isEmpty() || zone.isEmpty() || ctx.hasProblems()) return Optional.empty();
      return Optional.of(new Schedule(ScheduleName.of(name.get()), zone.get(), layers, overrides));
    }

    Optional<Layer> layer(YamlMap l, Set<String> namesSoFar) {
      Optional<String> name = l.requiredString("name", "weekly");
      if (name.isPresent() && !Names.isValid(name.get())) {
        ctx.problem(l.child("name"), l.lineOf("name"), "a layer name is lowercase letters, digits, '-', '_', '.', got '" + name.get() + "'");
      } else if (name.isPresent() && !namesSoFar.add(name.get())) {
        ctx.problem(l.child("name"), l.lineOf("name"), "another layer of this schedule is named '" + name.get()
            + "'; give each layer its own name");
      }
      List<UserName> users = new ArrayList<>();
      Optional<List<YamlMap.Item>> userItems = l.list("users", "[alice, bob, carol]");
      if (userItems.isEmpty() || userItems.get().isEmpty()) {
        ctx.problem(l.child("users"), l.lineOf("users"), "a layer needs the users who take turns, in order, e.g. users: [alice, bob]");
      }
      userItems.ifPresent(items -> {
        for (YamlMap.Item item : items) userName(item.path(), item.node()).ifPresent(users::add);
      });
      Optional<LocalDateTime> start = start(l);
      Optional<TurnLength> turn = l.requiredString("turn", "1w").flatMap(t -> turn(l, t));
      List<Restriction> restrictions = new ArrayList<>();
      l.list("restrictions", "- daily: {from: \"09:00\", to: \"17:00\"}").ifPresent(items -> {
        for (YamlMap.Item item : items) {
          YamlMap.of(ctx, item.path(), item.node(), "daily: {from: \"09:00\", to: \"17:00\"} or weekly: {from: monday 09:00, to: friday 17:00}")
              .flatMap(this::restriction).ifPresent(restrictions::add);
        }
      });
      l.allow(List.of("description"));
      l.rejectUnknownKeys();
      if (name.isEmpty() || !Names.isValid(name.get()) || users.isEmpty() || start.isEmpty() || turn.isEmpty()) return Optional.empty();
      return Optional.of(new Layer(name.get(), users, start.get(), turn.get(), restrictions));
    }

    /** {@code start: 2026-01-05T09:00}, or {@code start: 2026-01-05} with {@code handoffTime: "09:00"}. */
    Optional<LocalDateTime> start(YamlMap l) {
      Optional<String> text = l.requiredString("start", "2026-01-05T09:00");
      Optional<LocalTime> handoff = l.string("handoffTime").flatMap(t -> time(l.child("handoffTime"), l.lineOf("handoffTime"), t));
      if (text.isEmpty()) return Optional.empty();
      String t = text.get().strip();
      try {
        if (t.length() == 10) {
          LocalDate day = LocalDate.parse(t);
          if (handoffTime(l).isEmpty()) {
            ctx.problem(l.child("handoffTime"), l.lineOf("start"), "start is a day; give the hand-off time too,"
                + " e.g. handoffTime: \"09:00\", or a date-time such as start: " + t + "T09:00");
            return Optional.empty();
          }
          return handoff.map(day::atTime);
        }
        LocalDateTime at = LocalDateTime.parse(t);
        if (handoff.isPresent() && !handoff.get().equals(at.toLocalTime())) {
          ctx.problem(l.child("handoffTime"), l.lineOf("handoffTime"), "handoffTime " + handoff.get()
              + " disagrees with the time of start (" + at.toLocalTime() + "); give the time once");
          return Optional.empty();
        }
        return Optional.of(at);
      } catch (DateTimeParseException e) {
        ctx.problem(l.child("start"), l.lineOf("start"), "start is a local date-time of the schedule's time zone"
            + " such as 2026-01-05T09:00 (or a day such as 2026-01-05 with handoffTime), got '" + t + "'");
        return Optional.empty();
      }
    }

    private Optional<String> handoffTime(YamlMap l) {
      return l.get("handoffTime").map(n -> n instanceof ScalarNode sc ? sc.getValue() : "");
    }

    Optional<TurnLength> turn(YamlMap l, String text) {
      Matcher m = TURN.matcher(text.strip());
      String example = "; a turn is a whole number of hours, days or weeks such as 12h, 1d or 1w";
      if (!m.matches()) {
        ctx.problem(l.child("turn"), l.lineOf("turn"), "turn must be like 1w, got '" + text + "'" + example);
        return Optional.empty();
      }
      int count = Integer.parseInt(m.group(1));
      TurnLength.Unit unit = switch (m.group(2)) {
        case "h" -> TurnLength.Unit.HOURS;
        case "d" -> TurnLength.Unit.DAYS;
        case "w" -> TurnLength.Unit.WEEKS;
        default -> null;
      };
      if (unit == null) {
        ctx.problem(l.child("turn"), l.lineOf("turn"), "turn '" + text + "' has no unit Governor rotates by" + example);
        return Optional.empty();
      }
      try {
        return Optional.of(new TurnLength(count, unit));
      } catch (IllegalArgumentException e) {
        ctx.problem(l.child("turn"), l.lineOf("turn"), e.getMessage());
        return Optional.empty();
      }
    }

    Optional<Restriction> restriction(YamlMap r) {
      boolean daily = r.has("daily");
      boolean weekly = r.has("weekly");
      if (daily == weekly) {
        ctx.problem(r.path(), r.line(), "a restriction is either daily: {from: \"09:00\", to: \"17:00\"}"
            + " or weekly: {from: monday 09:00, to: friday 17:00}");
        r.rejectUnknownKeys();
        return Optional.empty();
      }
      String key = daily ? "daily" : "weekly";
      String example = daily ? "{from: \"09:00\", to: \"17:00\"}" : "{from: monday 09:00, to: friday 17:00}";
      Optional<Restriction> out = r.map(key, example).flatMap(w -> {
        Optional<String> from = w.requiredString("from", daily ? "\"09:00\"" : "monday 09:00");
        Optional<String> to = w.requiredString("to", daily ? "\"17:00\"" : "friday 17:00");
        w.rejectUnknownKeys();
        if (from.isEmpty() || to.isEmpty()) return Optional.empty();
        try {
          if (daily) {
            Optional<LocalTime> f = time(w.child("from"), w.lineOf("from"), from.get());
            Optional<LocalTime> t = time(w.child("to"), w.lineOf("to"), to.get());
            if (f.isEmpty() || t.isEmpty()) return Optional.empty();
            return Optional.of(new Restriction.Daily(f.get(), t.get()));
          }
          Optional<DayTime> f = dayTime(w, "from", from.get());
          Optional<DayTime> t = dayTime(w, "to", to.get());
          if (f.isEmpty() || t.isEmpty()) return Optional.empty();
          return Optional.of(new Restriction.Weekly(f.get().day, f.get().time, t.get().day, t.get().time));
        } catch (IllegalArgumentException e) {
          ctx.problem(r.child(key), r.lineOf(key), e.getMessage());
          return Optional.empty();
        }
      });
      r.rejectUnknownKeys();
      return out;
    }

    record DayTime(DayOfWeek day, LocalTime time) {}

    Optional<DayTime> dayTime(YamlMap w, String key, String text) {
      String[] parts = text.strip().split("\\s+");
      if (parts.length == 2) {
        Optional<DayOfWeek> day = Optional.empty();
        for (DayOfWeek d : DayOfWeek.values()) {
          String full = d.name().toLowerCase(Locale.ROOT);
          if (parts[0].toLowerCase(Locale.ROOT).equals(full) || parts[0].toLowerCase(Locale.ROOT).equals(full.substring(0, 3))) {
            day = Optional.of(d);
          }
        }
        Optional<LocalTime> time = parseTime(parts[1]);
        if (day.isPresent() && time.isPresent()) return Optional.of(new DayTime(day.get(), time.get()));
      }
      ctx.problem(w.child(key), w.lineOf(key), key + " must be a day and a time such as monday 09:00 (mon ... sun), got '" + text + "'");
      return Optional.empty();
    }

    Optional<LocalTime> time(String path, int line, String text) {
      Optional<LocalTime> t = parseTime(text);
      if (t.isEmpty()) ctx.problem(path, line, "must be a time of day such as \"09:00\" (quote it), got '" + text + "'");
      return t;
    }

    Optional<ScheduleOverride> override(YamlMap o, Optional<ZoneId> zone) {
      Optional<UserName> user = o.required("user", "carol").flatMap(n -> userName(o.child("user"), n));
      Optional<Instant> start = o.requiredString("start", "2026-03-10T09:00").flatMap(t -> instant(o, "start", t, zone));
      Optional<Instant> end = o.requiredString("end", "2026-03-11T09:00").flatMap(t -> instant(o, "end", t, zone));
      o.allow(List.of("reason", "description"));
      o.rejectUnknownKeys();
      if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
        ctx.problem(o.child("end"), o.lineOf("end"), "end must be after start, got " + start.get() + " .. " + end.get());
        return Optional.empty();
      }
      if (user.isEmpty() || start.isEmpty() || end.isEmpty()) return Optional.empty();
      return Optional.of(new ScheduleOverride(user.get(), start.get(), end.get()));
    }

    /** A local date-time of the schedule's zone, or an RFC 3339 time with its offset. */
    Optional<Instant> instant(YamlMap o, String key, String text, Optional<ZoneId> zone) {
      String t = text.strip();
      try {
        return Optional.of(OffsetDateTime.parse(t).toInstant());
      } catch (DateTimeParseException notWithOffset) {
        try {
          LocalDateTime local = t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t);
          // Without a valid zone (already reported) UTC still lets start and end be compared.
          return Optional.of(local.atZone(zone.orElse(java.time.ZoneOffset.UTC)).toInstant());
        } catch (DateTimeParseException e) {
          ctx.problem(o.child(key), o.lineOf(key), key + " must be a local date-time of the schedule's time zone such as"
              + " 2026-03-10T09:00, or a time with an offset such as 2026-03-10T08:00:00Z, got '" + t + "'");
          return Optional.empty();
        }
      }
    }

    // ---- EscalationPolicy

    Optional<EscalationPolicy> policy(Optional<String> name, YamlMap s) {
      Set<ServiceName> services = new LinkedHashSet<>();
      s.list("services", "[checkout, payments]").ifPresent(items -> {
        for (YamlMap.Item item : items) {
          if (item.node() instanceof ScalarNode sc && Names.isValid(sc.getValue())) {
            if (services.add(ServiceName.of(sc.getValue()))) {
              mentions.add(new Mention(Mention.Target.SERVICE, sc.getValue(), item.path(), ctx.line(item.node())));
            }
          } else {
            ctx.problem(item.path(), item.node(), "a service is named like its OpenSLO Service (lowercase letters, digits,"
                + " '-', '_', '.'), got " + Nodes.describe(item.node()));
          }
        }
      });
      boolean isDefault = s.bool("default").orElse(false);
      if (isDefault) mentions.add(new Mention(Mention.Target.DEFAULT_POLICY, "default", s.child("default"), s.lineOf("default")));
      if (services.isEmpty() && !isDefault && !ctx.hasProblems()) {
        ctx.problem(s.child("services"), s.lineOf("services"), "a policy pages for services: name them"
            + " (services: [checkout]) or make it the default for every other service (default: true)");
      }
      List<EscalationLevel> levels = new ArrayList<>();
      Optional<List<YamlMap.Item>> levelItems = s.list("levels", "- {after: 0m, notify: [{schedule: primary}]}");
      if (levelItems.isEmpty() || levelItems.get().isEmpty()) {
        ctx.problem(s.child("levels"), s.lineOf("levels"), "a policy needs at least one level, e.g."
            + " levels: [{after: 0m, notify: [{schedule: primary}]}]");
      }
      levelItems.ifPresent(items -> {
        for (YamlMap.Item item : items) {
          YamlMap.of(ctx, item.path(), item.node(), "after: 5m, notify: [{user: carol}]")
              .flatMap(this::level).ifPresent(levels::add);
        }
      });
      int repeat = 0;
      Optional<BigDecimal> repeatValue = s.decimal("repeat", "2");
      if (repeatValue.isPresent()) {
        BigDecimal r = repeatValue.get();
        if (r.scale() > 0 && r.stripTrailingZeros().scale() > 0 || r.signum() < 0
            || r.compareTo(BigDecimal.valueOf(EscalationPolicy.MAX_REPEAT)) > 0) {
          ctx.problem(s.child("repeat"), s.lineOf("repeat"), "repeat is how many more rounds after the first, a whole number"
              + " from 0 to " + EscalationPolicy.MAX_REPEAT + ", got " + r.toPlainString());
        } else {
          repeat = r.intValueExact();
        }
      }
      Optional<Duration> repeatAfter = s.string("repeatAfter").flatMap(t -> duration(s, "repeatAfter", t));
      Duration between = repeatAfter.orElse(levels.isEmpty() ? Duration.ZERO : levels.getLast().after());
      if (repeat > 0 && between.isZero() && !ctx.hasProblems()) {
        ctx.problem(s.child(repeatAfter.isPresent() ? "repeatAfter" : "repeat"), s.lineOf(repeatAfter.isPresent() ? "repeatAfter" : "repeat"),
            "a policy that repeats needs a wait before the next round, e.g. repeatAfter: 10m"
                + (repeatAfter.isPresent() ? "" : " (the last level waits 0m, so there is no default)"));
      }
      if (name.isEmpty() || ctx.hasProblems()) return Optional.empty();
      return Optional.of(new EscalationPolicy(EscalationPolicyName.of(name.get()), levels, repeat, between, services, isDefault));
    }

    Optional<EscalationLevel> level(YamlMap l) {
      Duration after = l.string("after").flatMap(t -> duration(l, "after", t)).orElse(Duration.ZERO);
      List<EscalationTarget> targets = new ArrayList<>();
      Optional<List<YamlMap.Item>> items = l.list("notify", "[{schedule: primary}, {user: carol}]");
      if (items.isEmpty() || items.get().isEmpty()) {
        ctx.problem(l.child("notify"), l.lineOf("notify"), "a level needs whom to page, e.g. notify: [{schedule: primary}, {user: carol}]");
      }
      items.ifPresent(list -> {
        for (YamlMap.Item item : list) {
          YamlMap.of(ctx, item.path(), item.node(), "schedule: primary or user: carol").flatMap(this::target).ifPresent(targets::add);
        }
      });
      l.allow(List.of("description"));
      l.rejectUnknownKeys();
      if (targets.isEmpty()) return Optional.empty();
      return Optional.of(new EscalationLevel(after, targets));
    }

    Optional<EscalationTarget> target(YamlMap t) {
      boolean user = t.has("user");
      boolean schedule = t.has("schedule");
      Optional<EscalationTarget> out = Optional.empty();
      if (user == schedule) {
        ctx.problem(t.path(), t.line(), "whom to page is either user: NAME or schedule: NAME (whoever is on call in it)");
      } else if (user) {
        out = userName(t.child("user"), t.get("user").orElseThrow()).map(EscalationTarget.UserTarget::new);
      } else {
        Node node = t.get("schedule").orElseThrow();
        if (node instanceof ScalarNode sc && Names.isValid(sc.getValue())) {
          mentions.add(new Mention(Mention.Target.SCHEDULE, sc.getValue(), t.child("schedule"), ctx.line(node)));
          out = Optional.of(new EscalationTarget.ScheduleTarget(ScheduleName.of(sc.getValue())));
        } else {
          ctx.problem(t.child("schedule"), node, "a schedule is named by its metadata.name, got " + Nodes.describe(node));
        }
      }
      t.rejectUnknownKeys();
      return out;
    }

    Optional<Duration> duration(YamlMap m, String key, String text) {
      try {
        return Optional.of(Durations.parseFixed(text, key));
      } catch (IllegalArgumentException e) {
        ctx.problem(m.child(key), m.lineOf(key), key + ": " + e.getMessage());
        return Optional.empty();
      }
    }

    // ---- shared

    Optional<UserName> userName(String path, Node node) {
      if (node instanceof ScalarNode sc && Names.isValid(sc.getValue())) {
        mentions.add(new Mention(Mention.Target.USER, sc.getValue(), path, ctx.line(node)));
        return Optional.of(UserName.of(sc.getValue()));
      }
      ctx.problem(path, node, "a user is named by their User's metadata.name (lowercase letters, digits, '-', '_', '.'),"
          + " got " + Nodes.describe(node));
      return Optional.empty();
    }

    Optional<ZoneId> zone(YamlMap m, String text) {
      try {
        return Optional.of(ZoneId.of(text.strip()));
      } catch (DateTimeException e) {
        ctx.problem(m.child("timeZone"), m.lineOf("timeZone"), "timeZone must be an IANA zone such as Europe/Berlin or UTC, got '" + text + "'");
        return Optional.empty();
      }
    }
  }

  private static Optional<LocalTime> parseTime(String text) {
    try {
      return Optional.of(LocalTime.parse(text.strip(), TIME));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
