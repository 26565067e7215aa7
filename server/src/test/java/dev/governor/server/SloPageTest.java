package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SLO detail page as HTML; WebUiIT covers what a browser makes of it. */
class SloPageTest {

  @TempDir Path dataDir;
  TestServer api;

  @BeforeEach
  void start() {
    api = new TestServer(dataDir);
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
    // A 99.9 % objective over 28 days with a million good events behind it: a budget of 1,000.
    send(Duration.ofDays(27), 1_000_000, 1_000_000);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** It once said "runs out in 252 days" of a 28-day window, which the window forgets long before. */
  @Test
  void aBudgetThatOutlastsTheWindow_isNotExhaustedWithinTheWindow() {
    send(Duration.ofMinutes(10), 9_999, 10_000); // 0.1x: the rest of the budget lasts ~250 days

    String page = api.get("/slos/checkout-availability").body();

    assertThat(page).contains("Not exhausted within the window at the current burn rate.")
        .doesNotContain("budget runs out");
  }

  @Test
  void aBudgetThatRunsOutWithinTheWindow_saysWhen() {
    send(Duration.ofMinutes(10), 9_980, 10_000); // 2x: the rest of the budget lasts ~13 days

    String page = api.get("/slos/checkout-availability").body();

    assertThat(page).contains("budget runs out").doesNotContain("Not exhausted within the window");
  }

  private void send(Duration ago, long good, long total) {
    TestServer.Response r = api.events("{\"events\":[{\"sli\":\"checkout-requests\",\"good\":" + good
        + ",\"total\":" + total + ",\"time\":\"" + api.clock.instant().minus(ago) + "\"}]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }
}
