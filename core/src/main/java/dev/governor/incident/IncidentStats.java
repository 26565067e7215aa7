package dev.governor.incident;

import dev.governor.basics.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How fast incidents were acknowledged and resolved (MTTA, MTTR), per incident and as medians per
 * service and per team, over the incidents opened in a period. Medians, not means: one incident
 * left open over a weekend would otherwise outweigh a month of quick responses.
 *
 * <p>An incident counts for each service its alerts named, and for its team: its {@code team}
 * label, or else the teams of its services. Only acknowledged incidents have a time to
 * acknowledge (one resolved without an acknowledgement has none) and only resolved ones a time to
 * resolve, which for a reopened incident runs to its last resolution.
 */
public record IncidentStats(
    TimeRange period,
    List<ResponseTimes> incidents,
    Medians overall,
    List<Medians> byService,
    List<Medians> byTeam) {

  public IncidentStats {
    incidents = List.copyOf(incidents);
    byService = List.copyOf(byService);
    byTeam = List.copyOf(byTeam);
  }

  /** One incident's times; {@code teams} as counted for the per-team medians. */
  public record ResponseTimes(
      IncidentId id,
      String title,
      IncidentState state,
      List<String> services,
      List<String> teams,
      Instant openedAt,
      Optional<Duration> timeToAcknowledge,
      Optional<Duration> timeToResolve) {
    public ResponseTimes {
      services = List.copyOf(services);
      teams = List.copyOf(teams);
    }
  }

  /**
   * The medians of one group of incidents.
   *
   * @param name the service or team; "all" for every incident
   * @param incidents how many opened in the period
   * @param acknowledged how many of them have been acknowledged: the median's sample
   * @param resolved how many of them are resolved
   */
  public record Medians(
      String name,
      int incidents,
      int acknowledged,
      Optional<Duration> timeToAcknowledge,
      int resolved,
      Optional<Duration> timeToResolve) {}

  public static IncidentStats of(TimeRange period, List<Incident> incidents,
      Function<String, Optional<String>> teamOfService) {
    List<ResponseTimes> times = new ArrayList<>();
    Map<String, List<ResponseTimes>> byService = new TreeMap<>();
    Map<String, List<ResponseTimes>> byTeam = new TreeMap<>();
    List<Incident> sorted = incidents.stream()
        .filter(i -> period.contains(i.openedAt()))
        .sorted(Comparator.comparing(Incident::id))
        .toList();
    for (Incident incident : sorted) {
      List<String> teams = teams(incident, teamOfService);
      ResponseTimes t = new ResponseTimes(incident.id(), incident.title(), incident.state(), incident.services(),
          teams, incident.openedAt(), incident.timeToAcknowledge(), incident.timeToResolve());
      times.add(t);
      incident.services().forEach(s -> byService.computeIfAbsent(s, k -> new ArrayList<>()).add(t));
      teams.forEach(team -> byTeam.computeIfAbsent(team, k -> new ArrayList<>()).add(t));
    }
    return new IncidentStats(period, times, medians("all", times),
        byService.entrySet().stream().map(e -> medians(e.getKey(), e.getValue())).toList(),
        byTeam.entrySet().stream().map(e -> medians(e.getKey(), e.getValue())).toList());
  }

  private static List<String> teams(Incident incident, Function<String, Optional<String>> teamOfService) {
    String label = incident.labels().get("team");
    if (label != null && !label.isBlank()) return List.of(label.strip());
    return incident.services().stream()
        .map(teamOfService)
        .flatMap(Optional::stream)
        .distinct()
        .sorted()
        .toList();
  }

  private static Medians medians(String name, List<ResponseTimes> times) {
    List<Duration> ack = times.stream().flatMap(t -> t.timeToAcknowledge().stream()).toList();
    List<Duration> res = times.stream().flatMap(t -> t.timeToResolve().stream()).toList();
    return new Medians(name, times.size(), ack.size(), median(ack), res.size(), median(res));
  }

  /** The middle value; of an even number of values, the mean of the two middle ones. */
  static Optional<Duration> median(List<Duration> values) {
    if (values.isEmpty()) return Optional.empty();
    List<Duration> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    if (sorted.size() % 2 == 1) return Optional.of(sorted.get(mid));
    return Optional.of(sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2));
  }
}
