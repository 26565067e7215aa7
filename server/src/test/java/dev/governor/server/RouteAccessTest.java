package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.server.access.RoutePolicy;
import dev.governor.server.http.OpsRoutes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Walks every route of the OpenAPI document and every page, and holds each to its rule: without
 * credentials a guarded route answers 401 (a page sends the browser to sign in), and a viewer's
 * token gets 403 from every route that needs more than reading. The route itself refuses, before
 * its handler reads anything.
 */
class RouteAccessTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  @TempDir Path dataDir;

  @Test
  void everyRoute_hasARule_andEveryGuardedRouteRefusesStrangersAndViewers() throws Exception {
    try (TestServer api = new TestServer(dataDir);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      RoutePolicy policy = api.server.access().policy();
      for (String route : api.server.routes()) {
        String[] parts = route.split(" ", 2);
        assertThat(policy.ruleOf(parts[0], parts[1])).as("a rule for " + route).isPresent();
      }
      String admin = api.post("/api/v1/tokens", "application/json", "{\"name\": \"root\", \"role\": \"admin\"}")
          .json().path("token").asString();
      String viewer = api.withToken(admin).post("/api/v1/tokens", "application/json",
          "{\"name\": \"looker\", \"role\": \"viewer\"}").json().path("token").asString();

      List<String> routes = new ArrayList<>(documentedRoutes());
      routes.addAll(dev.governor.server.ui.UiRoutes.PAGES);
      int guarded = 0;
      int aboveViewer = 0;
      for (String route : routes) {
        String[] parts = route.split(" ", 2);
        RoutePolicy.Rule rule = policy.ruleOf(parts[0], parts[1]).orElseThrow(() -> new AssertionError("no rule for " + route));
        if (!(rule instanceof RoutePolicy.Signed signed)) continue;
        guarded++;
        String path = parts[1].replace("{id}", "1").replace("{name}", "x").replace("{service}", "checkout")
            .replace("{kind}", "SLO").replace("{key}", "x").replace("{deployment}", "d1").replace("{sli}", "x");
        HttpResponse<String> stranger = http.send(request(api, parts[0], path, null), HttpResponse.BodyHandlers.ofString());
        boolean page = !path.startsWith("/api/") && !path.startsWith("/v1/") && parts[0].equals("GET");
        assertThat(stranger.statusCode()).as("without credentials: " + route).isEqualTo(page ? 303 : 401);
        if (!signed.role().equals(dev.governor.access.Role.VIEWER)) {
          aboveViewer++;
          HttpResponse<String> looker = http.send(request(api, parts[0], path, viewer), HttpResponse.BodyHandlers.ofString());
          assertThat(looker.statusCode()).as("a viewer: " + route).isEqualTo(403);
          assertThat(looker.body()).as(route).contains("/problems/forbidden");
        }
      }
      assertThat(guarded).isGreaterThan(100);
      assertThat(aboveViewer).isGreaterThan(50);
    }
  }

  private static HttpRequest request(TestServer api, String method, String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.server.baseUri().resolve(path)).timeout(Duration.ofSeconds(20))
        .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static List<String> documentedRoutes() {
    String yaml = new String(OpsRoutes.openApiDocument(), StandardCharsets.UTF_8);
    Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    List<String> routes = new ArrayList<>();
    ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, item) ->
        item.keySet().stream().filter(METHODS::contains)
            .forEach(method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path)));
    return routes;
  }
}
