package dev.governor.server.slo;

import dev.governor.prometheus.rules.Export;
import dev.governor.prometheus.rules.RuleFile;
import dev.governor.prometheus.rules.RulesGenerator;
import dev.governor.server.http.HttpProblem;
import dev.governor.slo.Evaluator;
import dev.governor.basics.Names;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/** An SLO as Prometheus recording and alerting rules, for teams that keep alerting in Prometheus. */
public final class RulesRoutes {

  static final String YAML = "text/yaml; charset=utf-8";

  private final Evaluator evaluator;
  private final RulesGenerator generator = RulesGenerator.ofThisBuild();

  public RulesRoutes(Evaluator evaluator) {
    this.evaluator = evaluator;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/v1/slos/{name}/rules", this::rules);
  }

  private void rules(Context ctx) {
    String name = ctx.pathParam("name");
    Optional<Slo> found = Names.isValid(name) ? evaluator.catalog().slo(new SloName(name)) : Optional.empty();
    Slo slo = found.orElseThrow(
        () -> new HttpProblem.NotFound("there is no SLO named '" + name + "'; GET /api/v1/slos lists them"));
    switch (generator.export(slo)) {
      case Export.Exported exported -> ctx.contentType(YAML).result(RuleFile.write(exported.groups(), exported.warnings()));
      case Export.Refused refused -> throw new HttpProblem.NotExportable(
          "SLO " + name + " cannot be exported as Prometheus rules: " + refused.reason());
    }
  }
}
