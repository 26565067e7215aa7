package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.http.OpsRoutes;
import dev.governor.server.ui.UiRoutes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The hand-written OpenAPI document and the routes Javalin really serves must list the same things. */
class OpenApiTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  @TempDir Path dataDir;

  @Test
  void everyRegisteredRoute_isDocumented_andEveryDocumentedRouteExists() {
    List<String> all;
    try (TestServer api = new TestServer(dataDir)) {
      all = api.server.routes();
    }
    // The web UI's pages are HTML for people, not the API; the list of them must stay true.
    assertThat(all).containsAll(UiRoutes.PAGES);
    List<String> registered = all.stream().filter(route -> !UiRoutes.PAGES.contains(route)).toList();

    List<String> documented = documentedRoutes();

    assertThat(registered).isNotEmpty();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
  }

  @SuppressWarnings("unchecked")
  private static List<String> documentedRoutes() {
    String yaml = new String(OpsRoutes.openApiDocument(), StandardCharsets.UTF_8);
    Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    assertThat(doc.get("openapi")).isEqualTo("3.1.0");
    List<String> routes = new ArrayList<>();
    ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, item) ->
        item.keySet().stream()
            .filter(METHODS::contains)
            .forEach(method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path)));
    return routes;
  }
}
