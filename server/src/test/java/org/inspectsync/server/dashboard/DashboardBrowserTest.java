package org.inspectsync.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a supervisor sees it, in Debian's headless Chromium: log in on the page, pick
 * a station, and watch a number move when an inspector's phone syncs. Without {@code chromium} and
 * {@code chromium-driver} installed the browser cases are skipped, so the build passes on a laptop
 * with only Java and Maven; CI installs both.
 */
@DisplayName("The supervisors' dashboard")
class DashboardBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final TestServer server = TestServer.shared();

  private UUID station;
  private UUID entity;
  private WebDriver browser;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    // A bureau with two stations; the supervisor sits at the bureau and picks one station.
    UUID bureau = UUID.randomUUID();
    Fixtures.update("INSERT INTO org_units (id, kind, name) VALUES (?, 'bureau', ?)", bureau, "江干区市场监管局");
    station = Fixtures.station("城东市场监管所");
    UUID other = Fixtures.station("城西市场监管所");
    Fixtures.update("UPDATE org_units SET parent_id = ? WHERE id IN (?, ?)", bureau, station, other);
    Fixtures.user("li", "inspector", station);
    Fixtures.user("chen", "supervisor", bureau);
    entity = Fixtures.entity(station);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  @DisplayName("is served at /dashboard/ without a token, with a policy that allows only its own files")
  void servedWithItsHeaders() throws IOException, InterruptedException {
    HttpResponse<String> redirect = get("dashboard");
    assertEquals(302, redirect.statusCode());
    assertEquals("/dashboard/", redirect.headers().firstValue("Location").orElse(null));

    HttpResponse<String> page = get("dashboard/");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertTrue(page.body().contains("data-testid=\"checks-done\""));
    assertFalse(page.body().contains("<script>"), "an inline script would be refused by the policy");
    assertFalse(page.body().contains("style="), "an inline style would be refused by the policy");

    for (String file : List.of("dashboard.js", "dashboard.css")) {
      assertEquals(200, get("dashboard/" + file).statusCode(), file);
    }
    HttpResponse<String> missing = get("dashboard/nothing-here.js");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("NOT_FOUND"), missing.body());
  }

  @Test
  @DisplayName("shows a station's checks go up when an inspector's phone syncs, and fits a 360 px phone")
  void numbersMoveAfterASync() throws IOException {
    browser = chromium();
    browser.manage().window().setSize(new Dimension(1280, 1000));
    browser.get(server.uri().resolve("dashboard").toString());

    browser.findElement(By.id("username")).sendKeys("chen");
    browser.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
    testId("login-submit").click();
    waitFor("the unit picker lists the bureau and its two stations",
        d -> new Select(testId("unit-picker")).getOptions().size() == 3);
    new Select(testId("unit-picker")).selectByValue(station.toString());
    waitFor("the station's numbers, live", d -> "live".equals(testId("live-status").getDomAttribute("data-state"))
        && station.toString().equals(browser.findElement(By.id("dash-view")).getDomAttribute("data-unit"))
        && testId("checks-done").getText().matches("\\d+"));
    int before = Integer.parseInt(testId("checks-done").getText());

    Phone phone = server.phone("li");
    phone.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "passed"));
    phone.sync();
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());

    String expected = Integer.toString(before + 1);
    waitFor("checks done to show " + expected, d -> expected.equals(testId("checks-done").getText()));
    assertEquals("1", testId("checks-passed").getText());
    assertEquals("100%", testId("pass-rate").getText());
    waitFor("the hour's bar to hold the check", d -> barsTotal() == before + 1);
    screenshot("dashboard.png");

    // A phone-sized window: the cards stack and nothing scrolls sideways.
    browser.manage().window().setSize(new Dimension(360, 740));
    waitFor("the page to be laid out at 360 px", d -> innerWidth() <= 360);
    long overflow = (Long) script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertTrue(overflow <= 0, "the page scrolls sideways by " + overflow + " px at 360 px");
    for (String number : List.of("checks-done", "pass-rate", "visits-done", "notices-issued", "notices-overdue",
        "reinspections-due", "assignments-done", "hazards-critical")) {
      WebElement element = testId(number);
      long right = (Long) script("return Math.ceil(arguments[0].getBoundingClientRect().right)", element);
      assertTrue(right <= innerWidth(), number + " reaches " + right + " px, past the window's width");
      assertFalse(element.getText().isBlank(), number + " shows nothing");
    }
    assertEquals(expected, testId("checks-done").getText());
    screenshot("dashboard-phone.png");
  }

  /** Debian's Chromium through Debian's chromedriver; Selenium Manager is never asked to download one. */
  private static WebDriver chromium() {
    List<Path> missing = List.of(CHROMIUM, CHROMEDRIVER).stream().filter(path -> !Files.isExecutable(path)).toList();
    Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: the dashboard's browser test needs Debian's chromium and"
        + " chromium-driver (apt-get install chromium chromium-driver); missing: " + missing);
    // Both set explicitly: with a driver path given, Selenium does not run Selenium Manager at all.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN",
        "--no-first-run", "--disable-extensions", "--disable-background-networking");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  private WebElement testId(String id) {
    return browser.findElement(By.cssSelector("[data-testid='" + id + "']"));
  }

  private Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(script, arguments);
  }

  private long innerWidth() {
    return (Long) script("return window.innerWidth");
  }

  /** The sum of the checks-by-hour chart's bars. */
  private long barsTotal() {
    return (Long) script("return Array.from(document.querySelectorAll('#chart rect[data-count]'))"
        + ".reduce((sum, bar) => sum + Number(bar.dataset.count), 0)");
  }

  /** Waits up to ten seconds; on time-out says what the page showed and what the browser logged. */
  private void waitFor(String what, Function<WebDriver, Boolean> condition) {
    try {
      new WebDriverWait(browser, PATIENCE).ignoring(NoSuchElementException.class)
          .until(condition::apply);
    } catch (TimeoutException e) {
      throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what + "; the page said: "
          + pageState() + "; the browser logged: " + browserLog(), e);
    }
  }

  private String pageState() {
    try {
      return script("return ['live-status', 'checks-done', 'login-error', 'dash-error']"
          + ".map(id => id + '=' + JSON.stringify((document.querySelector(`[data-testid='${id}']`) || {}).textContent))"
          + ".join(', ')").toString();
    } catch (RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private String browserLog() {
    try {
      return browser.manage().logs().get(LogType.BROWSER).getAll().toString();
    } catch (RuntimeException e) {
      return "(unavailable: " + e.getMessage() + ")";
    }
  }

  /** Kept in target/ for people to look at. */
  private void screenshot(String name) throws IOException {
    byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(new File("target", name).toPath(), png);
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    URI uri = server.uri().resolve(path);
    return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
