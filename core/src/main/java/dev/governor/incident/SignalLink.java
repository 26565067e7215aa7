package dev.governor.incident;

import java.net.URI;

/** A link carried by an alert: a runbook, a dashboard, a generator URL, or an image to show. */
public record SignalLink(URI href, String text, boolean image) {
  public SignalLink {
    if (href == null) throw new IllegalArgumentException("a link needs an href");
    if (text == null) text = "";
  }
}
