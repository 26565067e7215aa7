package dev.governor.cli;

import dev.governor.ingest.capacity.CapacitySignalReader;
import dev.governor.ingest.adjustment.BudgetAdjustmentReader;
import dev.governor.ingest.probe.ProbeReader;
import dev.governor.ingest.status.StatusPageReader;
import dev.governor.ingest.internal.yaml.YamlDocuments;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.ingest.policy.PolicyReader;
import dev.governor.slo.SpecProblem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code governor apply [--prune] [--dry-run] DIR...}: reconciles a server to a folder of YAML, every
 * kind Governor takes as configuration at once. Each document goes to the route of its kind, all
 * documents of one kind in one request (so each kind is applied all or nothing, and documents may
 * name each other across files), in the order teams, on-call, OpenSLO, composite SLOs, budget adjustments, policies, capacity, probes, status page. With
 * {@code --prune}, what the server has and the folder does not is deleted afterwards, dependants
 * first. The diff is printed before anything changes; {@code --dry-run} stops there.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {
        "Apply a folder of YAML to the server: OpenSLO (and Sloth) documents, ErrorBudgetPolicy, User,",
        "Schedule, EscalationPolicy, CapacitySignal, Probe, StatusPage, Team, CompositeSLO and BudgetAdjustment documents, each kind all",
        "or nothing. Prints what",
        "changes (+ created, ~ updated, - deleted) before changing anything. With --prune, deletes what",
        "the server has and the folder does not, so the folder is the whole configuration (export it first",
        "with `governor export DIR`). Exits 1 when a document is refused (nothing of its kind is applied),",
        "2 when a file holds a kind Governor does not take."
    })
final class ApplyCommand extends ClientCommand {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "YAML files, folders of them, or - for standard input.")
  List<String> paths;

  @Option(names = "--prune", description = "Delete what the server has and the given files do not.")
  boolean prune;

  @Option(names = "--dry-run", description = "Print what would change; change nothing.")
  boolean dryRun;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  /** The kinds of configuration, in the order they are applied (and deleted in reverse). */
  enum Group {
    TEAMS("/api/v1/teams", "teams.yaml"),
    ONCALL("/api/v1/oncall", "oncall.yaml"),
    OPENSLO("/api/v1/slos", "openslo.yaml"),
    COMPOSITES("/api/v1/composites", "composites.yaml"),
    ADJUSTMENTS("/api/v1/adjustments", "adjustments.yaml"),
    POLICIES("/api/v1/policies", "policies.yaml"),
    CAPACITY("/api/v1/capacity/signals", "capacity.yaml"),
    PROBES("/api/v1/probes", "probes.yaml"),
    STATUS("/api/v1/status/page", "status.yaml");

    final String route;
    final String exportFile;

    Group(String route, String exportFile) {
      this.route = route;
      this.exportFile = exportFile;
    }
  }

  /** One document of a file, with where it came from and what it is. */
  record Doc(String file, int line, Group group, String kind, String name, String source) {}

  /** What applying does to one document. */
  record Change(String action, Group group, String kind, String name) {}

  /** OpenSLO kinds, dependants first: the order in which they can be deleted. */
  static final List<String> OPENSLO_DELETE_ORDER = List.of(
      "SLO", "SLI", "AlertPolicy", "Service", "DataSource", "AlertCondition", "AlertNotificationTarget");

  static final List<String> ONCALL_DELETE_ORDER = List.of("EscalationPolicy", "Schedule", "User");

  @Override
  public Integer call() {
    List<Doc> docs = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (SpecFiles.SpecFile file : SpecFiles.read(paths, root().stdin())) classify(file, docs, refusals);
    if (!refusals.isEmpty()) {
      refusals.forEach(err()::println);
      err().flush();
      return GovernorCommand.NO_ANSWER;
    }
    List<String> problems = validate(docs);
    if (!problems.isEmpty()) {
      problems.forEach(err()::println);
      err().println("nothing was applied");
      err().flush();
      return GovernorCommand.NO;
    }
    ApiClient client = client();
    ApiResponse exported = client.get("/api/v1/export");
    if (!exported.ok()) return reportFailure(exported);
    Map<Group, Map<String, String>> onServer = new HashMap<>();
    for (JsonNode d : exported.body().path("documents")) {
      Group group = groupOfExportFile(d.path("file").asString());
      onServer.computeIfAbsent(group, g -> new LinkedHashMap<>())
          .put(d.path("kind").asString() + "/" + d.path("name").asString(), d.path("source").asString());
    }

    List<Change> changes = new ArrayList<>();
    List<Doc> openslo = docs.stream().filter(d -> d.group() == Group.OPENSLO).toList();
    java.util.Set<String> inFolder = new java.util.HashSet<>();
    if (!openslo.isEmpty()) {
      // The server resolves OpenSLO (and expands Sloth) documents; its dry run says what each becomes.
      ApiResponse preview = client.post(Group.OPENSLO.route + "?dryRun=true&file=" + UrlPath.query(fileOf(openslo)),
          "application/yaml", join(openslo));
      if (!preview.ok()) return reportFailure(preview, fileOf(openslo));
      for (JsonNode a : preview.body().path("applied")) {
        String kind = a.path("kind").asString();
        String name = a.path("name").asString();
        inFolder.add(Group.OPENSLO + "/" + kind + "/" + name);
        changes.add(new Change(a.path("result").asString(), Group.OPENSLO, kind, name));
      }
    }
    for (Doc d : docs) {
      if (d.group() == Group.OPENSLO) continue;
      inFolder.add(d.group() + "/" + d.kind() + "/" + d.name());
      String current = onServer.getOrDefault(d.group(), Map.of()).get(d.kind() + "/" + d.name());
      changes.add(new Change(current == null ? "created" : current.equals(d.source()) ? "unchanged" : "updated",
          d.group(), d.kind(), d.name()));
    }
    List<Change> deletions = new ArrayList<>();
    if (prune) {
      onServer.forEach((group, byKey) -> byKey.keySet().forEach(key -> {
        if (!inFolder.contains(group + "/" + key)) {
          int slash = key.indexOf('/');
          deletions.add(new Change("deleted", group, key.substring(0, slash), key.substring(slash + 1)));
        }
      }));
      deletions.sort(deleteOrder());
    }
    // Every kind is checked by the server before the first write: a refusal then changes nothing.
    for (Group group : List.of(Group.TEAMS, Group.ONCALL, Group.POLICIES, Group.CAPACITY, Group.PROBES, Group.STATUS)) {
      List<Doc> ofGroup = docs.stream().filter(d -> d.group() == group).toList();
      if (ofGroup.isEmpty()) continue;
      ApiResponse checked = client.post(group.route + "?dryRun=true&file=" + UrlPath.query(fileOf(ofGroup)),
          "application/yaml", join(ofGroup));
      if (!checked.ok()) {
        err().println("nothing was applied");
        return reportFailure(checked, fileOf(ofGroup));
      }
    }
    print(changes, deletions);
    if (dryRun) return GovernorCommand.OK;

    for (Group group : Group.values()) {
      List<Doc> ofGroup = docs.stream().filter(d -> d.group() == group).toList();
      boolean changed = changes.stream().anyMatch(c -> c.group() == group && !c.action().equals("unchanged"));
      if (ofGroup.isEmpty() || !changed) continue;
      ApiResponse r = client.post(group.route + "?file=" + UrlPath.query(fileOf(ofGroup)), "application/yaml", join(ofGroup));
      if (!r.ok()) {
        // Checked a moment ago; only a change made meanwhile by someone else gets here.
        err().println("the " + group.name().toLowerCase(java.util.Locale.ROOT) + " documents were refused; the kinds"
            + " before them in the order teams, on-call, OpenSLO, composite SLOs, budget adjustments, policies, capacity, probes, status page were applied");
        return reportFailure(r, fileOf(ofGroup));
      }
    }
    for (Change d : deletions) {
      ApiResponse r = client.delete(deleteRoute(d));
      if (!r.ok() && r.status() != 404) {
        err().println("could not delete " + d.kind() + " " + d.name() + "; everything before it in the list was done");
        return reportFailure(r);
      }
    }
    return GovernorCommand.OK;
  }

  private void print(List<Change> changes, List<Change> deletions) {
    PrintWriter out = out();
    List<Change> all = new ArrayList<>(changes);
    all.addAll(deletions);
    if (output == OutputFormat.JSON) {
      var array = ApiClient.JSON.createArrayNode();
      for (Change c : all) {
        array.addObject().put("action", c.action()).put("kind", c.kind()).put("name", c.name());
      }
      var root = ApiClient.JSON.createObjectNode().put("dryRun", dryRun).put("prune", prune);
      root.set("changes", array);
      printJson(root);
      out.flush();
      return;
    }
    long unchanged = all.stream().filter(c -> c.action().equals("unchanged")).count();
    for (Change c : all) {
      String mark = switch (c.action()) {
        case "created" -> "+";
        case "updated" -> "~";
        case "deleted" -> "-";
        default -> null;
      };
      if (mark != null) out.println(mark + " " + c.kind() + " " + c.name() + " " + c.action());
    }
    long changed = all.size() - unchanged;
    out.println((changed == 0 ? "no changes" : changed + (changed == 1 ? " change" : " changes")) + ", " + unchanged
        + " unchanged" + (dryRun ? " (dry run: nothing was changed)" : ""));
    out.flush();
  }

  /** Splits a file into documents and files each under its kind; what Governor does not take is refused. */
  private static void classify(SpecFiles.SpecFile file, List<Doc> docs, List<String> refusals) {
    YamlDocuments.Split split = YamlDocuments.split(file.name(), file.text());
    split.syntaxError().ifPresent(p -> refusals.add(Problems.specLine(p.file(), p.line(), p.path(), p.message())));
    for (YamlDocuments.Doc doc : split.documents()) {
      String apiVersion = scalar(doc.root(), "apiVersion").orElse("");
      String kind = scalar(doc.root(), "kind").orElse("");
      Optional<String> name = doc.root() instanceof MappingNode root
          ? child(root, "metadata").flatMap(m -> scalar(m, "name"))
          : Optional.empty();
      Group group;
      boolean sloth = apiVersion.startsWith("sloth.slok.dev/")
          || (apiVersion.isEmpty() && scalar(doc.root(), "version").filter("prometheus/v1"::equals).isPresent());
      if (apiVersion.equals("openslo/v1") || sloth) {
        group = Group.OPENSLO;
      } else if (apiVersion.equals("governor.dev/v1") && kind.equals("ErrorBudgetPolicy")) {
        group = Group.POLICIES;
      } else if (apiVersion.equals("governor.dev/v1") && Set.of("User", "Schedule", "EscalationPolicy").contains(kind)) {
        group = Group.ONCALL;
      } else if (apiVersion.equals("governor.dev/v1") && kind.equals("CapacitySignal")) {
        group = Group.CAPACITY;
      } else if (apiVersion.equals("governor.dev/v1") && kind.equals(ProbeReader.KIND)) {
        group = Group.PROBES;
      } else if (apiVersion.equals("governor.dev/v1") && kind.equals(StatusPageReader.KIND)) {
        group = Group.STATUS;
      } else if (apiVersion.equals("governor.dev/v1") && kind.equals("Team")) {
        group = Group.TEAMS;
      } else if (apiVersion.equals("governor.dev/v1") && kind.equals(dev.governor.ingest.composite.CompositeSloReader.KIND)) {
        group = Group.COMPOSITES;
      } else if (apiVersion.equals("governor.dev/v1") && kind.equals(BudgetAdjustmentReader.KIND)) {
        group = Group.ADJUSTMENTS;
      } else {
        refusals.add(Problems.specLine(file.name(), doc.line(), "kind", "Governor does not take apiVersion '"
            + bounded(apiVersion) + "' kind '" + bounded(kind) + "'; it takes openslo/v1 documents, Sloth specs, and"
            + " governor.dev/v1 ErrorBudgetPolicy, User, Schedule, EscalationPolicy, CapacitySignal, Probe, StatusPage, Team, CompositeSLO and BudgetAdjustment"));
        continue;
      }
      docs.add(new Doc(file.name(), doc.line(), group, kind, name.orElse(""), doc.source()));
    }
  }

  /** Each kind's own reader, where one runs without the server, so a problem names its file and line. */
  private static List<String> validate(List<Doc> docs) {
    List<String> problems = new ArrayList<>();
    Map<String, List<Doc>> byFile = docs.stream().collect(Collectors.groupingBy(Doc::file, LinkedHashMap::new, Collectors.toList()));
    byFile.forEach((file, ofFile) -> {
      for (Group group : List.of(Group.TEAMS, Group.OPENSLO, Group.COMPOSITES, Group.ADJUSTMENTS, Group.POLICIES, Group.CAPACITY,
          Group.PROBES, Group.STATUS)) {
        List<Doc> ofGroup = ofFile.stream().filter(d -> d.group() == group).toList();
        if (ofGroup.isEmpty()) continue;
        String text = join(ofGroup);
        List<SpecProblem> found = switch (group) {
          case OPENSLO -> SpecParser.parse(file, text).problems();
          case POLICIES -> PolicyReader.parse(file, text).problems();
          case CAPACITY -> CapacitySignalReader.parse(file, text).problems();
          case PROBES -> ProbeReader.parse(file, text).problems();
          case STATUS -> StatusPageReader.parse(file, text).problems();
          case TEAMS -> dev.governor.ingest.access.TeamReader.parse(file, text).problems();
          case ADJUSTMENTS -> BudgetAdjustmentReader.parse(file, text).problems();
          case COMPOSITES -> dev.governor.ingest.composite.CompositeSloReader.parse(file, text).problems();
          case ONCALL -> List.of();
        };
        // The reader saw this file's documents of one kind joined: a line of that text is a line of
        // the document it falls in, which starts at that document's line of the file.
        int[] starts = new int[ofGroup.size()];
        int line = 1;
        for (int i = 0; i < ofGroup.size(); i++) {
          starts[i] = line + (i == 0 ? 0 : 1);
          line = starts[i] + (int) ofGroup.get(i).source().lines().count();
        }
        for (SpecProblem p : found) {
          int k = 0;
          while (k + 1 < starts.length && starts[k + 1] <= p.line()) k++;
          int inFile = p.line() <= 0 ? 0 : ofGroup.get(k).line() + (p.line() - starts[k]);
          problems.add(Problems.specLine(file, inFile, p.path(), p.message()));
        }
      }
    });
    return problems;
  }

  private static Comparator<Change> deleteOrder() {
    List<Group> groups = List.of(Group.STATUS, Group.PROBES, Group.CAPACITY, Group.POLICIES, Group.ADJUSTMENTS,
        Group.COMPOSITES, Group.OPENSLO, Group.ONCALL, Group.TEAMS);
    return Comparator.comparing((Change c) -> groups.indexOf(c.group()))
        .thenComparing(c -> c.group() == Group.OPENSLO ? OPENSLO_DELETE_ORDER.indexOf(c.kind())
            : c.group() == Group.ONCALL ? ONCALL_DELETE_ORDER.indexOf(c.kind()) : 0)
        .thenComparing(Change::name);
  }

  private static String deleteRoute(Change c) {
    String name = UrlPath.segment(c.name());
    return switch (c.group()) {
      case CAPACITY -> "/api/v1/capacity/signals/" + name;
      case PROBES -> "/api/v1/probes/" + name;
      case ADJUSTMENTS -> "/api/v1/adjustments/" + name;
      case COMPOSITES -> "/api/v1/composites/" + name;
      case STATUS -> "/api/v1/status/page";
      case TEAMS -> "/api/v1/teams/" + name;
      case POLICIES -> "/api/v1/policies/" + name;
      case OPENSLO -> "/api/v1/openslo/" + UrlPath.segment(c.kind()) + "/" + name;
      case ONCALL -> switch (c.kind()) {
        case "User" -> "/api/v1/users/" + name;
        case "Schedule" -> "/api/v1/schedules/" + name;
        default -> "/api/v1/escalation-policies/" + name;
      };
    };
  }

  private static Group groupOfExportFile(String file) {
    for (Group g : Group.values()) if (g.exportFile.equals(file)) return g;
    throw new CliFailure("the server's export names an unexpected file '" + file + "'");
  }

  private static String fileOf(List<Doc> docs) {
    List<String> files = docs.stream().map(Doc::file).distinct().toList();
    return files.size() == 1 ? files.getFirst() : files.size() + " files";
  }

  /** As the export joins them: documents separated by --- lines, each ending in a newline. */
  static String join(List<Doc> docs) {
    StringBuilder text = new StringBuilder();
    for (Doc d : docs) {
      if (!text.isEmpty()) text.append("---\n");
      text.append(d.source());
      if (!d.source().endsWith("\n")) text.append('\n');
    }
    return text.toString();
  }

  private static Optional<String> scalar(Node node, String key) {
    return node instanceof MappingNode map ? child(map, key).flatMap(n -> n instanceof ScalarNode s
        ? Optional.of(s.getValue()) : Optional.empty()) : Optional.empty();
  }

  private static Optional<Node> child(MappingNode map, String key) {
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return Optional.of(t.getValueNode());
    }
    return Optional.empty();
  }

  private static String bounded(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "…";
  }
}
