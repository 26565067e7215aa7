package dev.governor.bench;

import com.sun.net.httpserver.HttpServer;
import dev.governor.probe.Probe;
import dev.governor.probe.ProbeCheck;
import dev.governor.probe.ProbeOutcome;
import dev.governor.probe.ProbeResult;
import dev.governor.probes.NetworkProbeRunner;
import dev.governor.probes.ProbeScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The probe scheduler under load: 500 HTTP probes every 10 s against a server on 127.0.0.1, of
 * which 100 hang until their 9 s timeout, so each of those holds its place nine seconds in ten. It
 * reports how late the other 400 started (each probe's worst start over the run, after its due
 * time), how many runs they made against how many were due, skipped runs, and the CPU seconds of
 * this process. Nothing leaves the machine.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.governor.bench.ProbeSchedulerBench [seconds] [probes] [hanging]}
 * (defaults 60, 500 and 100).
 */
public final class ProbeSchedulerBench {

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int probes = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int hanging = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1_000);
    target.createContext("/ok", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "ok".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    target.createContext("/hang", exchange -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    target.start();
    String base = "http://127.0.0.1:" + target.getAddress().getPort();

    List<Probe> planned = new ArrayList<>();
    for (int i = 0; i < probes; i++) {
      boolean hangs = i < hanging;
      ProbeCheck.Http check = new ProbeCheck.Http(URI.create(base + (hangs ? "/hang" : "/ok") + "?p=" + i), "GET",
          Map.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          true, Optional.empty(), Optional.empty(), ProbeCheck.Tls.DEFAULT);
      planned.add(new Probe((hangs ? "hang-" : "ok-") + i, "", check, Duration.ofSeconds(10),
          Duration.ofSeconds(hangs ? 9 : 5), 0, Optional.empty(), Map.of()));
    }
    Map<String, AtomicLong> downs = new ConcurrentHashMap<>();
    AtomicLong results = new AtomicLong();
    double cpuBefore = cpuSeconds();
    long started = System.nanoTime();
    try (ProbeScheduler scheduler = new ProbeScheduler(new NetworkProbeRunner(InstantSource.system(), n -> null),
        (ProbeResult r) -> {
          results.incrementAndGet();
          if (r.outcome() == ProbeOutcome.DOWN) downs.computeIfAbsent(r.probe(), p -> new AtomicLong()).incrementAndGet();
        }, new ProbeScheduler.Settings(256))) {
      scheduler.plan(planned);
      Thread.sleep(Duration.ofSeconds(seconds));
      double elapsed = (System.nanoTime() - started) / 1e9;
      double cpu = cpuSeconds() - cpuBefore;
      List<ProbeScheduler.Stats> stats = scheduler.stats();
      List<Long> worst = new ArrayList<>();
      long okRuns = 0;
      long hangRuns = 0;
      long skipped = 0;
      for (ProbeScheduler.Stats s : stats) {
        skipped += s.skipped();
        if (s.probe().startsWith("ok-")) {
          worst.add(s.worstLateness().toNanos());
          okRuns += s.runs();
        } else {
          hangRuns += s.runs();
        }
      }
      worst.sort(null);
      long okDown = downs.entrySet().stream().filter(e -> e.getKey().startsWith("ok-")).mapToLong(e -> e.getValue().get()).sum();
      long hangDown = downs.entrySet().stream().filter(e -> e.getKey().startsWith("hang-")).mapToLong(e -> e.getValue().get()).sum();
      System.out.printf(Locale.ROOT, "probes %d (%d hanging until their 9s timeout), interval 10s, %.0f s, concurrency 256%n",
          probes, hanging, elapsed);
      System.out.printf(Locale.ROOT, "responsive probes: %d runs (about %.0f due), %d down; worst start lateness per probe:"
          + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", okRuns, (probes - hanging) * elapsed / 10.0, okDown,
          pct(worst, 0.50), pct(worst, 0.99), worst.isEmpty() ? 0 : worst.getLast() / 1e6);
      System.out.printf(Locale.ROOT, "hanging probes: %d runs, %d timed out; skipped runs (all probes): %d%n", hangRuns,
          hangDown, skipped);
      System.out.printf(Locale.ROOT, "results handed on: %d; CPU %.2f s (%.3f CPU-s per run); load average %s%n",
          results.get(), cpu, cpu / Math.max(1, results.get()), Files.readString(Path.of("/proc/loadavg")).strip());
    } finally {
      target.stop(0);
    }
  }

  private static double pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) return 0;
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
  }

  /** User and system CPU seconds of this process, from /proc/self/stat (clock ticks of 1/100 s). */
  static double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }
}
