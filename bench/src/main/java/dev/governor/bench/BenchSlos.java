package dev.governor.bench;

import dev.governor.slo.BudgetingMethod;
import dev.governor.slo.Catalog;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Objective;
import dev.governor.slo.Ratio;
import dev.governor.slo.Service;
import dev.governor.slo.ServiceName;
import dev.governor.slo.Sli;
import dev.governor.slo.SliMetric;
import dev.governor.basics.SliName;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import dev.governor.slo.SloWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Many alike SLOs: availability ratios fed by events, 99.9 % over a rolling window. */
final class BenchSlos {
  private BenchSlos() {}

  static String sliName(int i) {
    return "bench-" + i + "-ok";
  }

  static Catalog catalog(int count, Duration window) {
    MetricSource pushed = new MetricSource(MetricSource.GOVERNOR, Optional.empty(), Map.of());
    List<Slo> slos = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Sli sli = new Sli(SliName.of(sliName(i)), "", "", new SliMetric.RatioMetric(false,
          Optional.of(pushed), Optional.empty(), Optional.of(pushed), Optional.empty(), Optional.empty()));
      Objective objective = new Objective("availability", "Availability", Ratio.parsePercent("99.9"),
          Optional.empty(), Optional.empty(), Optional.empty());
      slos.add(new Slo(SloName.of("bench-" + i), "", "", ServiceName.of("bench"), sli,
          new SloWindow.Rolling(window), BudgetingMethod.OCCURRENCES, List.of(objective), List.of(), Map.of(), Map.of()));
    }
    return new Catalog(List.of(new Service(ServiceName.of("bench"), "Bench", "", Map.of())), slos,
        List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /**
   * Bytes this process has had read from the storage device so far ({@code read_bytes} of
   * /proc/self/io, Linux): reads the file cache answered are not in it, so it tells cold reads apart.
   */
  static long deviceReadBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/io"))) {
        if (line.startsWith("read_bytes:")) return Long.parseLong(line.substring("read_bytes:".length()).trim());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return -1;
  }

  /** The resident set size of this process, from /proc (Linux). */
  static long residentBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return -1;
  }
}
