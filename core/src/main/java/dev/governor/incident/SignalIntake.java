package dev.governor.incident;

import java.util.List;

/**
 * The door every alert comes in by: Governor's evaluator, the Alertmanager webhook and the
 * PagerDuty-compatible endpoint all hand their signals here.
 */
public interface SignalIntake {

  /**
   * Applies the signals in order and returns one result per signal. When this returns, the
   * signals are stored: a sender that was told they were accepted may forget them.
   */
  List<IntakeResult> accept(List<Signal> signals);
}
