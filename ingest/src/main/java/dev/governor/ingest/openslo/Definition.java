package dev.governor.ingest.openslo;

import dev.governor.alert.AlertCondition;
import dev.governor.alert.NotificationTarget;
import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.DataSource;
import dev.governor.slo.Objective;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.Service;
import dev.governor.slo.ServiceName;
import dev.governor.slo.SliMetric;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import dev.governor.slo.SloWindow;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One OpenSLO document read and checked on its own, before references to other documents are
 * resolved. What needs another document (an SLI by name, a DataSource's type) is kept as a
 * {@link Ref} or a draft; everything else is already a core value.
 */
sealed interface Definition {

  ResourceKind kind();

  String name();

  record ServiceDef(Service service) implements Definition {
    public ResourceKind kind() {
      return ResourceKind.SERVICE;
    }

    public String name() {
      return service.name().value();
    }
  }

  record SliDef(SliDraft sli) implements Definition {
    public ResourceKind kind() {
      return ResourceKind.SLI;
    }

    public String name() {
      return sli.name().value();
    }
  }

  record SloDef(SloDraft slo) implements Definition {
    public ResourceKind kind() {
      return ResourceKind.SLO;
    }

    public String name() {
      return slo.name().value();
    }
  }

  record DataSourceDef(DataSource dataSource) implements Definition {
    public ResourceKind kind() {
      return ResourceKind.DATA_SOURCE;
    }

    public String name() {
      return dataSource.name();
    }
  }

  record AlertPolicyDef(PolicyDraft policy) implements Definition {
    public ResourceKind kind() {
      return ResourceKind.ALERT_POLICY;
    }

    public String name() {
      return policy.name();
    }
  }

  record AlertConditionDef(AlertCondition condition) implements Definition {
    public ResourceKind kind() {
      return ResourceKind.ALERT_CONDITION;
    }

    public String name() {
      return condition.name();
    }
  }

  record NotificationTargetDef(NotificationTarget target) implements Definition {
    public ResourceKind kind() {
      return ResourceKind.ALERT_NOTIFICATION_TARGET;
    }

    public String name() {
      return target.name();
    }
  }

  /** A value written inline, or the name of a document that holds it, with where the name was written. */
  sealed interface Ref<T> {
    record Inline<T>(T value) implements Ref<T> {}

    record Named<T>(String name, String path, int line) implements Ref<T> {}
  }

  /** A metric source whose type may still come from the DataSource it names. */
  record SourceDraft(Optional<String> type, Optional<String> dataSourceRef, Map<String, Object> spec, String path, int line) {}

  sealed interface MetricDraft {
    record Ratio(
        boolean counter,
        Optional<SourceDraft> good,
        Optional<SourceDraft> bad,
        Optional<SourceDraft> total,
        Optional<SourceDraft> raw,
        Optional<SliMetric.RawType> rawType)
        implements MetricDraft {}

    record Threshold(SourceDraft source) implements MetricDraft {}
  }

  record SliDraft(SliName name, String displayName, String description, MetricDraft metric, String path, int line) {
    boolean isThreshold() {
      return metric instanceof MetricDraft.Threshold;
    }
  }

  record PolicyDraft(
      String name,
      String description,
      boolean alertWhenNoData,
      boolean alertWhenResolved,
      boolean alertWhenBreaching,
      List<Ref<AlertCondition>> conditions,
      List<Ref<NotificationTarget>> targets) {}

  record SloDraft(
      SloName name,
      String displayName,
      String description,
      ServiceName service,
      int serviceLine,
      Ref<SliDraft> indicator,
      SloWindow window,
      BudgetingMethod budgetingMethod,
      List<Objective> objectives,
      List<String> objectivePaths,
      List<Integer> objectiveLines,
      List<Ref<PolicyDraft>> alertPolicies,
      Map<String, String> labels,
      Map<String, String> annotations,
      int line,
      List<String> groupBy,
      int instanceLimit) {}
}
