package dev.governor.server.notify;

import dev.governor.basics.OnFirstUse;
import dev.governor.notify.Channel;
import dev.governor.notify.Notification;
import dev.governor.server.http.HmacSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts webhook and Slack notifications. A 2xx acknowledges; anything else (a refused connection,
 * a timeout, any other status) is a failed attempt that the dispatcher retries.
 *
 * <p>A webhook carries the idempotency key in the {@code Idempotency-Key} header and in the body,
 * and is signed when its channel has a secret. A Slack incoming webhook has no way to recognise a
 * repeat: when Slack took a message but its answer was lost, the retry posts it a second time.
 * That is the price of at least once; the key is not shown, because Slack would show it to people.
 */
final class HttpSender implements AutoCloseable {

  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  static final String EVENT_HEADER = "X-Governor-Event";

  /** How much of a refusing answer's body goes into the error: enough for Slack's "invalid_token". */
  private static final int ERROR_BODY_BYTES = 200;

  /** Built on the first notification: a server without webhooks keeps no client thread awake. */
  private final OnFirstUse<HttpClient> http;
  private final Duration connectTimeout;
  private final Duration timeout;
  /** The leader's term when this server leads a cluster, sent with every webhook as its fencing token. */
  private final java.util.OptionalLong term;

  HttpSender(Duration connectTimeout, Duration timeout) {
    this(connectTimeout, timeout, java.util.OptionalLong.empty());
  }

  HttpSender(Duration connectTimeout, Duration timeout, java.util.OptionalLong term) {
    this.term = term;
    this.connectTimeout = connectTimeout;
    this.timeout = timeout;
    // HTTP/1.1: the client's default, HTTP/2, tries an h2c upgrade on plain http://, which some
    // receivers mishandle on a POST; webhooks gain nothing from HTTP/2.
    this.http = new OnFirstUse<>(() -> HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build());
  }

  Attempt webhook(Channel.Webhook channel, Notification n) {
    String body = MessageRendering.webhookJson(n);
    HttpRequest.Builder request = post(channel.url(), body)
        .header(IDEMPOTENCY_HEADER, n.key().value())
        .header(EVENT_HEADER, n.message().event());
    term.ifPresent(t -> request.header(dev.governor.server.Fencing.HEADER, Long.toString(t)));
    channel.secret().ifPresent(secret -> request.header(HmacSignature.HEADER, HmacSignature.sha256(secret, body)));
    return send(request.build(), channel);
  }

  Attempt slack(Channel.Slack channel, Notification n) {
    return send(post(channel.url(), MessageRendering.slackJson(n)).build(), channel);
  }

  private HttpRequest.Builder post(URI url, String body) {
    return HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "Governor")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  private Attempt send(HttpRequest request, Channel channel) {
    try {
      HttpResponse<InputStream> response = http.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        int status = response.statusCode();
        if (status / 100 == 2) return new Attempt.Acknowledged("HTTP " + status);
        String said = new String(body.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8).strip()
            .replaceAll("\\s+", " ");
        // 5xx and 429 say the target as a whole cannot take anything now; a 4xx is about this one
        // request (Slack answers 404 for one deleted webhook while the others work).
        boolean targetDown = status >= 500 || status == 429;
        return new Attempt.Failed(scrub("HTTP " + status + (said.isEmpty() ? "" : ": " + said), channel), targetDown);
      }
    } catch (HttpConnectTimeoutException e) {
      return new Attempt.Failed("could not connect within " + connectTimeout.toMillis() + " ms", true);
    } catch (HttpTimeoutException e) {
      return new Attempt.Failed("no answer within " + timeout.toMillis() + " ms", true);
    } catch (ConnectException e) {
      return new Attempt.Failed("could not connect" + (e.getMessage() == null ? "" : ": " + e.getMessage()), true);
    } catch (IOException e) {
      return new Attempt.Failed(scrub(e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), channel), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt.Failed("interrupted: Governor is stopping", false);
    }
  }

  /** The error without the channel's URL, whose path is a Slack webhook's secret. */
  private static String scrub(String error, Channel channel) {
    URI url = switch (channel) {
      case Channel.Webhook w -> w.url();
      case Channel.Slack s -> s.url();
      case Channel.Email e -> null;
    };
    if (url == null) return error;
    String scrubbed = error.replace(url.toString(), channel.describe());
    String path = url.getRawPath();
    return path == null || path.length() < 2 ? scrubbed : scrubbed.replace(path, "/…");
  }

  @Override
  public void close() {
    if (http.built()) http.get().close();
  }
}
