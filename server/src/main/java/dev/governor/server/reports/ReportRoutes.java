package dev.governor.server.reports;

import dev.governor.access.Teams;
import dev.governor.basics.Names;
import dev.governor.report.ReportPeriod;
import dev.governor.report.SloReport;
import dev.governor.report.SloReports;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.ui.UiRoutes;
import dev.governor.slo.Catalog;
import dev.governor.slo.Evaluator;
import dev.governor.slo.ServiceName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/reports/slo} (JSON, or CSV with {@code format=csv} or {@code Accept: text/csv})
 * and the page {@code GET /reports/slo} that a manager prints or forwards.
 */
public final class ReportRoutes {

  /** The default zone, by the name people write (ZoneOffset.UTC would print as "Z"). */
  static final ZoneId UTC = ZoneId.of("UTC");

  private final Evaluator evaluator;
  private final Supplier<Teams> teams;
  private final SloReports reports;
  private final InstantSource clock;

  public ReportRoutes(Evaluator evaluator, Supplier<Teams> teams, SloReports reports, InstantSource clock) {
    this.evaluator = evaluator;
    this.teams = teams;
    this.reports = reports;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/reports/slo", this::api);
    routes.get("/reports/slo", this::page);
  }

  /** What a request asks for, checked. */
  record Request(ReportPeriod period, Optional<String> service, Optional<String> team) {}

  Request request(Context ctx, Catalog catalog, Teams teams) {
    ZoneId zone;
    try {
      zone = Optional.ofNullable(ctx.queryParam("zone")).filter(z -> !z.isBlank()).map(ReportPeriod::zone)
          .orElse(UTC);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.parameter("zone", e.getMessage(), "zone=Europe/Berlin");
    }
    ReportPeriod period;
    String text = ctx.queryParam("period");
    try {
      period = text == null || text.isBlank()
          ? ReportPeriod.containing(ReportPeriod.Kind.MONTH, LocalDate.ofInstant(clock.instant(), zone), zone)
          : ReportPeriod.parse(text, zone);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.BadRequest.parameter("period", e.getMessage(), "period=2026-11");
    }
    Optional<String> service = Optional.ofNullable(ctx.queryParam("service")).map(String::strip).filter(s -> !s.isEmpty());
    if (service.isPresent() && (!Names.isValid(service.get())
        || catalog.slos().stream().noneMatch(s -> s.service().value().equals(service.get())))) {
      throw HttpProblem.BadRequest.parameter("service", "no SLO of a service named '" + bounded(service.get())
          + "' is applied; GET /api/v1/slos lists them", "service=checkout");
    }
    Optional<String> team = Optional.ofNullable(ctx.queryParam("team")).map(String::strip).filter(s -> !s.isEmpty());
    if (team.isPresent() && !teamsOf(catalog, teams).contains(team.get())) {
      throw HttpProblem.BadRequest.parameter("team", "no team named '" + bounded(team.get()) + "' owns a service with"
          + " an SLO (a team owns the services its Team document lists, or those labelled team: <name>)", "team=payments");
    }
    return new Request(period, service, team);
  }

  static TreeSet<String> teamsOf(Catalog catalog, Teams teams) {
    TreeSet<String> names = new TreeSet<>();
    catalog.slos().forEach(s -> names.add(teamOf(catalog, teams, s.service())));
    return names;
  }

  private static String teamOf(Catalog catalog, Teams teams, ServiceName service) {
    return teams.ownerOf(service).map(t -> t.value())
        .or(() -> Optional.ofNullable(catalog.servicesByName().get(service)).map(s -> s.labels().get("team")))
        .orElse(SloReport.NO_TEAM);
  }

  private static String bounded(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  SloReport report(Request r, Catalog catalog, Teams teams) {
    return reports.report(withComposites(catalog), teams, r.period(), r.service().map(ServiceName::of), r.team());
  }

  /** The applied SLOs and the composite SLOs that run: a journey is reported like any SLO. */
  private Catalog withComposites(Catalog catalog) {
    java.util.List<dev.governor.slo.Slo> slos = evaluator.slosWithComposites();
    if (slos.size() == catalog.slos().size()) return catalog;
    return new Catalog(catalog.services(), slos, catalog.slis(), catalog.dataSources(), catalog.alertPolicies(),
        catalog.alertConditions(), catalog.notificationTargets());
  }

  private void api(Context ctx) {
    String format = Optional.ofNullable(ctx.queryParam("format")).map(String::strip).orElse("");
    boolean csv;
    if (format.isEmpty()) {
      String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
      csv = accept.contains("text/csv") && !accept.contains("application/json");
    } else if (format.equals("csv") || format.equals("json")) {
      csv = format.equals("csv");
    } else {
      throw HttpProblem.BadRequest.parameter("format", "format must be json or csv, got '" + bounded(format) + "'",
          "format=csv");
    }
    Catalog catalog = evaluator.catalog();
    Teams t = teams.get();
    Request r = request(ctx, catalog, t);
    SloReport report = report(r, catalog, t);
    if (csv) {
      ctx.contentType("text/csv; charset=utf-8; header=present");
      ctx.header("Content-Disposition", "attachment; filename=\"slo-report-" + report.period().key() + ".csv\"");
      ctx.result(ReportFormats.csv(report));
    } else {
      ctx.json(ReportFormats.json(report, r.service(), r.team()));
    }
  }

  private void page(Context ctx) {
    Catalog catalog = evaluator.catalog();
    Teams t = teams.get();
    Request r;
    try {
      r = request(ctx, catalog, t);
    } catch (HttpProblem.BadRequest e) {
      ctx.status(400);
      UiRoutes.render(ctx, "report.jte", Map.of("page", ReportPage.refused(e.getMessage(), catalog, t, clock)));
      return;
    }
    UiRoutes.render(ctx, "report.jte", Map.of("page", ReportPage.of(report(r, catalog, t), r, catalog, t, clock)));
  }
}
