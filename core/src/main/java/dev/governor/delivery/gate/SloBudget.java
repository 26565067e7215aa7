package dev.governor.delivery.gate;

import dev.governor.slo.ServiceName;
import dev.governor.basics.SloName;

/** How much error budget one objective of an SLO has left now (a share, below 0 when overspent). */
public record SloBudget(SloName slo, ServiceName service, String objective, double remaining, boolean noData) {}
