package io.returnflow.selfservice;

import static io.returnflow.selfservice.BuyerLinks.order;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.support.Courier;
import io.returnflow.support.HeadlessChromium;

/**
 * The buyer's page {@code /returns/} in a real headless Chromium at a phone's size, against the running
 * application: the merchant makes the link, the buyer opens it, chooses lines, reason, sees the refund, chooses a
 * pickup window or a store, confirms, and follows the return as the courier (driven by the test) moves it on.
 * Screenshots are left in {@code returnflow.screenshots.dir}.
 *
 * <p>Uses the machine's chromium and chromedriver; skipped without them, failed instead where
 * {@code RETURNFLOW_BROWSER_TESTS=required} ({@link HeadlessChromium}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // the page asks how the return stands every second: the test waits less for what it must see
        properties = "returnflow.self-service.poll-interval=1s")
@ActiveProfiles("test")
@DirtiesContext
class BuyerPageBrowserTest {

    /** The longest the page (or the journey behind it) may take; waits end as soon as it is done. */
    private static final Duration PAGE_WAIT = Duration.ofSeconds(120);

    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;

    @BeforeAll
    static void startBrowser() {
        chromium = HeadlessChromium.start("The buyer's page test", List.of("--window-size=390,844", "--lang=zh-CN"),
                Map.of("TZ", "Asia/Shanghai"), options -> options.setExperimentalOption("mobileEmulation",
                        Map.of("deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 2.0,
                                "mobile", true, "touch", true))));
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aBuyerHasTheTShirtCollectedAtHomeAndFollowsItUntilTheCourierHasIt() {
        open(link(order(newOrderId(), "科技园 1 号"), "zh-CN"));
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("lines-view")));
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");

        click("line-L1");
        new Select(browser.findElement(By.id("qty-L1"))).selectByValue("1");
        new Select(browser.findElement(By.id("reason"))).selectByValue("DEFECTIVE");
        click("to-quote");
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("quote-HOME_PICKUP")));
        assertThat(text("quote-HOME_PICKUP")).contains("上门取件").contains("99.00");
        assertThat(text("quote-STORE_DROPOFF")).contains("门店");
        screenshot("buyer-page-1-quote.png");

        click("to-method");
        click("method-HOME_PICKUP");
        assertThat(browser.findElement(By.id("addr-city")).getDomProperty("value")).isEqualTo("深圳市");
        waitFor(d -> new Select(d.findElement(By.id("window"))).getOptions().stream()
                .anyMatch(o -> !o.getDomAttribute("value").isEmpty()));
        click("to-confirm");
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-view")));
        assertThat(text("confirm-summary")).contains("T 恤 × 1").contains("商品有质量问题");
        click("confirm");

        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("return-view")));
        String returnId = text("return-id");
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("return-status"), "等待快递员上门取件"));
        assertThat(text("pickup-window")).isNotBlank();
        assertThat(text("pickup-code")).isNotBlank();
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("progress")).getDomAttribute("role")).isEqualTo("status");
        screenshot("buyer-page-2-pickup-booked.png");

        new Courier(sandboxCourier, sandboxOrders, jdbc).collect(Courier.pickup(returnId, 1));

        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("return-status"), "正在送往仓库"));
        waitFor(d -> d.findElements(By.cssSelector("#timeline li[data-type='COLLECTED']")).size() == 1);
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
        assertThat(text("progress")).contains("正在送往仓库");
    }

    @Test
    void anEnglishSpeakingBuyerDropsOneOfTwoShirtsOffAtAStoreAndGetsTheCodeAsQr() {
        open(link(order(newOrderId(), "科技园 1 号"), "en"));
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("lines-view")));
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        assertThat(text("lines-heading")).isEqualTo("Choose the items to return");

        click("line-L1");
        new Select(browser.findElement(By.id("qty-L1"))).selectByValue("1");
        new Select(browser.findElement(By.id("reason"))).selectByValue("SIZE_FIT");
        click("to-quote");
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("quote-STORE_DROPOFF")));
        click("to-method");
        click("method-STORE_DROPOFF");
        waitFor(ExpectedConditions.elementToBeClickable(By.id("store-S-SZ-001")));
        assertThat(browser.findElement(By.id("stores")).getText()).contains("Open 10:00-22:00");
        click("store-S-SZ-001");
        click("to-confirm");
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-view")));
        click("confirm");

        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("return-status"), "Take the parcel"));
        waitFor(d -> d.findElement(By.id("drop-off-code")).getText().matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}"));
        WebElement qr = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("qr")));
        waitFor(d -> ((Number) browser.executeScript(
                "const q = document.getElementById('qr'); return q.complete ? q.naturalWidth : 0;")).intValue() > 0);
        assertThat(qr.getDomAttribute("alt")).contains(text("drop-off-code"));
        assertThat(text("store-facts")).contains("10:00-22:00");
        screenshot("buyer-page-3-drop-off-code.png");
    }

    @Test
    void aBuyerTakesStoreCreditForTheHeadphonesAndExchangesTheTShirtForAPolo() {
        open(link(BuyerResolutionApiTest.orderWithOptions(newOrderId()), "zh-CN"));
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("lines-view")));
        click("line-L1");
        new Select(browser.findElement(By.id("qty-L1"))).selectByValue("1");
        click("line-L3");
        new Select(browser.findElement(By.id("reason"))).selectByValue("SIZE_FIT");
        click("to-quote");

        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("resolution-L1")));
        assertThat(text("resolution-L1")).contains("退款 ¥99.00").contains("购物金 ¥99.00 + 赠送 ¥9.90")
                .contains("换货");
        // the headphones may not be exchanged for this reason: refund or credit only
        assertThat(browser.findElements(By.id("resolution-L3-EXCHANGE"))).isEmpty();
        assertThat(browser.findElement(By.id("instant-box")).isDisplayed()).isFalse();
        // the radio group answers the keyboard: from the refund, the arrow key chooses store credit
        browser.findElement(By.id("resolution-L3-REFUND")).sendKeys(Keys.ARROW_DOWN);
        waitFor(d -> d.findElement(By.id("resolution-L3-STORE_CREDIT")).isSelected());
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("quote-STORE_DROPOFF"), "赠送购物金"));
        click("resolution-L1-EXCHANGE");
        new Select(waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("exchange-L1"))))
                .selectByValue("SKU-POLO");
        click("instant-exchange");
        assertThat(text("instant-hint")).contains("新商品会在旧商品寄到之前发出");
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("quote-STORE_DROPOFF"), "Polo 衫"));
        assertThat(text("quote-STORE_DROPOFF")).contains("¥309.00").contains("¥29.90");
        screenshot("buyer-page-6-resolutions.png");

        click("to-method");
        click("method-STORE_DROPOFF");
        click("store-S-SZ-001");
        click("to-confirm");
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-view")));
        assertThat(text("confirm-summary")).contains("T 恤 × 1（换货：Polo 衫）").contains("Headphones × 1（购物金）")
                .contains("¥309.00");
        click("confirm");

        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("return-view")));
        assertThat(text("return-item-L1")).isEqualTo("T 恤 × 1 · 换货：Polo 衫");
        assertThat(text("return-item-L3")).isEqualTo("Headphones × 1 · 购物金");
        assertThat(text("return-settlement")).contains("¥309.00").contains("¥29.90");
        click("lang-toggle");
        assertThat(text("return-item-L1")).isEqualTo("T 恤 × 1 · Exchange for Polo 衫");
        screenshot("buyer-page-7-return-resolutions.png");
        click("lang-toggle");
    }

    @Test
    void aLineThePolicyRefusesIsShownDisabledWithWhyInEitherLanguage() {
        open(link(order(newOrderId(), "科技园 1 号"), "zh-CN"));
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("lines-view")));

        // the house style (/ui/house.css, which the page's Content-Security-Policy lets in) and the page's own
        assertThat(style(".bar", "background-color")).isEqualTo("rgb(31, 95, 168)");
        assertThat(style("#to-quote", "min-height")).isEqualTo("56px");
        assertThat(style("#refusal-L2", "color")).isEqualTo("rgb(179, 38, 30)");

        WebElement mooncakes = browser.findElement(By.id("line-L2"));
        assertThat(mooncakes.isEnabled()).isFalse();
        assertThat(text("refusal-L2")).isEqualTo("此类商品不支持退货。");
        assertThat(mooncakes.getDomAttribute("aria-describedby")).isEqualTo("refusal-L2");
        assertThat(browser.findElement(By.cssSelector("label[for='reason']")).getText()).isEqualTo("退货原因");

        click("lang-toggle");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        assertThat(text("refusal-L2")).isEqualTo("Items of this kind cannot be returned.");
        // nothing chosen: the page says so instead of asking the server
        click("to-quote");
        assertThat(text("error")).isEqualTo("Choose at least one returnable item.");
        screenshot("buyer-page-4-refused-line.png");
    }

    @Test
    void aBuyerCancelsTheDropOffBeforeBringingTheParcel() {
        String token = link(order(newOrderId(), "科技园 1 号"), "zh-CN");
        ResponseEntity<JsonNode> started = rest.postForEntity(BuyerLinks.api(token) + "/return",
                BuyerLinks.dropOffAt("S-SZ-001", "WRONG_ITEM", "L3", 1), JsonNode.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        open(token);
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("return-view")));
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("return-status"), "送到门店"));
        click("cancel");
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("cancel-no");
        click("cancel-yes");

        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("return-status"), "退货已取消"));
        waitFor(d -> d.findElements(By.cssSelector("#timeline li[data-type='CANCELLED']")).size() == 1);
        assertThat(browser.findElement(By.id("cancel-box")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("qr")).isDisplayed()).isFalse();
        screenshot("buyer-page-5-cancelled.png");
    }

    private String link(Map<String, Object> order, String language) {
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) order.get("customer");
        customer.put("language", language);
        return BuyerLinks.link(rest, order);
    }

    /** Opens the link as the buyer's phone does: a fresh page at the link's URL. */
    private void open(String token) {
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/returns/#" + token);
    }

    private void click(String id) {
        waitFor(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** The element's computed value of a CSS property: what its stylesheets make of it. */
    private static String style(String selector, String property) {
        return (String) browser.executeScript(
                "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);",
                selector, property);
    }

    /** The element's text now; the page redraws, so an element read mid-redraw is looked up again. */
    private String text(String id) {
        return waitFor(d -> d.findElement(By.id(id)).getText());
    }

    private <T> T waitFor(ExpectedCondition<T> condition) {
        return chromium.waitFor(PAGE_WAIT, condition);
    }

    private static void screenshot(String name) {
        chromium.screenshot(name);
    }
}
