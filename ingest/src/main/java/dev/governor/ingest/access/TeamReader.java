package dev.governor.ingest.access;

import dev.governor.access.AccountName;
import dev.governor.access.Role;
import dev.governor.access.Team;
import dev.governor.access.TeamName;
import dev.governor.basics.Names;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.GovernorDocuments;
import dev.governor.ingest.internal.yaml.YamlDocuments;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SpecProblem;
import dev.governor.text.Quoted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Parses {@code apiVersion: governor.dev/v1, kind: Team} documents, every problem with its file,
 * document, field path and line, as the other governor.dev readers do.
 *
 * <pre>
 * apiVersion: governor.dev/v1
 * kind: Team
 * metadata:
 *   name: payments
 *   displayName: Payments                # optional; the name when absent
 * spec:
 *   services: [checkout, payments-api]   # the services the team owns
 *   members:
 *     - {name: alice, role: editor}      # viewer, responder, editor or admin
 *   groups:                              # single sign-on groups and the role they give here
 *     - {name: payments-sre, role: responder}
 * </pre>
 */
public final class TeamReader {

  public static final String KIND = "Team";
  /** As long as an account's display name may be. */
  private static final int MAX_DISPLAY_NAME = 200;

  private TeamReader() {}

  /** One team read from a document, with the document's own text (what is stored). */
  public record TeamDocument(Team team, String source) {}

  public record Parsed(List<TeamDocument> documents, List<SpecProblem> problems) {
    public Parsed {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Every Team of {@code text}, or none of a document with a problem; {@code file} names the text in
   * problems. Two teams of one name in one file are a problem.
   */
  public static Parsed parse(String file, String text) {
    GovernorDocuments.Parsed<Team> parsed = GovernorDocuments.parse(file, text, KIND, "team", "payments",
        "services: [checkout], members: [{name: alice, role: editor}]", TeamReader::read, t -> t.name().value());
    List<SpecProblem> problems = new ArrayList<>(parsed.problems());
    List<TeamDocument> documents = new ArrayList<>();
    for (GovernorDocuments.Read<Team> read : parsed.documents()) {
      DocContext ctx = DocContext.startingAt(file, read.document(), read.line(), problems);
      Optional<String> displayName = displayName(ctx, read.source());
      if (ctx.hasProblems()) continue;
      Team team = read.value();
      documents.add(new TeamDocument(displayName.map(d -> new Team(team.name(), d, team.services(), team.members(),
          team.groups())).orElse(team), read.source()));
    }
    problems.sort(Comparator.comparingInt(SpecProblem::document).thenComparingInt(SpecProblem::line));
    return new Parsed(documents, problems);
  }

  /**
   * {@code metadata.displayName}, which GovernorDocuments allows but does not hand to a reader: read
   * from the document's own text again, which is short, and only when a team is applied or loaded.
   */
  private static Optional<String> displayName(DocContext ctx, String source) {
    List<YamlDocuments.Doc> docs = YamlDocuments.split(ctx.file(), source).documents();
    if (docs.size() != 1) return Optional.empty(); // the text of one document that was read already
    return YamlMap.of(ctx, "", docs.getFirst().root(), "a Team")
        .flatMap(root -> root.map("metadata", "name: payments"))
        .flatMap(meta -> meta.string("displayName").map(String::strip).filter(d -> {
          if (d.length() <= MAX_DISPLAY_NAME) return true;
          ctx.problem(meta.child("displayName"), meta.lineOf("displayName"), "displayName has at most "
              + MAX_DISPLAY_NAME + " characters, got " + d.length() + "; keep it to what a page heading shows");
          return false;
        }));
  }

  static Optional<Team> read(DocContext ctx, GovernorDocuments.Named named) {
    YamlMap s = named.spec();
    Set<ServiceName> services = new LinkedHashSet<>();
    for (YamlMap.Item item : s.list("services", "[checkout, payments-api]").orElse(List.of())) {
      if (item.node() instanceof ScalarNode scalar && Names.isValid(scalar.getValue())) {
        if (!services.add(ServiceName.of(scalar.getValue()))) {
          ctx.problem(item.path(), item.node(), "service " + scalar.getValue() + " is listed twice; keep one");
        }
      } else {
        ctx.problem(item.path(), item.node(), "each entry names a service (lowercase letters, digits, '-', '_', '.')");
      }
    }
    Map<AccountName, Role> members = new LinkedHashMap<>();
    for (YamlMap.Item item : s.list("members", "[{name: alice, role: editor}]").orElse(List.of())) {
      YamlMap.of(ctx, item.path(), item.node(), "{name: alice, role: editor}").ifPresent(m -> {
        Optional<String> name = m.requiredString("name", "alice");
        Optional<Role> role = role(ctx, m);
        m.rejectUnknownKeys();
        if (name.isPresent() && !Names.isValid(name.get())) {
          ctx.problem(m.child("name"), m.lineOf("name"), "name must be an account name (lowercase letters, digits,"
              + " '-', '_', '.'), got " + Quoted.bounded(name.get()));
        } else if (name.isPresent() && role.isPresent()
            && members.put(AccountName.of(name.get()), role.get()) != null) {
          ctx.problem(m.child("name"), m.lineOf("name"), name.get() + " is a member twice; keep one entry");
        }
      });
    }
    Map<String, Role> groups = new LinkedHashMap<>();
    for (YamlMap.Item item : s.list("groups", "[{name: payments-sre, role: responder}]").orElse(List.of())) {
      YamlMap.of(ctx, item.path(), item.node(), "{name: payments-sre, role: responder}").ifPresent(g -> {
        Optional<String> name = g.requiredString("name", "payments-sre");
        Optional<Role> role = role(ctx, g);
        g.rejectUnknownKeys();
        if (name.isPresent() && (name.get().isBlank() || name.get().length() > 256)) {
          ctx.problem(g.child("name"), g.lineOf("name"), "name must be a group name of 1 to 256 characters");
        } else if (name.isPresent() && role.isPresent() && groups.put(name.get(), role.get()) != null) {
          ctx.problem(g.child("name"), g.lineOf("name"), "group " + Quoted.bounded(name.get()) + " is listed twice; keep one");
        }
      });
    }
    s.rejectUnknownKeys();
    if (named.name().isEmpty() || ctx.hasProblems()) return Optional.empty();
    return Optional.of(new Team(TeamName.of(named.name().get()), "", services, members, groups));
  }

  private static Optional<Role> role(DocContext ctx, YamlMap m) {
    Optional<String> text = m.requiredString("role", "editor");
    if (text.isEmpty()) return Optional.empty();
    Optional<Role> role = Role.ofLabel(text.get().strip().toLowerCase(Locale.ROOT));
    if (role.isEmpty()) {
      ctx.problem(m.child("role"), m.lineOf("role"), "role must be viewer, responder, editor or admin, got "
          + Quoted.bounded(text.get()));
    }
    return role;
  }
}
