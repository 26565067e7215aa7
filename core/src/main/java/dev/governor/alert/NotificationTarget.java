package dev.governor.alert;

/** An OpenSLO AlertNotificationTarget: where an alert is sent (delivered by the incident features). */
public record NotificationTarget(String name, String target, String description) {}
