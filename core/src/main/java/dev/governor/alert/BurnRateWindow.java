package dev.governor.alert;

import dev.governor.basics.Minutes;
import java.time.Duration;

/**
 * One multiwindow burn-rate condition: the burn rate must reach {@code factor} over both the long
 * window (it is serious) and the short window (it is still happening).
 */
public record BurnRateWindow(Duration longWindow, Duration shortWindow, double factor) {

  public BurnRateWindow {
    Minutes.requireWholeMinutes(longWindow, "long window");
    Minutes.requireWholeMinutes(shortWindow, "short window");
    if (shortWindow.compareTo(longWindow) > 0) {
      throw new IllegalArgumentException(
          "the short window " + shortWindow + " is longer than the long window " + longWindow);
    }
    if (!(factor > 0)) {
      throw new IllegalArgumentException("a burn-rate factor must be above 0, got " + factor);
    }
  }
}
