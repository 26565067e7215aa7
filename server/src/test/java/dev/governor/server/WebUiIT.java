package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;

/**
 * The web UI in a real browser: Debian's headless Chromium through its chromedriver, against a
 * real server on a random port with the examples applied and a day of events. Each test saves a
 * screenshot under target/screenshots for a person to look at.
 *
 * <p>Without /usr/bin/chromium and /usr/bin/chromedriver the tests are skipped on a developer
 * machine and fail under CI (CI=true), so CI cannot pass without running them.
 */
class WebUiIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path dataDir;
  @TempDir static Path profile;
  static TestServer api;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    String missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(p -> !Files.isExecutable(p))
        .map(Path::toString).reduce((a, b) -> a + " and " + b).orElse("");
    if (!missing.isEmpty()) {
      String why = "the browser tests need " + missing + " (apt-get install chromium chromium-driver)";
      if ("true".equals(System.getenv("CI"))) fail(why + "; under CI they must run, not skip");
      Assumptions.abort(why + "; skipped outside CI");
    }
    api = new TestServer(dataDir, Map.of(), Instant.now());
    for (Path file : examples()) {
      TestServer.Response r = api.post("/api/v1/slos?file=" + file.getFileName(), "application/yaml",
          Files.readString(file));
      assertThat(r.status()).as("applying %s: %s", file, r.body()).isEqualTo(200);
    }
    sendHistory();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--window-size=1440,1000", "--lang=en-GB");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (api != null) api.close();
  }

  static List<Path> examples() throws IOException {
    Path dir = Path.of(System.getProperty("governor.examples", "../examples"));
    List<Path> files = new ArrayList<>();
    for (Path d : List.of(dir, dir.resolve("demo"))) {
      try (Stream<Path> s = Files.list(d)) {
        s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    return files;
  }

  /** A day of traffic, every 10 minutes, for the Governor-fed SLIs: mostly good, some bad. */
  static void sendHistory() {
    Instant now = api.clock.instant();
    StringBuilder events = new StringBuilder();
    for (int m = 24 * 60; m >= 0; m -= 10) {
      String time = now.minus(Duration.ofMinutes(m)).toString();
      long bad = m % 180 == 0 ? 4 : 0;
      for (String sli : List.of("checkout-availability", "login-requests", "edge-requests", "stock-api-requests",
          "email-delivery", "catalog-api-requests", "payments-api-availability")) {
        events.append(String.format(Locale.ROOT, ",{\"sli\":\"%s\",\"good\":%d,\"total\":5000,\"time\":\"%s\"}",
            sli, 5000 - bad, time));
      }
      for (String sli : List.of("search-latency", "token-latency", "product-page-latency")) {
        events.append(String.format(Locale.ROOT, ",{\"sli\":\"%s\",\"value\":0.05,\"count\":990,\"time\":\"%s\"}",
            sli, time));
        events.append(String.format(Locale.ROOT, ",{\"sli\":\"%s\",\"value\":0.7,\"count\":%d,\"time\":\"%s\"}",
            sli, m % 120 == 0 ? 40 : 4, time));
      }
      if (events.length() > 200_000 || m < 10) {
        TestServer.Response r = api.events("{\"events\":[" + events.substring(1) + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        events.setLength(0);
      }
    }
  }

  @Test
  void the_overview_lists_every_slo_with_its_budget_and_polls_for_updates(TestInfo test) {
    browser.get(api.server.baseUri() + "/");

    List<String> slos = browser.findElements(By.cssSelector("table.slos a.slo-link")).stream()
        .map(e -> e.getAttribute("href").replaceAll(".*/slos/", "")).distinct().sorted().toList();
    assertThat(slos).contains("checkout-availability", "search-latency", "payments-api-availability",
        "login-availability", "email-delivery", "catalog-api-availability", "api-requests-availability");
    assertThat(browser.findElements(By.cssSelector("table.slos svg.bar"))).hasSizeGreaterThanOrEqualTo(12);
    assertThat(browser.findElement(By.id("overview")).getAttribute("hx-trigger")).isEqualTo("every 10s");
    // The Sloth SLOs read Prometheus, which is not configured: they say so.
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("no data");
    // htmx loaded under the CSP, and nothing was refused.
    assertThat(((JavascriptExecutor) browser).executeScript("return typeof htmx")).isEqualTo("object");
    assertNoCspViolations();
    screenshot(test, 1440, 1300);
  }

  @Test
  void a_click_opens_the_detail_page_whose_charts_draw(TestInfo test) {
    browser.get(api.server.baseUri() + "/");
    browser.findElement(By.cssSelector("a.slo-link[href='/slos/checkout-availability']")).click();

    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d ->
        d.findElements(By.cssSelector("figure[data-chart]")).size() == 2
            && d.findElements(By.cssSelector("figure[data-chart][data-drawn='true'] canvas")).size() == 2);
    assertThat(browser.getCurrentUrl()).endsWith("/slos/checkout-availability");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Checkout availability");
    for (WebElement canvas : browser.findElements(By.cssSelector("figure[data-chart] canvas"))) {
      assertThat(paintedPixels(canvas)).as("painted pixels of a chart").isGreaterThan(500);
    }
    // One row per alert window pair of the 28-day SLO: page 1h/5m, 6h/30m; ticket 1d/2h, 3d/6h.
    assertThat(browser.findElements(By.cssSelector("table.burn tbody tr"))).hasSize(4);
    assertThat(browser.findElement(By.cssSelector("table.burn")).getText()).contains("13.44×", "5.6×");
    assertThat(browser.findElement(By.cssSelector("pre.source")).getAttribute("textContent"))
        .contains("kind: SLO", "name: checkout-availability");
    assertNoCspViolations();
    screenshot(test, 1440, 2000);

    browser.findElement(By.linkText("7 days")).click();
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d ->
        d.findElements(By.cssSelector("figure[data-chart][data-drawn='true'] canvas")).size() == 2);
    assertThat(browser.getCurrentUrl()).endsWith("?range=7d");
  }

  @Test
  void a_grouped_slo_lists_its_instances_and_one_opens_with_its_own_charts(TestInfo test) {
    // examples/demo/storefront.yaml groups by endpoint: /search fails 5 %, the others nothing.
    Instant now = api.clock.instant();
    StringBuilder events = new StringBuilder();
    for (int m = 120; m >= 0; m -= 5) {
      for (String endpoint : List.of("/checkout", "/cart", "/search")) {
        int bad = endpoint.equals("/search") ? 50 : 0;
        events.append(String.format(Locale.ROOT, ",{\"sli\":\"storefront-api-requests\",\"good\":%d,\"total\":1000,"
            + "\"time\":\"%s\",\"labels\":{\"endpoint\":\"%s\"}}", 1000 - bad, now.minus(Duration.ofMinutes(m)), endpoint));
      }
    }
    TestServer.Response sent = api.events("{\"events\":[" + events.substring(1) + "]}");
    assertThat(sent.status()).as(sent.body()).isEqualTo(200);

    browser.get(api.server.baseUri() + "/");
    WebElement row = browser.findElement(By.cssSelector("a.slo-link[href='/slos/storefront-api-availability']"))
        .findElement(By.xpath("./ancestor::tr"));
    assertThat(row.getText()).contains("3 instances by endpoint", "endpoint=\"/search\"");
    row.findElement(By.cssSelector("a.slo-link")).click();

    List<WebElement> instances = browser.findElements(By.cssSelector("table.instances tbody tr"));
    assertThat(instances).hasSize(3);
    // Row headers are styled in capitals: read the text as written.
    assertThat(instances.getFirst().getAttribute("textContent")).as("the least budget left first").contains("/search");
    screenshot(test, 1440, 1300);
    instances.getFirst().findElement(By.cssSelector("a.instance-link")).click();

    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d ->
        d.findElements(By.cssSelector("figure[data-chart][data-drawn='true'] canvas")).size() == 2);
    assertThat(browser.getCurrentUrl()).contains("/slos/storefront-api-availability.search.");
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("endpoint=\"/search\"");
    assertThat(browser.findElement(By.id("group-link")).getAttribute("href")).endsWith("/slos/storefront-api-availability");
    for (WebElement canvas : browser.findElements(By.cssSelector("figure[data-chart] canvas"))) {
      assertThat(paintedPixels(canvas)).as("painted pixels of an instance's chart").isGreaterThan(500);
    }
    assertNoCspViolations();
  }

  @Test
  void an_adjusted_period_is_shaded_on_the_charts_and_listed(TestInfo test) {
    // Three hours ago the history holds bad events (see sendHistory); the adjustment leaves them out.
    Instant start = api.clock.instant().minus(Duration.ofMinutes(185)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    TestServer.Response applied = api.post("/api/v1/adjustments", "application/yaml", """
        apiVersion: governor.dev/v1
        kind: BudgetAdjustment
        metadata:
          name: catalog-maintenance
        spec:
          reason: Catalog database maintenance (CHG-77)
          slos: [catalog-api-availability]
          start: %s
          duration: 15m
        """.formatted(start));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    assertThat(applied.json().at("/effect/0/budgetRemainingAfter").asDouble())
        .isGreaterThan(applied.json().at("/effect/0/budgetRemainingBefore").asDouble());

    browser.get(api.server.baseUri() + "/slos/catalog-api-availability?range=6h");
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d ->
        d.findElements(By.cssSelector("figure[data-chart][data-drawn='true'] canvas")).size() == 2);
    List<WebElement> shaded = browser.findElements(By.cssSelector("figure[data-chart] .adjusted-period"));
    assertThat(shaded).as("one shaded period per chart").hasSize(2);
    for (WebElement period : shaded) {
      assertThat(period.getAttribute("title")).contains("catalog-maintenance", "Catalog database maintenance (CHG-77)");
      assertThat(period.getSize().getWidth()).as("width of the shaded period").isGreaterThan(2);
    }
    assertThat(browser.findElement(By.cssSelector("section.adjustments")).getText())
        .contains("catalog-maintenance", "Catalog database maintenance");
    assertNoCspViolations();
    screenshot(test, 1440, 1400);

    browser.get(api.server.baseUri() + "/adjustments");
    WebElement row = browser.findElement(By.cssSelector("table.adjustments tr[data-adjustment='catalog-maintenance']"));
    assertThat(row.getAttribute("textContent")).contains("catalog-api-availability", "once",
        "Catalog database maintenance (CHG-77)");
  }

  @Test
  void the_detail_page_reads_well_in_dark_mode(TestInfo test) {
    browser.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    try {
      browser.get(api.server.baseUri() + "/slos/search-latency?range=6h");
      new WebDriverWait(browser, Duration.ofSeconds(15)).until(d ->
          d.findElements(By.cssSelector("figure[data-chart][data-drawn='true'] canvas")).size() == 4);
      String background = (String) ((JavascriptExecutor) browser)
          .executeScript("return getComputedStyle(document.body).backgroundColor");
      assertThat(background).isEqualTo("rgb(11, 15, 23)");
      screenshot(test, 1440, 2600);
    } finally {
      browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
  }

  @Test
  void an_alert_appears_on_the_alerts_page_after_a_burn(TestInfo test) {
    Instant now = api.clock.instant();
    TestServer.Response r = api.events("{\"events\":[{\"sli\":\"edge-requests\",\"good\":2000,\"total\":10000,\"time\":\""
        + now + "\"}]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);

    browser.get(api.server.baseUri() + "/alerts");

    List<WebElement> firing = browser.findElements(By.cssSelector("table.alerts tr.is-firing"));
    // The burn fires the page and the ticket in the same instant; their order is not the point.
    assertThat(firing).extracting(WebElement::getText)
        .anySatisfy(row -> assertThat(row).contains("edge-availability", "· page", "firing"));
    browser.get(api.server.baseUri() + "/");
    assertThat(browser.findElement(By.cssSelector("section.firing")).getText()).contains("edge-availability");
    screenshot(test, 1440, 900);
  }

  @Test
  void what_users_wrote_is_escaped_and_an_unknown_slo_is_a_404_page(TestInfo test) {
    String yaml = """
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: escape-test
          displayName: "<img src=x onerror=alert(1)> Escapes"
        spec:
          description: "<script>document.title='owned'</script> shows as text"
          service: checkout
          indicator:
            metadata: {name: escape-test}
            spec:
              ratioMetric:
                good: {metricSource: {type: Governor}}
                total: {metricSource: {type: Governor}}
          timeWindow: [{duration: 7d, isRolling: true}]
          budgetingMethod: Occurrences
          objectives: [{targetPercent: 99}]
        """;
    assertThat(api.applyYaml(yaml).status()).isEqualTo(200);
    try {
      TestServer.Response page = api.get("/slos/escape-test");
      assertThat(page.header("Content-Security-Policy")).isEqualTo(
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
              + " base-uri 'self'; frame-ancestors 'none'");
      assertThat(page.body()).doesNotContain("<script>document").contains("&lt;script&gt;");

      browser.get(api.server.baseUri() + "/slos/escape-test");
      assertThat(browser.getTitle()).doesNotContain("owned");
      assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
      assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("<img src=x onerror=alert(1)> Escapes");
      screenshot(test, 1440, 900);
    } finally {
      api.delete("/api/v1/slos/escape-test");
    }

    browser.get(api.server.baseUri() + "/slos/no-such-slo");
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("No SLO named");
    assertThat(api.get("/slos/no-such-slo").status()).isEqualTo(404);
  }

  @Test
  void a_fresh_install_says_how_to_apply_the_first_slo(TestInfo test, @TempDir Path emptyDir) {
    try (TestServer empty = new TestServer(emptyDir)) {
      browser.get(empty.server.baseUri() + "/");
      String text = browser.findElement(By.tagName("main")).getText();
      assertThat(text).contains("No SLOs yet", "./governor slo apply examples/checkout.yaml");
      screenshot(test, 1440, 900);
      // Set on this page load: still there later means the page updated itself, no navigation.
      ((JavascriptExecutor) browser).executeScript("window.governorTestMark = 'same page'");

      TestServer.Response applied = empty.post("/api/v1/slos?file=checkout.yaml", "application/yaml",
          Files.readString(Path.of(System.getProperty("governor.examples", "../examples"), "checkout.yaml")));
      assertThat(applied.status()).as(applied.body()).isEqualTo(200);
      // htmx swaps the section every 10 s: an element read while it is replaced is stale; read again.
      WebDriverWait poll = new WebDriverWait(browser, Duration.ofSeconds(30));
      poll.ignoring(StaleElementReferenceException.class);
      poll.until(b -> !b.findElements(By.cssSelector("table.slos a[href='/slos/checkout-availability']")).isEmpty());
      assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("No SLOs yet");
      assertThat(stat("no data")).isEqualTo("1");

      String time = empty.clock.instant().minus(Duration.ofMinutes(2)).toString();
      TestServer.Response sent = empty.events("{\"events\":[{\"sli\":\"checkout-availability\","
          + "\"good\":990,\"total\":1000,\"time\":\"" + time + "\"}]}");
      assertThat(sent.status()).as(sent.body()).isEqualTo(200);
      poll.until(b -> stat("no data").equals("0"));
      assertThat(browser.findElement(By.cssSelector("table.slos tbody tr td:nth-child(4)")).getText())
          .isEqualTo("99.000%");
      assertThat(((JavascriptExecutor) browser).executeScript("return window.governorTestMark"))
          .isEqualTo("same page");
      screenshot("a_fresh_install_fills_in_without_navigation", 1440, 900);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The number of the overview's summary stat labelled {@code label}. */
  private static String stat(String label) {
    return browser.findElements(By.cssSelector("ul.stats li")).stream()
        .filter(li -> li.findElement(By.className("stat-label")).getText().equals(label))
        .map(li -> li.findElement(By.className("stat-num")).getText()).findFirst().orElse("");
  }

  @Test
  void the_dora_page_shows_the_recorded_deployments_frequency_and_change_fail_rate(TestInfo test,
      @TempDir Path emptyDir) {
    // Five production deployments of checkout over the last ten days: one rolled back, one marked
    // failed after it went live. 5 in 30 days is 1.2 a week; 2 failed of 5 is a 40 % fail rate.
    Instant now = api.clock.instant();
    for (int i = 1; i <= 5; i++) {
      Instant started = now.minus(Duration.ofDays(12 - 2L * i));
      TestServer.Response r = api.post("/api/v1/deployments", "application/json", String.format(Locale.ROOT, """
          {"id":"ui-checkout-%d","service":"checkout","environment":"production","version":"2.%d.0",
           "commit":"abcdef%d","outcome":"%s","startedAt":"%s","finishedAt":"%s",
           "changes":[{"commit":"abcdef%d","committedAt":"%s"}]}
          """, i, i, i, i == 2 ? "rolled_back" : "succeeded", started, started.plus(Duration.ofMinutes(10)), i,
          started.minus(Duration.ofHours(3))));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    TestServer.Response marked = api.post("/api/v1/deployments/ui-checkout-4/outcome", "application/json",
        "{\"outcome\":\"succeeded\",\"failedAfterSuccess\":true}");
    assertThat(marked.status()).as(marked.body()).isEqualTo(200);

    browser.get(api.server.baseUri() + "/dora?service=checkout");

    WebElement frequency = browser.findElement(By.cssSelector("[data-metric='deployment-frequency']"));
    assertThat(frequency.findElement(By.cssSelector(".dora-value")).getText()).isEqualTo("1.2 / week");
    assertThat(frequency.getText()).contains("5 production deployments", "p50", "2d");
    WebElement failRate = browser.findElement(By.cssSelector("[data-metric='change-fail-rate']"));
    assertThat(failRate.findElement(By.cssSelector(".dora-value")).getText()).isEqualTo("40 %");
    assertThat(failRate.getText()).contains("2 failed of 5 deployments", "LOW");
    WebElement leadTime = browser.findElement(By.cssSelector("[data-metric='change-lead-time']"));
    assertThat(leadTime.findElement(By.cssSelector(".dora-value")).getText()).isEqualTo("3h 10m");
    assertThat(browser.findElement(By.cssSelector("a[href='/dora']")).getAttribute("aria-current")).isEqualTo("page");
    assertNoCspViolations();
    screenshot(test, 1440, 900);

    // The period picker narrows it: in the last 7 days there were three.
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("period"))).selectByValue("7d");
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("period=7d"));
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.findElement(
        By.cssSelector("[data-metric='deployment-frequency']")).getText().contains("3 production deployments"));
    assertNoCspViolations();

    try (TestServer empty = new TestServer(emptyDir)) {
      browser.get(empty.server.baseUri() + "/dora");
      assertThat(browser.findElement(By.tagName("main")).getText())
          .contains("No deployments recorded yet", "./governor deploy record --service checkout",
              "curl -X POST " + empty.server.baseUri() + "/api/v1/deployments \\");
      screenshot("the_dora_page_when_nothing_is_recorded", 1440, 900);
    }
  }

  @Test
  void the_slo_page_shows_deploy_markers_and_the_budget_each_deployment_burned(TestInfo test) {
    // Two deployments of identity (login-availability's service) within the default day on the charts.
    Instant now = api.clock.instant();
    for (int i = 0; i < 2; i++) {
      Instant started = now.minus(Duration.ofMinutes(180 - 90L * i));
      TestServer.Response r = api.post("/api/v1/deployments", "application/json", String.format(Locale.ROOT, """
          {"id":"ui-identity-%d","service":"identity","environment":"production","version":"3.1.%d",
           "commit":"abcdef%d","startedAt":"%s"}""", i, i, i, started));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    browser.get(api.server.baseUri() + "/slos/login-availability");

    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d ->
        d.findElements(By.cssSelector("figure[data-chart][data-drawn='true'] .deploy-marker[data-version='3.1.1']")).size() == 2
            && d.findElements(By.cssSelector("table.attribution-table tbody tr")).size() == 2);
    WebElement marker = browser.findElement(By.cssSelector("figure[data-chart='sli'] .deploy-marker[data-version='3.1.0']"));
    assertThat(marker.getAttribute("title")).contains("Deploy 3.1.0", "ui-identity-0");
    assertThat(marker.isDisplayed()).isTrue();
    WebElement row = browser.findElement(By.cssSelector("table.attribution-table tr[data-deployment='ui-identity-1']"));
    assertThat(row.getText()).contains("3.1.1", "events", "%", "×");
    assertThat(browser.findElement(By.cssSelector("table.attribution-table")).isDisplayed()).isTrue();
    assertNoCspViolations();
    screenshot(test, 1440, 2200);
  }

  @Test
  void the_incident_pages_list_an_incident_and_show_its_alerts_and_timeline(TestInfo test) {
    dev.governor.incident.Signal signal = new dev.governor.incident.Signal(
        dev.governor.incident.SignalSource.ALERTMANAGER, "prod-am", dev.governor.incident.SignalAction.TRIGGER,
        java.util.Optional.of("ui-incident-1"), "Checkout answers 5xx", dev.governor.incident.AlertSeverity.CRITICAL,
        Map.of("service", "checkout", "alertname", "CheckoutErrors", "slo", "checkout-availability"), Map.of(),
        List.of(), api.clock.instant());
    long id = api.server.incidents().accept(List.of(signal)).getFirst().incident().orElseThrow().number();
    assertThat(api.post("/api/v1/incidents/" + id + "/notes", "application/json",
        "{\"by\": \"alice\", \"text\": \"looking at the 5xx\"}").status()).isEqualTo(201);
    browser.manage().logs().get(LogType.BROWSER);

    browser.get(api.server.baseUri() + "/incidents");

    WebElement row = browser.findElement(By.cssSelector("table.incidents tr[data-incident='" + id + "']"));
    assertThat(row.getText()).contains("Checkout answers 5xx", "checkout", "triggered", "CRITICAL");
    assertThat(browser.findElement(By.id("incidents")).getAttribute("hx-trigger")).isEqualTo("every 10s");
    assertNoConsoleErrors();
    screenshot(test, 1440, 900);

    row.findElement(By.cssSelector("a.incident-link")).click();
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().endsWith("/incidents/" + id));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Checkout answers 5xx");
    assertThat(browser.findElement(By.cssSelector("table.incident-alerts")).getText()).contains("prod-am", "ui-incident-1");
    assertThat(browser.findElement(By.cssSelector("ol.timeline")).getText()).contains("alice", "looking at the 5xx");
    assertThat(browser.findElement(By.cssSelector("a.slo-ref")).getAttribute("href")).endsWith("/slos/checkout-availability");
    assertThat(browser.findElement(By.cssSelector("section.respond")).getText())
        .as("an open server acts as anonymous, who may do everything").contains("Acknowledge", "Resolve", "Add note");
    assertNoConsoleErrors();
    screenshot("the_incident_detail_page", 1440, 1100);

    browser.get(api.server.baseUri() + "/incidents/424242");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("No incident #424242");
  }

  @Test
  void the_oncall_page_shows_who_is_on_call_and_the_escalation_policies(TestInfo test) throws IOException {
    Path team = Path.of(System.getProperty("governor.examples", "../examples"), "oncall");
    try (Stream<Path> files = Files.list(team)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        TestServer.Response r = api.post("/api/v1/oncall?file=" + f.getFileName(), "application/yaml",
            Files.readString(f));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
      }
    }
    browser.manage().logs().get(LogType.BROWSER);

    browser.get(api.server.baseUri() + "/oncall");

    WebElement primary = browser.findElement(By.cssSelector("[data-schedule='primary']"));
    assertThat(primary.findElements(By.cssSelector("svg.shiftbar rect.shift"))).hasSizeGreaterThan(1);
    assertThat(primary.findElements(By.cssSelector("ol.shifts li"))).hasSizeGreaterThan(1);
    // The schedule starts on 5 January 2026, so someone is on call on any day after it.
    assertThat(primary.findElement(By.cssSelector(".oncall-now")).getText()).startsWith("On call now:");
    assertThat(browser.findElement(By.cssSelector("[data-policy='shop-team']")).getText())
        .contains("Level 1", "whoever is on call in primary", "Level 2", "Carol");
    assertThat(browser.findElement(By.cssSelector("a[href='/oncall']")).getAttribute("aria-current")).isEqualTo("page");
    assertNoConsoleErrors();
    screenshot(test, 1440, 1300);
  }

  @Test
  void the_capacity_page_draws_history_forecast_band_limit_and_crossing(TestInfo test, @TempDir Path capacityDir) {
    try (TestServer capacity = new TestServer(capacityDir)) {
      assertThat(capacity.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
      CapacityApiTest.history(capacity);
      assertThat(capacity.post("/api/v1/capacity/signals", "application/yaml",
          CapacityApiTest.SIGNAL.formatted(1200, "30d")).status()).isEqualTo(200);
      capacity.server.capacity().refresh();
      browser.manage().logs().get(LogType.BROWSER);

      browser.get(capacity.server.baseUri() + "/capacity");

      new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
          d.findElements(By.cssSelector("figure[data-chart='capacity'][data-drawn='true'] canvas")).size() == 1);
      WebElement section = browser.findElement(By.cssSelector("[data-signal='checkout-traffic']"));
      assertThat(section.findElement(By.cssSelector(".badge")).getText()).isEqualToIgnoringCase("ticket: crosses soon");
      assertThat(section.findElement(By.cssSelector(".crossing")).getText()).startsWith("2026-03-");
      assertThat(section.findElement(By.cssSelector(".backtest")).getText()).contains("MAPE", "held-out week");
      assertThat(paintedPixels(section.findElement(By.cssSelector("canvas")))).isGreaterThan(2_000);
      // The crossing is marked on the chart, and the legend names the band and the limit.
      assertThat(section.findElements(By.cssSelector(".deploy-marker"))).hasSize(1);
      assertThat(section.getText()).contains("History", "Forecast", "95% band", "Limit");
      assertThat(browser.findElement(By.cssSelector("a[href='/capacity']")).getAttribute("aria-current")).isEqualTo("page");
      assertNoConsoleErrors();
      screenshot(test, 1440, 900);
    }
  }

  @Test
  void the_probes_page_lists_each_probe_and_charts_its_runs_with_failures_and_a_gap(TestInfo test,
      @TempDir Path probesDir) {
    try (TestServer probes = new TestServer(probesDir, java.util.Map.of("probes.enabled", "false"))) {
      assertThat(probes.post("/api/v1/probes", "application/yaml", ProbeApiTest.PROBE).status()).isEqualTo(200);
      List<dev.governor.probe.ProbeResult> runs = new java.util.ArrayList<>();
      java.time.Instant start = TestServer.NOW.minus(Duration.ofHours(1));
      for (int i = 0; i < 200; i++) {
        if (i >= 80 && i < 120) continue; // the server was down: ten minutes without runs
        var outcome = i % 37 == 5 ? dev.governor.probe.ProbeOutcome.DOWN : dev.governor.probe.ProbeOutcome.UP;
        runs.add(new dev.governor.probe.ProbeResult("shop-home", start.plusSeconds(15L * i),
            Duration.ofMillis(outcome == dev.governor.probe.ProbeOutcome.DOWN ? 3_000 : 80 + i % 40), outcome,
            outcome == dev.governor.probe.ProbeOutcome.DOWN ? "timed out after 3s" : ""));
      }
      probes.server.database().probeResults().record(runs);
      browser.manage().logs().get(LogType.BROWSER);

      browser.get(probes.server.baseUri() + "/probes");
      WebElement row = browser.findElement(By.cssSelector("tr[data-probe='shop-home']"));
      assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualToIgnoringCase("up");
      assertThat(row.getText()).contains("HTTP https://shop.example.com/", "every 15s");
      assertThat(browser.findElement(By.cssSelector("a[href='/probes']")).getAttribute("aria-current")).isEqualTo("page");

      row.findElement(By.cssSelector("a[href='/probes/shop-home']")).click();
      new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
          d.findElements(By.cssSelector("figure[data-chart='probe'][data-drawn='true'] canvas")).size() == 1);
      assertThat(paintedPixels(browser.findElement(By.cssSelector("figure[data-chart='probe'] canvas")))).isGreaterThan(1_000);
      assertThat(browser.findElement(By.tagName("main")).getText()).contains("Authorization: ***", "timed out after 3s")
          .doesNotContain("literal-secret-value");
      Object gap = ((JavascriptExecutor) browser).executeScript(
          "return document.querySelector('figure[data-chart=probe]').getAttribute('data-interval-s');");
      assertThat(gap).isEqualTo("15");
      assertNoConsoleErrors();
      screenshot(test, 1440, 900);
    }
  }

  @Test
  void the_public_status_page_shows_a_major_outage_an_update_and_its_bars_without_anything_internal(TestInfo test,
      @TempDir Path statusDir) {
    try (TestServer status = new TestServer(statusDir, java.util.Map.of("probes.enabled", "false"))) {
      assertThat(status.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);
      assertThat(status.post("/api/v1/probes", "application/yaml", ProbeApiTest.PROBE).status()).isEqualTo(200);
      assertThat(status.post("/api/v1/status/page", "application/yaml", StatusPageApiTest.PAGE).status()).isEqualTo(200);
      List<dev.governor.probe.ProbeResult> runs = new java.util.ArrayList<>();
      for (int d = 40; d >= 0; d--) {
        if (d == 12) continue;
        runs.add(new dev.governor.probe.ProbeResult("shop-home", TestServer.NOW.minus(Duration.ofDays(d)).minusSeconds(20),
            Duration.ofMillis(90), d == 0 || d == 20 ? dev.governor.probe.ProbeOutcome.DOWN : dev.governor.probe.ProbeOutcome.UP,
            d == 0 ? "HTTP 503 from shop-backend-7" : ""));
      }
      status.server.database().probeResults().record(runs);
      var signal = new dev.governor.incident.Signal(dev.governor.incident.SignalSource.PAGERDUTY, "test",
          dev.governor.incident.SignalAction.TRIGGER, java.util.Optional.of("shop-down"),
          "shop-backend-7 OOMKilled in k8s-prod-eu", dev.governor.incident.AlertSeverity.CRITICAL,
          java.util.Map.of("service", "shop", "team", "web-platform"), java.util.Map.of(), List.of(), TestServer.NOW);
      status.server.incidents().accept(List.of(signal));
      long incident = status.get("/api/v1/incidents").json().at("/incidents/0/id").asLong();
      assertThat(status.post("/api/v1/incidents/" + incident + "/status-updates", "application/json", """
          {"status": "identified", "title": "Shop pages do not load", "message": "We found the cause and are rolling out a fix.",
           "components": ["shop"], "impact": "major_outage"}""").status()).isEqualTo(201);
      status.server.statusPage().refresh();
      browser.manage().logs().get(LogType.BROWSER);

      browser.get(status.server.baseUri() + "/status");

      assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Example Shop status");
      assertThat(browser.findElement(By.cssSelector(".overall h2")).getText()).isEqualTo("Major outage");
      WebElement shop = browser.findElement(By.cssSelector("[data-component='shop']"));
      assertThat(shop.findElement(By.cssSelector(".state")).getText()).isEqualTo("Major outage");
      WebElement update = browser.findElement(By.cssSelector(".incidents .incident"));
      assertThat(update.getText()).contains("Shop pages do not load", "Identified",
          "We found the cause and are rolling out a fix.", "Affects Shop front");
      // The bars draw: 90 a component, each with its size and colour, a failed day red, a missing day grey.
      List<WebElement> bars = shop.findElements(By.cssSelector(".bars .bar"));
      assertThat(bars).hasSize(90);
      assertThat(bars.getLast().getSize().getHeight()).isGreaterThan(20);
      assertThat(bars.getLast().getSize().getWidth()).isGreaterThan(1);
      assertThat(bars.getLast().getCssValue("background-color")).isNotEqualTo(bars.get(60).getCssValue("background-color"));
      assertThat(shop.findElement(By.cssSelector(".bar[title='2026-02-18: no data']")).getCssValue("background-color"))
          .isNotEqualTo(bars.get(60).getCssValue("background-color"));
      String html = browser.getPageSource();
      assertThat(html).doesNotContain("shop-home", "checkout-availability", "shop.example.com", "shop-backend-7",
          "OOMKilled", "k8s-prod-eu", "web-platform", "HTTP 503");
      assertThat(browser.findElements(By.cssSelector("h2"))).extracting(WebElement::getText)
          .contains("Active incidents", "Components");
      assertNoConsoleErrors();
      screenshot(test, 1280, 1000);
    }
  }

  /** Anything the console calls an error: a CSP refusal, a script error, a failed request. */
  private static void assertNoConsoleErrors() {
    List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()
            || e.getMessage().contains("Content Security Policy") || e.getMessage().contains("Refused to"))
        .map(LogEntry::getMessage)
        .toList();
    assertThat(errors).as("browser console").isEmpty();
  }

  private static long paintedPixels(WebElement canvas) {
    Object n = ((JavascriptExecutor) browser).executeScript("""
        const c = arguments[0];
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) painted++;
        return painted;""", canvas);
    return ((Number) n).longValue();
  }

  private static void assertNoCspViolations() {
    List<String> refused = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
        .toList();
    assertThat(refused).as("browser console").isEmpty();
  }

  private static void screenshot(TestInfo test, int width, int height) {
    screenshot(test.getTestMethod().orElseThrow().getName(), width, height);
  }

  private static void screenshot(String test, int width, int height) {
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    try {
      Path dir = Path.of(System.getProperty("governor.screenshots", "target/screenshots"));
      Files.createDirectories(dir);
      String name = test + ".png";
      Files.write(dir.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));
    }
  }
}
