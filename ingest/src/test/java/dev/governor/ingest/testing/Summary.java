package dev.governor.ingest.testing;

import dev.governor.alert.AlertCondition;
import dev.governor.alert.AlertPolicy;
import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.ResourceDocument;
import dev.governor.slo.Catalog;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Objective;
import dev.governor.slo.Service;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import dev.governor.slo.Slo;
import dev.governor.slo.SloWindow;
import dev.governor.slo.SpecProblem;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A plain-text account of what was parsed and resolved, for golden files. */
public final class Summary {

  private Summary() {}

  public static String of(ParsedSpecs parsed, boolean withSources) {
    StringBuilder out = new StringBuilder();
    out.append("# documents\n");
    for (ResourceDocument d : parsed.documents()) {
      out.append("document ").append(d.document()).append(" line ").append(d.line()).append(": ")
          .append(d.kind().openSloKind()).append(' ').append(d.name()).append('\n');
      if (withSources) out.append(d.source().indent(4));
    }
    if (!parsed.problems().isEmpty()) {
      out.append("# problems\n");
      for (SpecProblem p : parsed.problems()) out.append(p).append('\n');
      return out.toString();
    }
    switch (CatalogResolver.resolve(parsed.documents())) {
      case Resolution.Invalid invalid -> {
        out.append("# resolution problems\n");
        for (SpecProblem p : invalid.problems()) out.append(p).append('\n');
      }
      case Resolution.Resolved resolved -> out.append("# catalog\n").append(of(resolved.catalog()));
    }
    return out.toString();
  }

  public static String of(Catalog c) {
    StringBuilder out = new StringBuilder();
    for (Service s : c.services()) {
      out.append("service ").append(s.name()).append(" \"").append(s.displayName()).append("\" ")
          .append(labels(s.labels())).append('\n');
    }
    for (var ds : c.dataSources()) {
      out.append("dataSource ").append(ds.name()).append(" type=").append(ds.type())
          .append(" details=").append(new TreeMap<>(ds.connectionDetails())).append('\n');
    }
    for (Sli s : c.slis()) out.append("sli ").append(sli(s)).append('\n');
    for (AlertCondition ac : c.alertConditions()) out.append("condition ").append(condition(ac)).append('\n');
    for (var t : c.notificationTargets()) out.append("target ").append(t.name()).append(" -> ").append(t.target()).append('\n');
    for (AlertPolicy p : c.alertPolicies()) out.append("policy ").append(policy(p)).append('\n');
    for (Slo s : c.slos()) {
      out.append("slo ").append(s.name()).append(" \"").append(s.displayName()).append("\" service=").append(s.service())
          .append(" window=").append(window(s.window())).append(" budgeting=").append(s.budgetingMethod())
          .append(' ').append(labels(s.labels())).append('\n');
      if (!s.description().isEmpty()) out.append("  description: ").append(s.description()).append('\n');
      out.append("  indicator ").append(sli(s.indicator())).append('\n');
      for (Objective o : s.objectives()) {
        out.append("  objective ").append(o.name()).append(" \"").append(o.displayName()).append("\" target=")
            .append(o.target().numerator()).append('/').append(o.target().denominator());
        o.threshold().ifPresent(t -> out.append(" threshold=").append(t.key()));
        o.timeSliceTarget().ifPresent(t -> out.append(" timeSliceTarget=").append(t));
        o.timeSliceWindow().ifPresent(t -> out.append(" timeSliceWindow=").append(t));
        out.append('\n');
      }
      for (AlertPolicy p : s.alertPolicies()) out.append("  policy ").append(policy(p)).append('\n');
    }
    return out.toString();
  }

  private static String window(SloWindow w) {
    return switch (w) {
      case SloWindow.Rolling r -> "rolling " + r.length();
      case SloWindow.Calendar cal -> "calendar " + cal.count() + " " + cal.unit() + " in " + cal.zone()
          + cal.anchor().map(a -> " from " + a).orElse("");
    };
  }

  private static String sli(Sli s) {
    String metric = switch (s.metric()) {
      case SliMetric.ThresholdMetric t -> "threshold " + source(t.source());
      case SliMetric.RatioMetric r -> "ratio counter=" + r.counter()
          + r.good().map(m -> " good=" + source(m)).orElse("")
          + r.bad().map(m -> " bad=" + source(m)).orElse("")
          + r.total().map(m -> " total=" + source(m)).orElse("")
          + r.raw().map(m -> " raw=" + source(m)).orElse("")
          + r.rawType().map(t -> " rawType=" + t).orElse("");
    };
    return s.name() + " \"" + s.displayName() + "\" " + metric;
  }

  private static String source(MetricSource m) {
    return m.type() + m.dataSourceRef().map(r -> "@" + r).orElse("") + (m.spec().isEmpty() ? "" : new TreeMap<>(m.spec()).toString());
  }

  private static String condition(AlertCondition c) {
    return c.name() + " " + c.severity().label() + " burn rate " + c.op().symbol() + " " + c.threshold()
        + " over " + c.lookbackWindow() + " after " + c.alertAfter();
  }

  private static String policy(AlertPolicy p) {
    return p.name() + " breaching=" + p.alertWhenBreaching() + " resolved=" + p.alertWhenResolved()
        + " noData=" + p.alertWhenNoData()
        + " conditions=" + p.conditions().stream().map(Summary::condition).collect(Collectors.joining("; ", "[", "]"))
        + " targets=" + p.notificationTargets().stream().map(t -> t.name() + "->" + t.target()).toList();
  }

  private static String labels(Map<String, String> labels) {
    return "labels=" + new TreeMap<>(labels);
  }
}
