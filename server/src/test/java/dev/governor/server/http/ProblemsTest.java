package dev.governor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How escaped exceptions are rendered, on a bare Javalin app with only the problem renderer. */
class ProblemsTest {

  Javalin app;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      new Problems(1024).install(cfg.routes);
      cfg.routes.get("/bug", ctx -> {
        throw new IllegalStateException("internal secret 42");
      });
      cfg.routes.get("/bad-argument", ctx -> {
        throw new IllegalArgumentException("an invariant of a domain type");
      });
      cfg.routes.get("/conflict", ctx -> {
        throw new HttpProblem.Conflict("already there", java.util.List.of());
      });
    }).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    http.close();
  }

  @Test
  void anUnexpectedException_isA500ProblemWithAnErrorId_notItsMessage() throws Exception {
    HttpResponse<String> response = get("/bug");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = Json.MAPPER.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(500);
    assertThat(problem.get("errorId").asString()).isNotBlank();
    assertThat(problem.get("detail").asString()).contains(problem.get("errorId").asString()).doesNotContain("internal secret 42");
  }

  @Test
  void anIllegalArgumentException_isABug_notAClientError() throws Exception {
    assertThat(get("/bad-argument").statusCode()).isEqualTo(500);
  }

  @Test
  void aMemberOfTheFamily_rendersItsOwnStatusAndType() throws Exception {
    HttpResponse<String> response = get("/conflict");

    assertThat(response.statusCode()).isEqualTo(409);
    JsonNode problem = Json.MAPPER.readTree(response.body());
    assertThat(problem.properties().stream().map(java.util.Map.Entry::getKey).toList())
        .containsExactly("type", "title", "status", "detail", "instance");
    assertThat(problem.get("type").asString()).isEqualTo("/problems/conflict");
    assertThat(problem.get("instance").asString()).isEqualTo("/conflict");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
