package dev.governor.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A small client for Governor's HTTP API. Every answer the server gives, 4xx included, comes back as
 * an {@link ApiResponse}: a refusal is the command's answer, not an exception. Only the absence of an
 * answer (connection refused, timeout) throws, as a {@link CliFailure}.
 */
final class ApiClient {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final Optional<String> token;
  private final HttpClient http;

  ApiClient(URI base, Optional<String> token) {
    this.base = base;
    this.token = token.filter(t -> !t.isBlank());
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  URI base() {
    return base;
  }

  ApiResponse get(String path) {
    return send(request(path).GET());
  }

  /**
   * A GET whose success is text, not JSON (a Markdown postmortem): a 2xx body comes back whole as a
   * string node; a refusal is still parsed as the problem JSON it is.
   */
  ApiResponse getText(String path, String accept) {
    return send(request(path).setHeader("Accept", accept + ", application/problem+json").GET(), true);
  }

  ApiResponse delete(String path) {
    return send(request(path).DELETE());
  }

  ApiResponse post(String path, String contentType, String body) {
    return send(request(path)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Java's HttpClient has no PATCH shortcut; the method is sent as it is. */
  ApiResponse patch(String path, String contentType, String body) {
    return send(request(path)
        .header("Content-Type", contentType)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  ApiResponse put(String path, String contentType, String body) {
    return send(request(path)
        .header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String path) {
    // Appended, not resolved, so a base with a path prefix (behind a proxy) keeps it.
    String prefix = base.toString().replaceAll("/+$", "");
    URI uri = URI.create(prefix + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json, application/problem+json");
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private ApiResponse send(HttpRequest.Builder builder) {
    return send(builder, false);
  }

  private ApiResponse send(HttpRequest.Builder builder, boolean textOnSuccess) {
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw unreachable(request, "connection refused");
    } catch (HttpTimeoutException e) {
      throw unreachable(request, "no answer in time");
    } catch (IOException e) {
      throw unreachable(request, String.valueOf(e.getMessage() != null ? e.getMessage() : e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while waiting for " + request.uri(), e);
    }
    int status = response.statusCode();
    if (textOnSuccess && status >= 200 && status < 300) {
      return new ApiResponse(status, JsonNodeFactory.instance.stringNode(response.body()));
    }
    return new ApiResponse(status, parse(response.body()));
  }

  private CliFailure unreachable(HttpRequest request, String why) {
    return new CliFailure("cannot reach Governor at " + base + " (" + request.method() + " "
        + request.uri().getPath() + ": " + why + "). Is it running? "
        + "Point --server or GOVERNOR_SERVER at it; `governor serve` or `governor demo` starts one.");
  }

  /** Non-JSON bodies (a proxy's HTML error page) are kept as text so the user sees them. */
  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JsonNodeFactory.instance.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      return JsonNodeFactory.instance.stringNode(body);
    }
  }
}
