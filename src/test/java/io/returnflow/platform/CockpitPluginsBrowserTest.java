package io.returnflow.platform;

import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.support.Eventually;
import io.returnflow.support.HeadlessChromium;

/**
 * ReturnFlow's two Cockpit plugins as operations see them, in a real headless Chromium: the user {@code ops}
 * logs in to Cockpit, finds the open human tasks per kind (and the overdue ones) on the dashboard, and the
 * outcome of each finished return (CANCELLED, REJECTED: not only the engine's "completed") on the journey's
 * "Finished journeys" tab. A plugin that throws in the browser, asks for what ops may not read or shows the
 * wrong figures fails here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class CockpitPluginsBrowserTest {

    /** How long a page or a journey may take on a busy machine; every wait ends as soon as it got there. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PROBE = "cockpit-open-tasks-probe";

    private static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    TestRestTemplate rest;

    @Autowired
    RepositoryService repositoryService;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    HistoryService historyService;

    @BeforeAll
    static void startBrowser() {
        chromium = HeadlessChromium.start("The Cockpit plugins test", List.of("--window-size=1600,1400",
                "--lang=en-US"), Map.of(), options ->
                options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en")));
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void operationsSeeOpenTasksOnTheDashboardAndEachReturnsOutcomeAmongTheFinishedJourneys() {
        // three open tasks of one kind, two of them past their due date
        BpmnModelInstance probe = Bpmn.createExecutableProcess(PROBE)
                .name("Open tasks probe")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Probe_ResolveFailedPickup").name("Resolve failed pickup (probe)")
                .camundaCandidateGroups(Roles.CUSTOMER_SERVICE)
                .camundaDueDate("${dueDate}")
                .endEvent()
                .done();
        repositoryService.createDeployment().addModelInstance(PROBE + ".bpmn", probe).deploy();
        long now = System.currentTimeMillis();
        for (int i = 1; i <= 3; i++) {
            runtimeService.startProcessInstanceByKey(PROBE, "R-PROBE-" + i,
                    Map.of("dueDate", new Date(now + (i == 1 ? 3_600_000L : -3_600_000L))));
        }

        // a drop-off the buyer cancels, and a request the policy refuses (food is not returnable)
        TestRestTemplate merchant = rest.withBasicAuth("merchant", "merchant");
        String cancelled = merchant.postForObject("/api/returns", storeDropOff(newOrderId(), "S-SZ-001"),
                JsonNode.class).path("id").asText();
        assertThat(merchant.postForEntity("/api/returns/" + cancelled + "/cancellation",
                map("reason", "不想退了"), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> food = storeDropOff(newOrderId(), "S-SZ-001");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) food.get("items");
        items.get(0).put("category", "food");
        ResponseEntity<JsonNode> refused = merchant.postForEntity("/api/returns", food, JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        String rejected = refused.getBody().path("returnId").asText();
        for (String returnId : List.of(cancelled, rejected)) {
            Eventually.await("the journey of " + returnId + " to end", WAIT,
                    () -> historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(returnId)
                            .finished().count() == 1);
        }

        WebDriver browser = chromium.driver();
        logInToCockpit(browser, "ops");

        // the dashboard: the section of open human tasks, the probe's row with its counts
        browser.get(cockpit() + "#/dashboard");
        WebElement row = chromium.waitFor(WAIT, ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".returnflow-open-tasks tr[data-task='Probe_ResolveFailedPickup']")));
        chromium.waitFor(WAIT, d -> "3".equals(row.findElement(By.cssSelector("td.open")).getText().trim()));
        assertThat(row.getText()).contains("Open tasks probe", "Resolve failed pickup (probe)");
        assertThat(row.findElement(By.cssSelector("td.overdue")).getText().trim()).isEqualTo("2");
        assertThat(browser.findElement(By.cssSelector(".returnflow-open-tasks")).getText())
                .contains("past their due date");
        chromium.screenshot("cockpit-dashboard-open-tasks.png");

        // the return journey's definition page, its "Finished journeys" tab
        String definitionId = repositoryService.createProcessDefinitionQuery().processDefinitionKey("return-journey")
                .latestVersion().singleResult().getId();
        browser.get(cockpit() + "#/process-definition/" + definitionId + "/runtime");
        WebElement tab = chromium.waitFor(WAIT, ExpectedConditions.elementToBeClickable(
                By.xpath("//a[normalize-space(.)='Finished journeys']")));
        tab.click();
        WebElement table = chromium.waitFor(WAIT, ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("table.returnflow-finished-journeys")));
        assertThat(outcomeOf(table, cancelled)).isEqualTo("CANCELLED");
        assertThat(outcomeOf(table, rejected)).isEqualTo("REJECTED");
        chromium.screenshot("cockpit-finished-journeys.png");
    }

    private String cockpit() {
        return "http://localhost:" + port + "/camunda/app/cockpit/default/";
    }

    private void logInToCockpit(WebDriver browser, String user) {
        browser.get(cockpit());
        WebElement name = chromium.waitFor(WAIT, ExpectedConditions.elementToBeClickable(
                By.cssSelector("form[name='signinForm'] input[ng-model='username']")));
        name.sendKeys(user);
        browser.findElement(By.cssSelector("form[name='signinForm'] input[ng-model='password']")).sendKeys(user);
        browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
        chromium.waitFor(WAIT, ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("form[name='signinForm']")));
    }

    /** The "Outcome" cell of the row whose business key is the return's id. */
    private static String outcomeOf(WebElement table, String returnId) {
        for (WebElement row : table.findElements(By.cssSelector("tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            if (cells.get(0).getText().trim().equals(returnId)) {
                return cells.get(1).getText().trim();
            }
        }
        throw new AssertionError("no finished journey " + returnId + " in " + table.getText());
    }
}
