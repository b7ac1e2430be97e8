package io.returnflow.store;

import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.dropoff.DropOffCode;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.support.Eventually;
import io.returnflow.support.HeadlessChromium;

/**
 * The clerk's page {@code /store/} in a real headless Chromium, against the running application: log in,
 * pick the store, type a code as a clerk or a USB scanner would, see what it is, confirm, and the return
 * really is checked in. Screenshots of the preview and the confirmation are left in
 * {@code returnflow.screenshots.dir}.
 *
 * <p>Uses the machine's chromium and chromedriver (Debian packages, installed by {@code .ci/run}), never a
 * browser or driver downloaded at run time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ClerkPageBrowserTest {

    private static final String STORE = "S-SZ-001";
    /** application.yaml, returnflow.store-page.session.cookie-name */
    private static final String SESSION_COOKIE = "RETURNFLOW_STORE_SESSION";
    /** The longest the page (or the journey behind it) may take to answer; waits end as soon as it did. */
    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);
    private static final Duration CODE_ISSUED = Duration.ofSeconds(120);

    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcTemplate jdbc;

    /**
     * Starts the browser before the application boots: skipped without chromium and chromedriver,
     * failed instead where {@code RETURNFLOW_BROWSER_TESTS=required} ({@link HeadlessChromium}).
     */
    @BeforeAll
    static void startBrowser() {
        chromium = HeadlessChromium.start("The clerk's page test",
                // the page picks its language from the browser's: Chinese, as at a store in China
                List.of("--window-size=390,844", "--lang=zh-CN"), Map.of(),
                options -> {
                    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
                    // a desktop window cannot be narrower than about 500 px: emulate the phone screen the page is for
                    options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                            Map.of("width", 390, "height", 844, "pixelRatio", 2.0, "mobile", true, "touch", true)));
                });
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** Every test starts logged out (no session cookie), with no remembered language or store. */
    @BeforeEach
    void freshPage() {
        browser.get(url("/store/"));
        assertThat(browser.findElements(By.id("login-form")))
                .as("GET /store/ serves the clerk's page (static/store/index.html); page title: '%s'",
                        browser.getTitle())
                .isNotEmpty();
        browser.manage().deleteAllCookies();
        browser.executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.navigate().refresh();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("login-user")));
    }

    @Test
    void aClerkChecksInACodeTypedInLowerCaseWithoutDashes() {
        String orderId = newOrderId();
        String returnId = createDropOffReturn(orderId);
        String code = issuedCode(returnId);

        logIn("clerk", "clerk");
        // the log-in is a server session whose cookie no script can read; the browser stores no credentials
        assertThat(browser.manage().getCookieNamed(SESSION_COOKIE)).satisfies(cookie -> {
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.getSameSite()).isEqualTo("Strict");
        });
        assertThat((String) browser.executeScript("return document.cookie")).doesNotContain(SESSION_COOKIE);
        assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
        assertThat((String) browser.executeScript("return JSON.stringify(localStorage)"))
                .doesNotContain("clerk:").doesNotContain("Basic");
        // a reload (or a second tab) goes on in the same session
        browser.navigate().refresh();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("counter-view")));
        new Select(browser.findElement(By.id("store-select"))).selectByValue(STORE);
        WebElement input = waitFor(ExpectedConditions.elementToBeClickable(By.id("code")));

        // as typed by hand: lower case, no dashes; the page groups it 4-4-2 while typing
        String typed = code.replace("-", "").toLowerCase();
        input.sendKeys(typed.substring(0, 5));
        assertThat(input.getDomProperty("value")).isEqualTo(code.substring(0, 6));
        // the rest as a USB scanner sends it: the characters, then Enter
        input.sendKeys(typed.substring(5) + Keys.ENTER);
        assertThat(input.getDomProperty("value")).isEqualTo(code);

        WebElement preview = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#preview.ok")));
        assertThat(text("preview-verdict")).isEqualTo("✓ 有效：可在本店收件");
        assertThat(text("preview-return")).isEqualTo(returnId);
        assertThat(text("preview-order")).isEqualTo(orderId);
        assertThat(text("preview-code")).isEqualTo(code);
        // whom it belongs to, masked: the family name only
        assertThat(text("preview-customer")).startsWith("张").doesNotContain("三");
        assertThat(browser.findElements(By.cssSelector("#preview-items li")))
                .extracting(WebElement::getText).containsExactly("T 恤 × 1");
        assertThat(text("preview-expires")).isNotBlank();
        assertThat(preview.getDomAttribute("aria-live")).isEqualTo("polite");
        screenshot("clerk-page-1-preview.png");

        browser.findElement(By.id("confirm")).click();

        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("result-verdict")));
        assertThat(text("result-verdict")).isEqualTo("✓ 已收件");
        assertThat(text("result-return")).isEqualTo(returnId);
        assertThat(text("result-status")).contains("IN_TRANSIT");
        assertThat(text("result-time")).isNotBlank();
        assertThat(browser.findElement(By.id("preview")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("confirm")).isDisplayed()).isFalse();
        // cleared and focused for the next parcel
        assertThat(input.getDomProperty("value")).isEmpty();
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("code");
        screenshot("clerk-page-2-checked-in.png");

        JsonNode checkedIn = merchant().getForObject("/api/returns/" + returnId, JsonNode.class);
        assertThat(ReturnStatus.valueOf(checkedIn.path("status").asText()).isParcelOnItsWay())
                .as("status after the check-in: %s", checkedIn.path("status").asText()).isTrue();
        assertThat(checkedIn.path("dropOff").path("checkedInAt").isNull()).isFalse();

        // the same parcel scanned again: the code is used up, nothing to confirm
        input.sendKeys(code + Keys.ENTER);
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#preview.bad")));
        assertThat(text("preview-verdict")).isEqualTo("✗ 此退货码不能核销");
        assertThat(text("preview-detail")).contains("used");
        assertThat(browser.findElement(By.id("confirm")).isDisplayed()).isFalse();
    }

    @Test
    void wrongCodesShowWhatIsWrongAndCannotBeConfirmed() {
        logIn("clerk", "clerk");
        new Select(browser.findElement(By.id("store-select"))).selectByValue(STORE);
        WebElement input = waitFor(ExpectedConditions.elementToBeClickable(By.id("code")));

        // too short: said at once, without asking the server
        input.sendKeys("7k3q9x" + Keys.ENTER);
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#preview.bad")));
        assertThat(text("preview-verdict")).contains("10").contains("4");

        // a well-formed code nobody was given
        String unknown = DropOffCode.generate(new SecureRandom()).display();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(unknown);
        waitFor(ExpectedConditions.textToBe(By.id("preview-verdict"), "✗ 找不到此退货码"));
        assertThat(text("preview-detail")).containsIgnoringCase("drop-off code");
        assertThat(browser.findElement(By.id("confirm")).isDisplayed()).isFalse();

        // one character mistyped: the check character catches it
        String mistyped = unknown.substring(0, 11) + (unknown.charAt(11) == 'A' ? 'B' : 'A');
        browser.findElement(By.id("clear-code")).click();
        input.sendKeys(mistyped.toLowerCase());
        waitFor(ExpectedConditions.textToBe(By.id("preview-verdict"), "✗ 退货码有误"));
        assertThat(text("preview-detail")).containsIgnoringCase("code");
        assertThat(browser.findElement(By.id("confirm")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("preview")).getDomAttribute("aria-live")).isEqualTo("polite");
    }

    @Test
    void afterTooManyWrongCodesTheCounterShowsHowLongToWait() {
        // the limit counts per user and address: admin (who may use every store) keeps the clerk's count clean
        logIn("admin", "admin");
        new Select(browser.findElement(By.id("store-select"))).selectByValue("S-SZ-002");
        WebElement input = waitFor(ExpectedConditions.elementToBeClickable(By.id("code")));

        String verdict = "";
        for (int attempt = 1; attempt <= 10 && !verdict.equals("✗ 尝试次数过多"); attempt++) {
            browser.findElement(By.id("clear-code")).click();
            input.sendKeys(DropOffCode.generate(new SecureRandom()).display());
            verdict = waitFor(d -> {
                String shown = d.findElement(By.id("preview-verdict")).getText();
                return shown.startsWith("✗") ? shown : null;
            });
            if (!verdict.equals("✗ 尝试次数过多")) {
                assertThat(verdict).isEqualTo("✗ 找不到此退货码");
            }
        }
        assertThat(verdict).isEqualTo("✗ 尝试次数过多");
        String firstWait = text("preview-wait");
        assertThat(firstWait).matches("请在 \\d+ 秒后重试。");
        int seconds = Integer.parseInt(firstWait.replaceAll("\\D", ""));
        assertThat(seconds).isBetween(1, 60);
        // it counts down
        waitFor(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("preview-wait"), firstWait)));
        assertThat(Integer.parseInt(text("preview-wait").replaceAll("\\D", ""))).isLessThan(seconds);
    }

    @Test
    void aSessionEndedOnTheServerSendsTheClerkBackToTheLogIn() {
        logIn("clerk", "clerk");
        new Select(browser.findElement(By.id("store-select"))).selectByValue(STORE);
        WebElement input = waitFor(ExpectedConditions.elementToBeClickable(By.id("code")));
        // the session ends meanwhile (idle timeout, or a log-out in another tab): its token ends with it
        jdbc.update("delete from spring_session");

        input.sendKeys(DropOffCode.generate(new SecureRandom()).display());

        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("login-user")));
        assertThat(text("login-error")).isEqualTo("登录已失效，请重新登录。");
        assertThat(browser.findElement(By.id("counter-view")).isDisplayed()).isFalse();
        // and logs in again at once, with the new session's token
        logIn("clerk", "clerk");
    }

    @Test
    void aSessionPastItsLifetimeSendsTheClerkBackToTheLogIn() {
        logIn("clerk", "clerk");
        new Select(browser.findElement(By.id("store-select"))).selectByValue(STORE);
        WebElement input = waitFor(ExpectedConditions.elementToBeClickable(By.id("code")));
        // the session started longer ago than its absolute lifetime: the server ends it at the next call
        jdbc.update("update spring_session set creation_time = 0");

        input.sendKeys(DropOffCode.generate(new SecureRandom()).display());

        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("login-user")));
        assertThat(text("login-error")).isEqualTo("登录已失效，请重新登录。");
        assertThat(browser.findElement(By.id("counter-view")).isDisplayed()).isFalse();
        logIn("clerk", "clerk");
    }

    @Test
    void theHouseStyleAndThePagesOwnBothApply() {
        // the house style (/ui/house.css) and the page's own (/store/clerk.css, linked after it)
        assertThat(style(".bar", "background-color")).isEqualTo("rgb(31, 95, 168)");
        assertThat(style("#login-submit", "background-color")).isEqualTo("rgb(31, 95, 168)");
        assertThat(style("#login-user", "min-height")).isEqualTo("48px");
        assertThat(style("#code", "font-size")).isEqualTo("28px");
        assertThat(style("#code", "text-transform")).isEqualTo("uppercase");
    }

    @Test
    void speaksChineseByDefaultHereAndEnglishOnRequest() {
        assertThat(browser.executeScript("return navigator.language")).asString().startsWith("zh");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
        assertThat(text("login-submit")).isEqualTo("登录");
        assertThat(labelOf("login-user")).isEqualTo("用户名");

        browser.findElement(By.id("lang-toggle")).click();

        assertThat(text("login-submit")).isEqualTo("Log in");
        assertThat(labelOf("login-user")).isEqualTo("User name");
        assertThat(text("lang-toggle")).isEqualTo("中文");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");

        // the choice is remembered
        browser.navigate().refresh();
        waitFor(ExpectedConditions.textToBe(By.id("login-submit"), "Log in"));

        // refusals in the chosen language, without the browser's own login dialog
        // (a wrong password locks a Camunda user for a few seconds: use one no other test here needs)
        logInWith("inspector", "wrong");
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(text("login-error")).startsWith("Wrong user name or password");
        logInWith("merchant", "merchant");
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not a store clerk"));

        // a clerk logs in and out; the counter speaks English too
        logIn("clerk", "clerk");
        assertThat(labelOf("code")).isEqualTo("Drop-off code");
        assertThat(labelOf("store-select")).isEqualTo("Store");
        browser.findElement(By.id("logout")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("login-user")));
        assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
        // the server ended the session: a reload shows the log-in form, not the counter
        browser.navigate().refresh();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("login-user")));
        assertThat(browser.findElement(By.id("counter-view")).isDisplayed()).isFalse();

        browser.findElement(By.id("lang-toggle")).click();
        assertThat(text("login-submit")).isEqualTo("登录");
    }

    // ---------------------------------------------------------------------------------------------

    private String createDropOffReturn(String orderId) {
        ResponseEntity<JsonNode> created = merchant().postForEntity("/api/returns", storeDropOff(orderId, STORE),
                JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    /** The journey issues the code asynchronously; the return resource shows it once issued. */
    private String issuedCode(String returnId) {
        JsonNode view = Eventually.await("the drop-off code of " + returnId, CODE_ISSUED,
                () -> merchant().getForObject("/api/returns/" + returnId, JsonNode.class),
                v -> !v.path("dropOff").path("code").asText("").isBlank());
        return view.path("dropOff").path("code").asText();
    }

    private TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    private void logIn(String user, String password) {
        logInWith(user, password);
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("counter-view")));
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("store-select")));
        assertThat(browser.findElement(By.id("login-view")).isDisplayed()).isFalse();
    }

    private void logInWith(String user, String password) {
        WebElement userField = browser.findElement(By.id("login-user"));
        userField.clear();
        userField.sendKeys(user);
        WebElement passwordField = browser.findElement(By.id("login-password"));
        passwordField.clear();
        passwordField.sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    /** The element's computed value of a CSS property: what its stylesheets make of it. */
    private static String style(String selector, String property) {
        return (String) browser.executeScript(
                "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);",
                selector, property);
    }

    /** The element's text now; the page redraws its answers, so an element read mid-redraw is looked up again. */
    private String text(String id) {
        return waitFor(d -> d.findElement(By.id(id)).getText());
    }

    private String labelOf(String id) {
        return browser.findElement(By.cssSelector("label[for='" + id + "']")).getText();
    }

    private <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        return chromium.waitFor(PAGE_WAIT, condition);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Saves what a phone would show now and checks that it is a real PNG image. */
    private static void screenshot(String name) {
        chromium.screenshot(name);
    }
}
