package io.returnflow.forms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.returnflow.support.HeadlessChromium;

/**
 * Camunda Tasklist 7.24 as a person uses it, in a real browser: log in, open the team's filter, pick the
 * task of a return from the list, claim it, fill its Camunda Form (form-js 1.8) field by field, press
 * Complete. Every step waits for what the page shows, never for a fixed time.
 *
 * <p>Fields are found by their form component id: form-js 1.8 names a field's input
 * {@code fjs-form-<form>-<component id>}, with {@code _<row>} inside a dynamic list.
 */
final class TasklistPage {

    /** Generous: the suite runs on a busy machine; a wait ends as soon as its condition holds. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private static final By FORM = By.cssSelector("[cam-tasklist-form-camunda] .fjs-form");
    private static final By COMPLETE = By.cssSelector(".task-card .form-actions .btn-primary");
    private static final By ERROR_NOTICE = By.cssSelector(".page-notifications .alert-danger");
    /** The date format form-js 1.8 uses for an en-US browser (no leading zeros: 1/5/2027). */
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy");

    private final HeadlessChromium chromium;
    private final ChromeDriver browser;
    private final String baseUrl;
    /** What was typed into which field of the open form, to be seen there when Complete is pressed. */
    private final Map<By, String> typed = new LinkedHashMap<>();

    TasklistPage(HeadlessChromium chromium, String baseUrl) {
        this.chromium = chromium;
        this.browser = chromium.driver();
        this.baseUrl = baseUrl;
    }

    /**
     * Logs in afresh: a new session, and no form state Tasklist remembered for an earlier user. The
     * session and its CSRF cookie are made by one plain request first: Tasklist's own first requests run
     * in parallel, and without a session each would start one of its own with another CSRF token.
     */
    void logIn(String user, String password) {
        // a page without scripts: nothing of the previous user's Tasklist keeps asking the server meanwhile
        String sessionProbe = baseUrl + "/camunda/api/admin/auth/user/default";
        browser.get(sessionProbe);
        browser.executeScript("window.localStorage.clear(); window.sessionStorage.clear();");
        browser.manage().deleteAllCookies();
        browser.get(sessionProbe);
        waitFor(d -> browser.manage().getCookieNamed("XSRF-TOKEN") != null
                && browser.manage().getCookieNamed("JSESSIONID") != null);
        browser.get(baseUrl + "/camunda/app/tasklist/default/");
        WebElement name = waitFor(ExpectedConditions.elementToBeClickable(
                By.cssSelector("form[name='signinForm'] input[ng-model='username']")));
        name.clear();
        name.sendKeys(user);
        WebElement secret = browser.findElement(By.cssSelector("form[name='signinForm'] input[ng-model='password']"));
        secret.clear();
        secret.sendKeys(password);
        browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-filter .name")));
    }

    /** The names of the filters the user sees (without the count of tasks Tasklist shows after each). */
    List<String> filterNames() {
        return browser.findElements(By.cssSelector(".task-filter .name")).stream()
                .map(e -> e.getText().replaceAll("\\s*\\(?\\d+\\)?\\s*$", "").trim()).toList();
    }

    /** Opens the filter, then, from its list, the task of that name whose return is {@code returnId}. */
    void openTask(String filter, String returnId, String taskName) {
        waitFor(d -> {
            for (WebElement candidate : d.findElements(By.cssSelector(".task-filter"))) {
                if (candidate.findElement(By.cssSelector(".name")).getText().trim().startsWith(filter)) {
                    candidate.click();
                    return true;
                }
            }
            return false;
        });
        WebElement link = waitFor(d -> {
            for (WebElement task : d.findElements(By.cssSelector("ol.tasks-list li.task"))) {
                if (task.getText().contains(returnId)
                        && task.findElement(By.cssSelector("h4.task")).getText().trim().equals(taskName)) {
                    return task.findElement(By.cssSelector("h4.task a"));
                }
            }
            return null;
        });
        link.click();
        waitFor(ExpectedConditions.textToBe(By.cssSelector(".task-card h2.task"), taskName));
        typed.clear();
    }

    /** Claims the open task; its form becomes editable. */
    void claim() {
        waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(".task-card button.claim"))).click();
        waitFor(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".task-card button.claim")));
        waitFor(ExpectedConditions.visibilityOfElementLocated(FORM));
    }

    /** What a field of the form shows now (its input's value). */
    String valueOf(String componentId) {
        return waitFor(d -> {
            WebElement input = d.findElement(fieldInput(componentId, -1));
            String value = input.getDomProperty("value");
            return value == null || value.isEmpty() ? null : value;
        });
    }

    /** Whether the form shows this text somewhere (a text component, a label). */
    boolean formShows(String text) {
        return browser.findElement(FORM).getText().contains(text);
    }

    /**
     * Types into the text, textarea or number field of that component ({@code row}: its row in a dynamic
     * list, or -1), replacing what it held, waits until the field shows it, and leaves the field as a
     * person does (form-js checks a field when it loses the focus).
     */
    void type(String componentId, int row, String text) {
        By input = fieldInput(componentId, row);
        typeInto(input, text);
        typed.put(input, text);
    }

    private void typeInto(By input, String text) {
        waitFor(d -> {
            WebElement field = d.findElement(input);
            if (!field.isDisplayed()) {
                return false;
            }
            if (text.equals(field.getDomProperty("value"))) {
                return true;
            }
            scrollTo(field);
            field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            field.sendKeys(text);
            return text.equals(d.findElement(input).getDomProperty("value"));
        });
        browser.findElement(input).sendKeys(Keys.TAB);
    }

    /**
     * Waits until every field typed into still shows what was typed, typing again where it does not: form-js
     * passes typed text on after a short pause or when the field loses the focus, and a field drawn again
     * before that (as the form redraws when another field appears) shows the value it had.
     */
    void confirmTyped() {
        waitFor(d -> {
            for (Map.Entry<By, String> entry : typed.entrySet()) {
                if (!entry.getValue().equals(d.findElement(entry.getKey()).getDomProperty("value"))) {
                    typeInto(entry.getKey(), entry.getValue());
                    return false;
                }
            }
            return true;
        });
    }

    /** Picks the option with exactly that label in a select component. */
    void select(String componentId, int row, String optionLabel) {
        selectOption(componentId, row, labels -> labels.contains(optionLabel) ? optionLabel : null);
    }

    /**
     * Opens a select (or searchable select) component's dropdown, picks the option {@code choice} names from
     * the labels listed, and waits until the field shows it; answers the label picked.
     */
    String selectOption(String componentId, int row, Function<List<String>, String> choice) {
        By display = By.cssSelector("[id$='-" + domId(componentId, row) + "-display']");
        By searchable = fieldInput(componentId, row);
        By items = By.cssSelector(".fjs-dropdownlist-item");
        List<WebElement> listed = waitFor(d -> {
            List<WebElement> displays = d.findElements(display);
            WebElement opener = displays.isEmpty() ? d.findElement(searchable) : displays.get(0);
            if (!opener.isDisplayed()) {
                return null;
            }
            scrollTo(opener);
            opener.click();
            try {
                // the dropdown opens on the click; a click that did not open it is tried again
                return chromium.waitFor(Duration.ofSeconds(5), ExpectedConditions.visibilityOfAllElementsLocatedBy(items));
            } catch (TimeoutException notOpen) {
                return null;
            }
        });
        List<String> labels = listed.stream().map(o -> o.getText().trim()).toList();
        String picked = choice.apply(labels);
        if (picked == null) {
            throw new AssertionError(componentId + " offers " + labels + ", not the option looked for");
        }
        listed.get(labels.indexOf(picked)).click();
        waitFor(d -> {
            List<WebElement> displays = d.findElements(display);
            String now = displays.isEmpty() ? d.findElement(searchable).getDomProperty("value")
                    : displays.get(0).getText();
            return picked.equals(now == null ? null : now.trim());
        });
        return picked;
    }

    /** Chooses the option with that label of a radio component. */
    void choose(String componentId, String optionLabel) {
        WebElement label = waitFor(d -> d.findElements(By.cssSelector("label[for*='-" + componentId + "-']")).stream()
                .filter(l -> l.isDisplayed() && l.getText().trim().equals(optionLabel)).findFirst().orElse(null));
        scrollTo(label);
        label.click();
        String input = label.getDomAttribute("for");
        waitFor(d -> d.findElement(By.id(input)).isSelected());
    }

    /** Fills the date and the time of a date-time component, as typed by a person in an en-US browser. */
    void dateTime(String componentId, LocalDate date, LocalTime time) {
        typeAndLeave(By.cssSelector("[id$='-" + componentId + "-date']"), date.format(US_DATE));
        typeAndLeave(By.cssSelector("[id$='-" + componentId + "-time']"), time.toString());
    }

    /**
     * Presses Tasklist's Complete button once it can be pressed, and waits until Tasklist has closed the
     * task. Fails, naming the reason, when the button stays disabled or Tasklist reports an error.
     */
    void complete(String screenshotPrefix) {
        confirmTyped();
        try {
            waitFor(ExpectedConditions.elementToBeClickable(COMPLETE));
        } catch (TimeoutException disabled) {
            record(screenshotPrefix + "-complete-disabled");
            throw new AssertionError("Tasklist's Complete button stays disabled for the filled form (see "
                    + screenshotPrefix + "-complete-disabled.png); the form shows: " + formErrors(), disabled);
        }
        WebElement button = browser.findElement(COMPLETE);
        scrollTo(button);
        button.click();
        String outcome = waitFor(d -> {
            List<WebElement> errors = d.findElements(ERROR_NOTICE);
            if (!errors.isEmpty() && errors.get(0).isDisplayed()) {
                return "error: " + errors.get(0).getText().trim();
            }
            return d.findElements(By.cssSelector(".task-card")).isEmpty() ? "closed" : null;
        });
        if (!outcome.equals("closed")) {
            record(screenshotPrefix + "-complete-refused");
            throw new AssertionError("Tasklist did not complete the task: " + outcome + "; the form shows: "
                    + formErrors());
        }
    }

    /**
     * Presses Tasklist's Complete button for a decision the server refuses, and answers the message Tasklist
     * shows for it. Fails when Tasklist closes the task instead.
     */
    String completeRefused(String screenshotPrefix) {
        confirmTyped();
        waitFor(ExpectedConditions.elementToBeClickable(COMPLETE));
        WebElement button = browser.findElement(COMPLETE);
        scrollTo(button);
        button.click();
        String outcome = waitFor(d -> {
            List<WebElement> errors = d.findElements(ERROR_NOTICE);
            if (!errors.isEmpty() && errors.get(0).isDisplayed() && !errors.get(0).getText().isBlank()) {
                return "error: " + errors.get(0).getText().trim();
            }
            return d.findElements(By.cssSelector(".task-card")).isEmpty() ? "closed" : null;
        });
        screenshot(screenshotPrefix);
        if (!outcome.startsWith("error: ")) {
            throw new AssertionError("Tasklist completed a task the server should have refused");
        }
        return outcome.substring("error: ".length());
    }

    /** The errors the form shows next to its fields. */
    String formErrors() {
        List<String> shown = browser.findElements(By.cssSelector(".fjs-has-errors")).stream()
                .map(e -> e.getText().replace('\n', ' ')).toList();
        return shown.isEmpty() ? "no field errors" : String.join(" | ", shown);
    }

    /** Saves a screenshot and the page's HTML (to read what the form rendered) under the screenshots dir. */
    void record(String name) {
        Path shot = chromium.screenshot(name + ".png");
        try {
            Files.writeString(shot.resolveSibling(name + ".html"), browser.getPageSource(), StandardCharsets.UTF_8);
            Files.writeString(shot.resolveSibling(name + ".console.txt"), String.join("\n",
                    browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                            .map(Object::toString).toList()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void screenshot(String name) {
        chromium.screenshot(name + ".png");
    }

    private void typeAndLeave(By input, String text) {
        waitFor(d -> {
            WebElement field = d.findElement(input);
            if (!field.isDisplayed()) {
                return false;
            }
            scrollTo(field);
            field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            field.sendKeys(text);
            return text.equals(d.findElement(input).getDomProperty("value"));
        });
        browser.findElement(input).sendKeys(Keys.TAB);
        waitFor(d -> text.equals(d.findElement(input).getDomProperty("value")));
    }

    private void scrollTo(WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    private <T> T waitFor(ExpectedCondition<T> condition) {
        return chromium.waitFor(WAIT, condition);
    }

    private static By fieldInput(String componentId, int row) {
        return By.cssSelector("[id$='-" + domId(componentId, row) + "']");
    }

    private static String domId(String componentId, int row) {
        return row < 0 ? componentId : componentId + "_" + row;
    }
}
