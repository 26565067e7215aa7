package dev.governor.sli;

import dev.governor.slo.EventCounts;
import java.time.Instant;

/** The good/total counts of one series in the minute that starts at {@code minute}. */
public record Bucket(Instant minute, EventCounts counts) {}
