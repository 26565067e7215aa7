package dev.governor.alert;

import java.util.List;

/** An OpenSLO AlertPolicy, resolved: its conditions and targets are inline. */
public record AlertPolicy(
    String name,
    String description,
    boolean alertWhenNoData,
    boolean alertWhenResolved,
    boolean alertWhenBreaching,
    List<AlertCondition> conditions,
    List<NotificationTarget> notificationTargets) {

  public AlertPolicy {
    conditions = List.copyOf(conditions);
    notificationTargets = List.copyOf(notificationTargets);
  }
}
