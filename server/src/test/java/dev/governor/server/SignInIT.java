package dev.governor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.nimbusds.jose.JOSEObjectType;
import dev.governor.incident.AlertSeverity;
import dev.governor.incident.Signal;
import dev.governor.incident.SignalAction;
import dev.governor.incident.SignalSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * People in a real browser (headless Chromium) against a server with sign-in on: single sign-on
 * through a real OpenID Connect provider running in this JVM (mock-oauth2-server), a local
 * password, a viewer who sees no buttons and is refused by the route, CSRF, an expired session,
 * the SLO editor and a one-click acknowledge link.
 */
class SignInIT {

  static final String PASSWORD = "correct horse battery staple";
  /**
   * The provider's tokens live 30 days: one test moves the server's clock 13 hours ahead to expire a
   * session, and a token must still be valid for the server after that, whichever test runs first.
   */
  static final long TOKEN_LIFETIME = Duration.ofDays(30).toSeconds();

  @TempDir static Path dataDir;
  @TempDir static Path profile;
  static MockOAuth2Server provider;
  static TestServer api;
  static ChromeDriver browser;
  static String admin;

  @BeforeAll
  static void start() throws IOException {
    String missing = Stream.of(WebUiIT.CHROMIUM, WebUiIT.CHROMEDRIVER).filter(p -> !Files.isExecutable(p))
        .map(Path::toString).reduce((a, b) -> a + " and " + b).orElse("");
    if (!missing.isEmpty()) {
      String why = "the browser tests need " + missing + " (apt-get install chromium chromium-driver)";
      if ("true".equals(System.getenv("CI"))) fail(why + "; under CI they must run, not skip");
      Assumptions.abort(why + "; skipped outside CI");
    }
    provider = new MockOAuth2Server();
    provider.start();
    api = new TestServer(dataDir, Map.of("auth.oidc.issuer", provider.issuerUrl("default").toString(),
        "auth.oidc.clientId", "governor", "auth.oidc.clientSecret", "s3cret", "auth.oidc.adminGroups", "sre-leads",
        "auth.tokens", "bootstrap-token"), Instant.now());
    // Single sign-on turns sign-in on from the start: the first admin token comes from a legacy one.
    admin = api.withToken("bootstrap-token").post("/api/v1/tokens", "application/json",
        "{\"name\": \"root\", \"role\": \"admin\"}").json().path("token").asString();
    api.withToken(admin);
    assertThat(api.post("/api/v1/accounts", "application/json", "{\"name\": \"victor\", \"displayName\": \"Victor Viewer\","
        + " \"role\": \"viewer\", \"password\": \"" + PASSWORD + "\"}").status()).isEqualTo(201);
    assertThat(api.post("/api/v1/accounts", "application/json", "{\"name\": \"paula\", \"displayName\": \"Paula Password\","
        + " \"role\": \"editor\", \"password\": \"" + PASSWORD + "\"}").status()).isEqualTo(201);
    assertThat(api.post("/api/v1/teams", "application/yaml", """
        apiVersion: governor.dev/v1
        kind: Team
        metadata: {name: payments}
        spec:
          services: [checkout]
          groups:
            - {name: payments-oncall, role: responder}
        """).status()).isEqualTo(200);
    assertThat(api.applyYaml(TestServer.resource("checkout.yaml")).status()).isEqualTo(200);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(WebUiIT.CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
        "--window-size=1280,1000", "--lang=en-GB");
    browser = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(WebUiIT.CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.quit();
    if (api != null) api.close();
    if (provider != null) provider.shutdown();
  }

  @BeforeEach
  void signedOut() {
    browser.manage().deleteAllCookies();
  }

  /** An incident on {@code service}: each test its own service, since alerts of one service group into one incident. */
  private static long incident(String key, String title, String service) {
    Signal signal = new Signal(SignalSource.ALERTMANAGER, "prod-am", SignalAction.TRIGGER, Optional.of(key), title,
        AlertSeverity.CRITICAL, Map.of("service", service, "alertname", "Errors"), Map.of(), List.of(),
        api.clock.instant());
    return api.server.incidents().accept(List.of(signal)).getFirst().incident().orElseThrow().number();
  }

  /** Waits up to 15 s; a timeout says where the browser was and what it showed. */
  private static WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    // An action reloads the page: an element found just before the reload goes stale, so look again.
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.withMessage(() -> "at " + browser.getCurrentUrl() + ": "
        + browser.findElement(By.tagName("body")).getText().replace('\n', ' '));
    return wait;
  }

  private static void signInWithPassword(String user) {
    browser.get(api.server.baseUri() + "/login");
    browser.findElement(By.name("username")).sendKeys(user);
    browser.findElement(By.name("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("form.signin-form button[type=submit]")).click();
    waiting().until(d -> !d.getCurrentUrl().contains("/login"));
  }

  @Test
  void aResponder_signsInThroughTheProvider_acknowledgesFromTheIncidentPage_andIsNamedOnTheTimeline() {
    long id = incident("sso-1", "Checkout answers 5xx", "checkout");
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "sub-olga", JOSEObjectType.JWT.getType(),
        List.of("governor"), Map.of("preferred_username", "olga", "name", "Olga Oncall", "email", "olga@example.com",
            "groups", List.of("payments-oncall")), TOKEN_LIFETIME));

    browser.get(api.server.baseUri() + "/incidents/" + id);
    waiting().until(d -> d.getCurrentUrl().contains("/login"));
    browser.findElement(By.id("sso")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/incidents/" + id));
    assertThat(browser.findElement(By.id("whoami")).getText()).isEqualTo("Olga Oncall");

    browser.findElement(By.id("acknowledge")).click();
    waiting().until(d -> d.findElement(By.cssSelector("ol.timeline")).getText().contains("acknowledged"));
    assertThat(browser.findElement(By.cssSelector("ol.timeline")).getText()).contains("olga");
    assertThat(api.get("/api/v1/incidents/" + id).json().path("acknowledgedBy").asString()).isEqualTo("olga");
    assertThat(api.get("/api/v1/audit/actions?actor=olga").json().path("actions").toString())
        .contains("incident.acknowledge").contains("session.sign-in");
  }

  @Test
  void anEditor_signsInWithAPassword_andEditsAnSloInTheBrowser_withAPreviewFirst() {
    signInWithPassword("paula");
    browser.get(api.server.baseUri() + "/slos/checkout-availability/edit");
    WebElement text = browser.findElement(By.id("slo-yaml"));
    assertThat(browser.findElement(By.id("apply")).isEnabled()).isFalse();
    String source = text.getAttribute("value");
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
        text, source.replace("displayName: Checkout availability", "displayName: Checkout availability (edited)"));
    browser.findElement(By.id("preview")).click();
    waiting().until(d -> !d.findElement(By.id("diff")).getText().isEmpty());
    assertThat(browser.findElement(By.id("diff")).getText()).contains("+ ").contains("(edited)");
    browser.findElement(By.id("apply")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/slos/checkout-availability"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("(edited)");

    browser.get(api.server.baseUri() + "/slos/checkout-availability/edit");
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = 'apiVersion: openslo/v1\\nkind: SLO\\nmetadata: {name: x}\\n';",
        browser.findElement(By.id("slo-yaml")));
    browser.findElement(By.id("preview")).click();
    waiting().until(d -> !d.findElement(By.cssSelector(".editor-errors")).getText().isEmpty());
    assertThat(browser.findElement(By.id("apply")).isEnabled()).isFalse();
  }

  @Test
  void aViewer_seesNoActionButtons_andTheRouteRefusesThemAndAWriteWithoutCsrf() {
    long id = incident("viewer-1", "Cart is slow", "cart");
    signInWithPassword("victor");
    browser.get(api.server.baseUri() + "/incidents/" + id);
    assertThat(browser.findElements(By.id("acknowledge"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("section.respond"))).isEmpty();

    Object withToken = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/incidents/' + arguments[0] + '/acknowledge', {method: 'POST', headers: {'Content-Type':
          'application/json', 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content}, body: '{}'})
          .then(r => done(r.status));""", id);
    assertThat(((Number) withToken).intValue()).as("a viewer, with a valid CSRF token").isEqualTo(403);
    assertThat(api.get("/api/v1/incidents/" + id).json().path("state").asString()).isEqualTo("triggered");
  }

  @Test
  void aWriteWithoutTheCsrfToken_isRefused_evenForAnAdmin() {
    long id = incident("csrf-1", "Search queue backs up", "search");
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "sub-ada", JOSEObjectType.JWT.getType(),
        List.of("governor"), Map.of("preferred_username", "ada", "name", "Ada Admin", "groups", List.of("sre-leads")), TOKEN_LIFETIME));
    browser.get(api.server.baseUri() + "/login");
    browser.findElement(By.id("sso")).click();
    waiting().until(d -> !d.getCurrentUrl().contains("/login") && !d.getCurrentUrl().contains("/auth/"));
    Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/incidents/' + arguments[0] + '/acknowledge', {method: 'POST',
          headers: {'Content-Type': 'application/json'}, body: '{}'}).then(r => done(r.status));""", id);
    assertThat(((Number) status).intValue()).isEqualTo(403);
    assertThat(api.get("/api/v1/incidents/" + id).json().path("state").asString()).isEqualTo("triggered");

    // An admin by sign-on group makes a token in the browser, as a server with only single sign-on needs.
    browser.get(api.server.baseUri() + "/account");
    browser.findElement(By.name("name")).sendKeys("from-the-browser");
    browser.findElement(By.id("create-token")).click();
    waiting().until(d -> d.findElement(By.id("new-token")).getText().startsWith("gov_"));
    String token = browser.findElement(By.id("new-token")).getText();
    assertThat(api.withToken(token).get("/api/v1/me").json().path("actor").asString()).isEqualTo("token:from-the-browser");
    api.withToken(admin);
  }

  @Test
  void anExpiredSession_isSentToSignIn_andComesBackAfterwards() {
    signInWithPassword("victor");
    browser.get(api.server.baseUri() + "/incidents");
    assertThat(browser.getCurrentUrl()).endsWith("/incidents");
    api.clock.advance(Duration.ofHours(13));
    browser.get(api.server.baseUri() + "/incidents");
    waiting().until(d -> d.getCurrentUrl().contains("/login?next=%2Fincidents"));
    browser.findElement(By.name("username")).sendKeys("victor");
    browser.findElement(By.name("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("form.signin-form button[type=submit]")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/incidents"));
  }

  @Test
  void aOneClickLink_acknowledgesAsThePersonPaged_once() {
    long id = incident("link-1", "Payments time out", "payments");
    String path = api.server.access().acknowledgeLinks().pathFor(new dev.governor.incident.IncidentId(id), "erin").orElseThrow();
    browser.get(api.server.baseUri() + path);
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Acknowledge incident #" + id + "?");
    assertThat(api.get("/api/v1/incidents/" + id).json().path("state").asString()).as("opening changes nothing")
        .isEqualTo("triggered");
    browser.findElement(By.id("ack-confirm")).click();
    waiting().until(d -> d.findElement(By.id("ack-result")).getText().equals("Acknowledged"));
    assertThat(api.get("/api/v1/incidents/" + id).json().path("acknowledgedBy").asString()).isEqualTo("erin");

    browser.get(api.server.baseUri() + path);
    browser.findElement(By.id("ack-confirm")).click();
    waiting().until(d -> d.findElement(By.id("ack-result")).getText().equals("Not acknowledged"));
    assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("used already");
  }
}
