package dev.governor.ingest.openslo;

import dev.governor.alert.AlertCondition;
import dev.governor.alert.AlertPolicy;
import dev.governor.alert.NotificationTarget;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.Nodes;
import dev.governor.ingest.internal.yaml.YamlDocuments;
import dev.governor.ingest.openslo.Definition.MetricDraft;
import dev.governor.ingest.openslo.Definition.PolicyDraft;
import dev.governor.ingest.openslo.Definition.Ref;
import dev.governor.ingest.openslo.Definition.SliDraft;
import dev.governor.ingest.openslo.Definition.SloDraft;
import dev.governor.ingest.openslo.Definition.SourceDraft;
import dev.governor.slo.Catalog;
import dev.governor.slo.DataSource;
import dev.governor.slo.MetricSource;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.Service;
import dev.governor.slo.ServiceName;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import dev.governor.basics.SliName;
import dev.governor.slo.Slo;
import dev.governor.slo.SpecProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Resolves documents, from any number of files, into one {@link Catalog}: indicatorRef,
 * alertPolicyRef, conditionRef, targetRef and metricSourceRef are looked up by name, and each SLO
 * gets its SLI and alert policies inline.
 *
 * <p>Every document is parsed again from its {@code source}, so the input can be what a store
 * kept, not what a parser just returned. A reference that names nothing is a problem at the line
 * of the reference, in the file of the document that holds it.
 *
 * <p><b>An SLO's service need not be a document.</b> OpenSLO leaves it to the implementation
 * whether {@code spec.service} must name a Service; most OpenSLO files in the wild have none. When
 * no Service document has the name, the catalog gets a Service with that name and nothing else, so
 * applying a single SLO works; a Service document applied later takes its place.
 *
 * <p>Two documents of the same kind and name are one document when their sources are equal, and a
 * problem otherwise. So are two SLIs of the same name (standalone or inline in an SLO) that differ:
 * events name their SLI, so the name must say which one.
 */
public final class CatalogResolver {

  private CatalogResolver() {}

  public static Resolution resolve(List<ResourceDocument> documents) {
    return new Run().resolve(documents);
  }

  /** A definition, the document it came from and the context to report its problems to. */
  private record Placed<D extends Definition>(D definition, ResourceDocument document, DocContext ctx) {}

  private static final class Run {
    private final List<SpecProblem> problems = new ArrayList<>();
    private final Map<ResourceKind, Map<String, Placed<?>>> byKind = new EnumMap<>(ResourceKind.class);
    private final Map<String, Optional<Sli>> resolvedSlis = new TreeMap<>();
    private final Map<String, Optional<AlertPolicy>> resolvedPolicies = new TreeMap<>();
    private final Map<SliName, Sli> indicators = new TreeMap<>();

    Resolution resolve(List<ResourceDocument> documents) {
      for (ResourceDocument doc : documents) read(doc);

      List<DataSource> dataSources = values(ResourceKind.DATA_SOURCE, Definition.DataSourceDef.class,
          d -> d.definition().dataSource());
      List<AlertCondition> conditions = values(ResourceKind.ALERT_CONDITION, Definition.AlertConditionDef.class,
          d -> d.definition().condition());
      List<NotificationTarget> targets = values(ResourceKind.ALERT_NOTIFICATION_TARGET,
          Definition.NotificationTargetDef.class, d -> d.definition().target());
      Map<ServiceName, Service> services = new TreeMap<>();
      for (Service s : values(ResourceKind.SERVICE, Definition.ServiceDef.class, d -> d.definition().service())) {
        services.put(s.name(), s);
      }

      for (String name : names(ResourceKind.SLI)) standaloneSli(name);
      for (String name : names(ResourceKind.ALERT_POLICY)) standalonePolicy(name);

      List<Slo> slos = new ArrayList<>();
      for (String name : names(ResourceKind.SLO)) {
        Placed<Definition.SloDef> placed = placed(ResourceKind.SLO, name, Definition.SloDef.class);
        slo(placed).ifPresent(slo -> {
          slos.add(slo);
          services.putIfAbsent(slo.service(), new Service(slo.service(), slo.service().value(), "", Map.of()));
        });
      }

      if (!problems.isEmpty()) {
        problems.sort(Comparator.comparing(SpecProblem::file).thenComparingInt(SpecProblem::document)
            .thenComparingInt(SpecProblem::line));
        return new Resolution.Invalid(problems);
      }
      return new Resolution.Resolved(new Catalog(
          List.copyOf(services.values()),
          slos,
          resolvedSlis.values().stream().flatMap(Optional::stream).toList(),
          dataSources,
          resolvedPolicies.values().stream().flatMap(Optional::stream).toList(),
          conditions,
          targets));
    }

    // ------------------------------------------------------------ reading

    private void read(ResourceDocument doc) {
      YamlDocuments.Split split = YamlDocuments.split(doc.file(), doc.source());
      if (split.syntaxError().isPresent() || split.documents().size() != 1) {
        problems.add(new SpecProblem(doc.file(), doc.document(), "", doc.line(),
            "the stored source of " + doc.kind().openSloKind() + " '" + doc.name() + "' is not one YAML document;"
                + " apply the document again"));
        return;
      }
      Node root = split.documents().get(0).root();
      DocContext ctx = isGenerated(root)
          ? DocContext.generatedAt(doc.file(), doc.document(), doc.line(), problems)
          : DocContext.startingAt(doc.file(), doc.document(), doc.line(), problems);
      Optional<OpenSloReader.Read> read = SpecParser.readAlone(doc.file(), doc.source(), ctx);
      if (read.isEmpty() || read.get().definition().isEmpty()) return;
      Definition definition = read.get().definition().get();
      if (definition.kind() != doc.kind() || !definition.name().equals(doc.name())) {
        ctx.problem("metadata.name", doc.line(), "the document was stored as " + doc.kind().openSloKind() + " '"
            + doc.name() + "' but its source is " + definition.kind().openSloKind() + " '" + definition.name() + "'");
        return;
      }
      Map<String, Placed<?>> sameKind = byKind.computeIfAbsent(doc.kind(), k -> new TreeMap<>());
      Placed<?> first = sameKind.putIfAbsent(doc.name(), new Placed<>(definition, doc, ctx));
      if (first != null && !first.document().source().equals(doc.source())) {
        ctx.problem("metadata.name", doc.line(), doc.kind().openSloKind() + " '" + doc.name()
            + "' is also defined, differently, in " + first.document().file() + " (document "
            + first.document().document() + ", line " + first.document().line() + "); keep one of them");
      }
    }

    private static boolean isGenerated(Node root) {
      Node metadata = child(root, "metadata");
      Node annotations = metadata == null ? null : child(metadata, "annotations");
      return annotations != null && child(annotations, OpenSloReader.GENERATED_FROM) != null;
    }

    private static Node child(Node node, String key) {
      if (!(node instanceof MappingNode map)) return null;
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t.getValueNode();
      }
      return null;
    }

    private List<String> names(ResourceKind kind) {
      return List.copyOf(byKind.getOrDefault(kind, Map.of()).keySet());
    }

    private <D extends Definition> Placed<D> placed(ResourceKind kind, String name, Class<D> type) {
      Placed<?> p = byKind.getOrDefault(kind, Map.of()).get(name);
      if (p == null || !type.isInstance(p.definition())) return null;
      @SuppressWarnings("unchecked")
      Placed<D> typed = (Placed<D>) p;
      return typed;
    }

    private <D extends Definition, V> List<V> values(ResourceKind kind, Class<D> type, Function<Placed<D>, V> value) {
      return names(kind).stream().map(n -> value.apply(placed(kind, n, type))).toList();
    }

    // ------------------------------------------------------------ references

    /** The document a reference names, or empty after reporting that none has the name. */
    private <D extends Definition> Optional<Placed<D>> lookup(DocContext ctx, Ref.Named<?> ref, ResourceKind kind,
        Class<D> type, String field, String fix) {
      Placed<D> target = placed(kind, ref.name(), type);
      if (target != null) return Optional.of(target);
      List<String> known = names(kind);
      ctx.problem(ref.path(), ref.line(), field + " '" + ref.name() + "' names no " + kind.openSloKind() + "; "
          + Nodes.nearest(ref.name(), known).map(n -> "did you mean " + n + "? Otherwise ").orElse("")
          + fix + (known.isEmpty() || known.size() > 10 ? "" : " (known: " + String.join(", ", known) + ")"));
      return Optional.empty();
    }

    private Optional<MetricSource> source(DocContext ctx, SourceDraft draft) {
      Optional<String> type = draft.type();
      if (draft.dataSourceRef().isPresent()) {
        Optional<Placed<Definition.DataSourceDef>> ds = lookup(ctx,
            new Ref.Named<>(draft.dataSourceRef().get(), draft.path() + ".metricSourceRef", draft.line()),
            ResourceKind.DATA_SOURCE, Definition.DataSourceDef.class, "metricSourceRef",
            "apply a DataSource of that name, or drop metricSourceRef and give type");
        if (ds.isEmpty()) return Optional.empty();
        String dsType = ds.get().definition().dataSource().type();
        if (type.isPresent() && !type.get().equalsIgnoreCase(dsType)) {
          ctx.problem(draft.path() + ".type", draft.line(), "type " + type.get() + " differs from the type "
              + dsType + " of DataSource " + draft.dataSourceRef().get() + "; drop type, it follows from the DataSource");
          return Optional.empty();
        }
        type = Optional.of(dsType);
      }
      return type.map(t -> new MetricSource(t, draft.dataSourceRef(), draft.spec()));
    }

    private Optional<Sli> sli(DocContext ctx, SliDraft draft) {
      Optional<SliMetric> metric = switch (draft.metric()) {
        case MetricDraft.Threshold t -> source(ctx, t.source()).map(SliMetric.ThresholdMetric::new);
        case MetricDraft.Ratio r -> {
          Optional<MetricSource> good = r.good().flatMap(s -> source(ctx, s));
          Optional<MetricSource> bad = r.bad().flatMap(s -> source(ctx, s));
          Optional<MetricSource> total = r.total().flatMap(s -> source(ctx, s));
          Optional<MetricSource> raw = r.raw().flatMap(s -> source(ctx, s));
          boolean complete = good.isPresent() == r.good().isPresent() && bad.isPresent() == r.bad().isPresent()
              && total.isPresent() == r.total().isPresent() && raw.isPresent() == r.raw().isPresent();
          yield complete
              ? Optional.of(new SliMetric.RatioMetric(r.counter(), good, bad, total, raw, r.rawType()))
              : Optional.empty();
        }
      };
      return metric.map(m -> new Sli(draft.name(), draft.displayName(), draft.description(), m));
    }

    private void standaloneSli(String name) {
      Placed<Definition.SliDef> p = placed(ResourceKind.SLI, name, Definition.SliDef.class);
      Optional<Sli> sli = sli(p.ctx(), p.definition().sli());
      sli.ifPresent(s -> indicators.put(s.name(), s));
      resolvedSlis.put(name, sli);
    }

    private Optional<AlertPolicy> policy(DocContext ctx, PolicyDraft draft) {
      List<AlertCondition> conditions = new ArrayList<>();
      boolean complete = true;
      for (Ref<AlertCondition> ref : draft.conditions()) {
        Optional<AlertCondition> c = switch (ref) {
          case Ref.Inline<AlertCondition> in -> Optional.of(in.value());
          case Ref.Named<AlertCondition> named -> lookup(ctx, named, ResourceKind.ALERT_CONDITION,
              Definition.AlertConditionDef.class, "conditionRef", "apply an AlertCondition of that name or inline it")
              .map(p -> p.definition().condition());
        };
        c.ifPresent(conditions::add);
        complete &= c.isPresent();
      }
      List<NotificationTarget> targets = new ArrayList<>();
      for (Ref<NotificationTarget> ref : draft.targets()) {
        Optional<NotificationTarget> t = switch (ref) {
          case Ref.Inline<NotificationTarget> in -> Optional.of(in.value());
          case Ref.Named<NotificationTarget> named -> lookup(ctx, named, ResourceKind.ALERT_NOTIFICATION_TARGET,
              Definition.NotificationTargetDef.class, "targetRef",
              "apply an AlertNotificationTarget of that name or inline it")
              .map(p -> p.definition().target());
        };
        t.ifPresent(targets::add);
        complete &= t.isPresent();
      }
      if (!complete) return Optional.empty();
      return Optional.of(new AlertPolicy(draft.name(), draft.description(), draft.alertWhenNoData(),
          draft.alertWhenResolved(), draft.alertWhenBreaching(), conditions, targets));
    }

    private void standalonePolicy(String name) {
      Placed<Definition.AlertPolicyDef> p = placed(ResourceKind.ALERT_POLICY, name, Definition.AlertPolicyDef.class);
      resolvedPolicies.put(name, policy(p.ctx(), p.definition().policy()));
    }

    // ------------------------------------------------------------ SLOs

    private Optional<Slo> slo(Placed<Definition.SloDef> placed) {
      DocContext ctx = placed.ctx();
      SloDraft draft = placed.definition().slo();
      int problemsBefore = problems.size();

      Optional<Sli> indicator;
      switch (draft.indicator()) {
        case Ref.Inline<SliDraft> in -> {
          indicator = sli(ctx, in.value());
          indicator.ifPresent(sli -> {
            Sli other = indicators.putIfAbsent(sli.name(), sli);
            if (other != null && !other.equals(sli)) {
              ctx.problem("spec.indicator.metadata.name", in.value().line(), "another SLI is also named '" + sli.name()
                  + "' but differs from this one; events name their SLI, so give this one another name"
                  + " or use indicatorRef: " + sli.name());
            }
          });
        }
        case Ref.Named<SliDraft> named -> {
          Optional<Placed<Definition.SliDef>> target = lookup(ctx, named, ResourceKind.SLI, Definition.SliDef.class,
              "indicatorRef", "apply an SLI of that name, or inline it as spec.indicator");
          target.ifPresent(t -> OpenSloReader.checkObjectives(ctx, t.definition().sli(), draft.objectives(),
              draft.objectivePaths(), draft.objectiveLines()));
          // A broken SLI document reports its own problems; the SLO just cannot be built.
          indicator = target.flatMap(t -> resolvedSlis.getOrDefault(named.name(), Optional.empty()));
        }
      }

      List<AlertPolicy> policies = new ArrayList<>();
      boolean complete = true;
      for (Ref<PolicyDraft> ref : draft.alertPolicies()) {
        Optional<AlertPolicy> policy = switch (ref) {
          case Ref.Inline<PolicyDraft> in -> policy(ctx, in.value());
          case Ref.Named<PolicyDraft> named -> lookup(ctx, named, ResourceKind.ALERT_POLICY,
              Definition.AlertPolicyDef.class, "alertPolicyRef", "apply an AlertPolicy of that name or inline it")
              .flatMap(p -> resolvedPolicies.getOrDefault(named.name(), Optional.empty()));
        };
        policy.ifPresent(policies::add);
        complete &= policy.isPresent();
      }
      if (indicator.isEmpty() || !complete || problems.size() > problemsBefore) return Optional.empty();
      // The reader checks, with path and line, everything Slo's constructor checks. Should they drift
      // apart, the IllegalArgumentException is a bug to fix here, not a problem of the user's YAML.
      return Optional.of(new Slo(draft.name(), draft.displayName(), draft.description(), draft.service(),
          indicator.get(), draft.window(), draft.budgetingMethod(), draft.objectives(), policies, draft.labels(),
          draft.annotations(), draft.groupBy(), draft.instanceLimit(), Optional.empty()));
    }
  }
}
