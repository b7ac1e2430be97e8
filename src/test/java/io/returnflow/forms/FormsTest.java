package io.returnflow.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.returnflow.inspection.InspectionLine;
import io.returnflow.inspection.InspectionOutcome;
import io.returnflow.returns.Disposition;

/**
 * The Camunda Forms in {@code forms/} as files: each one renders in the Tasklist of Camunda 7.24
 * (form-js 1.8, schema version 16, only the components that Tasklist knows), binds every value once,
 * shows the return's facts read-only, and submits exactly the variables the journey's gateways read
 * after its user task, with the values those gateways compare them to.
 */
class FormsTest {

    static final Path FORMS = Path.of("forms");
    static final Path JOURNEY = Path.of("processes", "return-journey.bpmn");

    /** The form-js components the Tasklist of 7.24 renders (no file picker, no document preview). */
    static final Set<String> SUPPORTED = Set.of("textfield", "textarea", "number", "datetime", "checkbox",
            "checklist", "radio", "select", "taglist", "text", "html", "image", "table", "iframe", "group",
            "dynamiclist", "expression", "spacer", "separator", "button");
    /** Components whose value is submitted under their {@code key}. */
    static final Set<String> KEYED = Set.of("textfield", "textarea", "number", "datetime", "checkbox", "checklist",
            "radio", "select", "taglist", "expression");

    /** The task-local facts a task-create listener sets for the forms; never edited by a person. */
    static final Set<String> FACTS = Set.of("returnId", "orderId", "customerName", "itemsSummary",
            "amountsSummary", "addressSummary", "attemptsSummary", "trackingSummary", "storeSummary",
            "offeredWindows", "storeOptions", "refundFailure", "exchangeOrderId", "exchangeStatus",
            "exchangeShopOrderId", "exchangeLinesText", "exchangeShortLinesText", "exchangeReason", "storeCreditFailure", "riskSummary");

    /** The forms of the journey and, per form, the decision radio and its values. */
    static final Map<String, Map<String, List<String>>> DECISIONS = Map.of(
            "resolve-failed-pickup", Map.of("failedPickupDecision", List.of("REBOOK", "SWITCH_TO_DROP_OFF", "CANCEL")),
            "investigate-missing-parcel",
            Map.of("missingParcelDecision", List.of("REFUND_ANYWAY", "KEEP_WAITING", "CLOSE_AS_LOST")),
            "inspect-returned-items", Map.of("inspectionOutcome",
                    Arrays.stream(InspectionOutcome.values()).map(Enum::name).toList()),
            "resolve-refund-failure",
            Map.of("refundFailureDecision", List.of("RETRY", "REFUNDED_ELSEWHERE", "ESCALATE")),
            "resolve-refused-exchange", Map.of("exchangeFallback", List.of("REFUND", "STORE_CREDIT")),
            "chase-exchange-order", Map.of("exchangeChaseDecision", List.of("KEEP_WAITING", "GIVE_UP")),
            "recover-instant-exchange", Map.of("instantExchangeRecovery", List.of("RECOVERED", "WRITTEN_OFF")),
            "resolve-store-credit-failure", Map.of("storeCreditFailureDecision", List.of("RETRY", "ISSUED_BY_HAND")),
            "review-return-risk", Map.of("riskReviewDecision", List.of("APPROVE", "REQUIRE_INSPECTION", "REJECT")));

    /** Fields a decision needs, each shown only for that decision (the contract's variable names). */
    static final Map<String, Map<String, String>> CONDITIONAL_FIELDS = Map.of(
            "resolve-failed-pickup", Map.of("rebookWindowStart", "REBOOK", "dropOffStoreId", "SWITCH_TO_DROP_OFF",
                    "cancelReason", "CANCEL"),
            "investigate-missing-parcel", Map.of("waitUntil", "KEEP_WAITING"),
            "inspect-returned-items", Map.of(),
            "resolve-refund-failure", Map.of("externalRefundReference", "REFUNDED_ELSEWHERE"),
            "resolve-refused-exchange", Map.of(),
            "chase-exchange-order", Map.of(),
            "recover-instant-exchange", Map.of(),
            "resolve-store-credit-failure", Map.of("storeCreditReference", "ISSUED_BY_HAND"),
            "review-return-risk", Map.of());

    /** The user tasks of the journey and the form each one references. */
    static final Map<String, String> USER_TASK_FORMS = Map.of(
            "Activity_ResolveFailedPickup", "resolve-failed-pickup",
            "Activity_InvestigateMissingParcel", "investigate-missing-parcel",
            "Activity_InspectReturnedItems", "inspect-returned-items",
            "Activity_ResolveRefundFailure", "resolve-refund-failure",
            "Activity_ResolveRefusedExchange", "resolve-refused-exchange",
            "Activity_ChaseExchangeOrder", "chase-exchange-order",
            "Activity_RecoverInstantExchange", "recover-instant-exchange",
            "Activity_RecoverShortInstantExchange", "recover-instant-exchange",
            "Activity_ResolveStoreCreditFailure", "resolve-store-credit-failure",
            "Activity_ReviewRiskyReturn", "review-return-risk");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> forms = new TreeMap<>();

    @BeforeAll
    static void readForms() throws IOException {
        try (Stream<Path> files = Files.list(FORMS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".form")).sorted().toList()) {
                String name = file.getFileName().toString();
                forms.put(name.substring(0, name.length() - ".form".length()), JSON.readTree(file.toFile()));
            }
        }
    }

    @Test
    void everyTaskKindHasItsForm() {
        assertThat(forms.keySet()).containsExactlyInAnyOrderElementsOf(DECISIONS.keySet());
    }

    @Test
    void everyFormIsSchemaVersion16WithItsFileNameAsId() {
        forms.forEach((name, form) -> {
            assertThat(form.isObject()).as(name).isTrue();
            assertThat(form.path("schemaVersion").asInt()).as(name + " schemaVersion").isEqualTo(16);
            assertThat(form.path("id").asText()).as(name + " id").isEqualTo(name);
            assertThat(form.path("type").asText()).as(name + " type").isEqualTo("default");
            assertThat(form.path("executionPlatform").asText()).as(name).isEqualTo("Camunda Platform");
            assertThat(form.path("executionPlatformVersion").asText()).as(name).startsWith("7.24");
            assertThat(form.path("components").isArray() && !form.path("components").isEmpty()).as(name).isTrue();
        });
    }

    @Test
    void usesOnlyComponentsTasklistRenders() {
        forms.forEach((name, form) -> eachComponent(form, (component, scope) ->
                assertThat(component.path("type").asText()).as(name + " " + component.path("id").asText())
                        .isIn(SUPPORTED)));
    }

    @Test
    void bindsEveryValueOnceAndNamesEveryComponentOnce() {
        forms.forEach((name, form) -> {
            Set<String> ids = new HashSet<>();
            Set<String> bindings = new HashSet<>();
            eachComponent(form, (component, scope) -> {
                String type = component.path("type").asText();
                assertThat(ids.add(component.path("id").asText())).as(name + " id " + component.path("id")).isTrue();
                if (KEYED.contains(type)) {
                    String key = component.path("key").asText();
                    assertThat(key).as(name + " " + component.path("id").asText() + " key").matches("[A-Za-z]\\w*");
                    assertThat(bindings.add(scope + key)).as(name + " binds " + scope + key + " twice").isTrue();
                }
                if (type.equals("dynamiclist") || type.equals("group") && component.hasNonNull("path")) {
                    assertThat(bindings.add(scope + component.path("path").asText()))
                            .as(name + " binds " + component.path("path") + " twice").isTrue();
                }
            });
        });
    }

    @Test
    void showsTheFactsReadOnly() {
        forms.forEach((name, form) -> {
            Map<String, JsonNode> fields = keyedFields(form, "");
            assertThat(fields).as(name).containsKeys("returnId", "orderId", "customerName", "amountsSummary");
            fields.forEach((key, field) -> {
                if (FACTS.contains(key)) {
                    assertThat(field.path("readonly").asBoolean()).as(name + " " + key + " is read-only").isTrue();
                }
            });
        });
        assertThat(keyedFields(forms.get("resolve-failed-pickup"), "")).containsKeys("attemptsSummary", "addressSummary");
        assertThat(keyedFields(forms.get("investigate-missing-parcel"), "")).containsKeys("trackingSummary");
        assertThat(keyedFields(forms.get("resolve-refund-failure"), "")).containsKeys("refundFailure");
        assertThat(keyedFields(forms.get("review-return-risk"), "")).containsKeys("riskSummary");
    }

    @Test
    void decisionsAreRequiredRadiosWithTheJourneysValues() {
        DECISIONS.forEach((name, decisions) -> decisions.forEach((key, values) -> {
            JsonNode radio = keyedFields(forms.get(name), "").get(key);
            assertThat(radio).as(name + " " + key).isNotNull();
            assertThat(radio.path("type").asText()).as(name + " " + key).isEqualTo("radio");
            assertThat(radio.path("validate").path("required").asBoolean()).as(name + " " + key + " required").isTrue();
            assertThat(radio.path("readonly").asBoolean()).as(name + " " + key).isFalse();
            assertThat(optionValues(radio)).as(name + " " + key).containsExactlyElementsOf(values);
        }));
    }

    @Test
    void fieldsOfOneDecisionAreRequiredAndShownOnlyForIt() {
        CONDITIONAL_FIELDS.forEach((name, fields) -> {
            String decision = DECISIONS.get(name).keySet().iterator().next();
            fields.forEach((key, value) -> {
                JsonNode field = keyedFields(forms.get(name), "").get(key);
                assertThat(field).as(name + " " + key).isNotNull();
                assertThat(field.path("validate").path("required").asBoolean()).as(name + " " + key).isTrue();
                assertThat(field.path("conditional").path("hide").asText()).as(name + " " + key)
                        .isEqualTo("=" + decision + " != \"" + value + "\"");
            });
        });
    }

    @Test
    void everyHideConditionIsFeelAndComparesADecisionWithOneOfItsValues() {
        Pattern comparison = Pattern.compile("(\\w+)\\s*!?=\\s*\"([^\"]*)\"");
        forms.forEach((name, form) -> {
            Map<String, JsonNode> fields = keyedFields(form, "");
            eachComponent(form, (component, scope) -> {
                String hide = component.path("conditional").path("hide").asText(null);
                if (hide == null) {
                    return;
                }
                assertThat(hide).as(name + " " + component.path("id").asText()).startsWith("=");
                Matcher m = comparison.matcher(hide);
                while (m.find()) {
                    JsonNode compared = fields.get(m.group(1));
                    assertThat(compared).as(name + ": " + hide + " reads a field of the form").isNotNull();
                    assertThat(optionValues(compared)).as(name + ": " + hide).contains(m.group(2));
                }
            });
        });
    }

    @Test
    void inspectionListsEveryItemWithTheInspectorsFields() {
        JsonNode form = forms.get("inspect-returned-items");
        JsonNode list = findComponent(form, c -> c.path("type").asText().equals("dynamiclist"));
        assertThat(list).isNotNull();
        assertThat(list.path("path").asText()).isEqualTo("inspectionItems");
        assertThat(list.path("isRepeating").asBoolean()).isTrue();
        // the rows are the returned lines: an inspector neither adds nor removes one
        assertThat(list.path("allowAddRemove").asBoolean()).isFalse();
        Map<String, JsonNode> row = keyedFields(list, "");
        assertThat(row.keySet()).containsExactlyInAnyOrder("lineId", "name", "quantity", "unitPrice", "condition",
                "acceptedQuantity", "deduction", "deductionReason", "disposition");
        for (String shown : List.of("lineId", "name", "quantity", "unitPrice")) {
            // read-only, not disabled: form-js leaves disabled fields out of the submitted rows
            assertThat(row.get(shown).path("readonly").asBoolean()).as(shown).isTrue();
            assertThat(row.get(shown).path("disabled").asBoolean()).as(shown).isFalse();
        }
        assertThat(row.get("condition").path("type").asText()).isEqualTo("select");
        assertThat(optionValues(row.get("condition")))
                .containsExactlyElementsOf(Arrays.stream(InspectionLine.Condition.values()).map(Enum::name).toList());
        // what the warehouse does with each line, from the server's list (the rows start from RESTOCK)
        assertThat(row.get("disposition").path("type").asText()).isEqualTo("select");
        assertThat(optionValues(row.get("disposition")))
                .containsExactlyElementsOf(Arrays.stream(Disposition.values()).map(Enum::name).toList());
        for (String entered : List.of("condition", "acceptedQuantity", "deduction", "disposition")) {
            assertThat(row.get(entered).path("validate").path("required").asBoolean()).as(entered).isTrue();
            assertThat(row.get(entered).path("readonly").asBoolean()).as(entered).isFalse();
        }
        assertThat(row.get("acceptedQuantity").path("type").asText()).isEqualTo("number");
        assertThat(row.get("acceptedQuantity").path("decimalDigits").asInt()).isZero();
        assertThat(row.get("deduction").path("type").asText()).isEqualTo("number");
        assertThat(row.get("deduction").path("decimalDigits").asInt()).isEqualTo(2);
        assertThat(row.get("deduction").path("validate").path("min").asInt(-1)).isZero();
        assertThat(row.get("deductionReason").path("type").asText()).isEqualTo("textfield");
        // a reason is asked for with a deduction and on a rejected return, as the server requires
        assertThat(row.get("deductionReason").path("conditional").path("hide").asText())
                .contains("this.deduction").contains("inspectionOutcome != \"REJECT\"");
    }

    @Test
    void eachUserTaskOfTheJourneyReferencesTheLatestVersionOfItsForm() {
        BpmnModelInstance journey = Bpmn.readModelFromFile(JOURNEY.toFile());
        Map<String, String> referenced = new TreeMap<>();
        for (UserTask task : journey.getModelElementsByType(UserTask.class)) {
            assertThat(task.getCamundaFormRef()).as(task.getId() + " camunda:formRef").isNotNull();
            assertThat(task.getCamundaFormRefBinding()).as(task.getId() + " camunda:formRefBinding")
                    .isEqualTo("latest");
            assertThat(forms).as(task.getId() + " references a form in forms/").containsKey(task.getCamundaFormRef());
            referenced.put(task.getId(), task.getCamundaFormRef());
        }
        assertThat(referenced).containsExactlyInAnyOrderEntriesOf(USER_TASK_FORMS);
    }

    @Test
    void eachFormSubmitsWhatTheGatewaysAfterItsTaskRead() {
        BpmnModelInstance journey = Bpmn.readModelFromFile(JOURNEY.toFile());
        Collection<UserTask> tasks = journey.getModelElementsByType(UserTask.class);
        assertThat(tasks).as("user tasks in " + JOURNEY).isNotEmpty();
        for (UserTask task : tasks) {
            JsonNode form = forms.get(task.getCamundaFormRef());
            assertThat(form).as(task.getId() + " form").isNotNull();
            Map<String, JsonNode> fields = keyedFields(form, "");
            List<String> conditions = conditionsAfter(task);
            assertThat(conditions).as("gateway conditions after " + task.getId()).isNotEmpty();
            Set<String> read = new LinkedHashSet<>();
            for (String condition : conditions) {
                read.addAll(variablesIn(condition));
                comparedValues(condition).forEach(comparison -> {
                    String variable = comparison.getKey();
                    String value = comparison.getValue();
                    JsonNode field = fields.get(variable);
                    assertThat(field).as(task.getId() + ": " + condition + " reads " + variable).isNotNull();
                    assertThat(optionValues(field)).as(task.getId() + ": " + condition).contains(value);
                });
            }
            assertThat(read).as("variables read after " + task.getId()).isNotEmpty();
            assertThat(fields.keySet()).as(task.getId() + " " + task.getCamundaFormRef()).containsAll(read);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * The conditions of the first deciding gateway after a user task: its outgoing flows are followed
     * through what decides nothing (service tasks such as "Record inspection", merging gateways, throw
     * events an analyst may add) until a gateway decides. So a harmless edit of the diagram between the
     * task and its decision does not matter here.
     */
    static List<String> conditionsAfter(UserTask task) {
        List<String> conditions = new ArrayList<>();
        Deque<FlowNode> next = new ArrayDeque<>(targets(task));
        Set<String> seen = new HashSet<>();
        while (!next.isEmpty()) {
            FlowNode node = next.poll();
            if (!seen.add(node.getId())) {
                continue;
            }
            List<String> decided = new ArrayList<>();
            if (node instanceof ExclusiveGateway gateway) {
                for (SequenceFlow flow : gateway.getOutgoing()) {
                    ConditionExpression condition = flow.getConditionExpression();
                    if (condition != null && condition.getTextContent() != null) {
                        decided.add(condition.getTextContent().trim());
                    }
                }
            }
            if (!decided.isEmpty()) {
                conditions.addAll(decided);
            } else if ((node instanceof Activity && !(node instanceof UserTask)) || node instanceof ExclusiveGateway
                    || node instanceof IntermediateThrowEvent) {
                next.addAll(targets(node));
            }
        }
        return conditions;
    }

    private static List<FlowNode> targets(FlowNode node) {
        return node.getOutgoing().stream().map(SequenceFlow::getTarget).toList();
    }

    private static final Set<String> EL_WORDS = Set.of("true", "false", "null", "empty", "not", "and", "or", "eq",
            "ne", "lt", "gt", "le", "ge", "div", "mod", "instanceof", "execution", "task");

    /** The variables a JUEL condition like {@code ${failedPickupDecision == 'REBOOK'}} reads. */
    static Set<String> variablesIn(String condition) {
        String code = condition.replaceAll("'[^']*'|\"[^\"]*\"", "''");
        Matcher m = Pattern.compile("(?<![\\w.])([A-Za-z_]\\w*)(?!\\s*\\()").matcher(code);
        Set<String> variables = new LinkedHashSet<>();
        while (m.find()) {
            if (!EL_WORDS.contains(m.group(1))) {
                variables.add(m.group(1));
            }
        }
        return variables;
    }

    /** Each variable with a string it is compared with, e.g. failedPickupDecision and REBOOK. */
    static List<Map.Entry<String, String>> comparedValues(String condition) {
        Matcher m = Pattern.compile("(\\w+)\\s*(?:==|!=|\\beq\\b|\\bne\\b)\\s*['\"]([^'\"]*)['\"]").matcher(condition);
        List<Map.Entry<String, String>> compared = new ArrayList<>();
        while (m.find()) {
            compared.add(Map.entry(m.group(1), m.group(2)));
        }
        return compared;
    }

    @Test
    void readsTheVariablesOfAGatewayCondition() {
        assertThat(variablesIn("${failedPickupDecision == 'REBOOK'}")).containsExactly("failedPickupDecision");
        assertThat(variablesIn("${inspectionOutcome == 'ACCEPT' || inspectionOutcome eq \"PARTIAL\"}"))
                .containsExactly("inspectionOutcome");
        assertThat(variablesIn("${!pickupAttemptsLeft && execution.getVariable('x') != null}"))
                .containsExactly("pickupAttemptsLeft");
        assertThat(comparedValues("${refundFailureDecision == 'RETRY'}"))
                .containsExactly(Map.entry("refundFailureDecision", "RETRY"));
        assertThat(comparedValues("${inspectionOutcome == 'ACCEPT' || inspectionOutcome == 'PARTIAL'}"))
                .containsExactly(Map.entry("inspectionOutcome", "ACCEPT"), Map.entry("inspectionOutcome", "PARTIAL"));
    }

    /** Keyed fields by key, in the given component's own scope (groups without a path are transparent). */
    static Map<String, JsonNode> keyedFields(JsonNode container, String scope) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        eachComponent(container, (component, componentScope) -> {
            if (componentScope.equals(scope) && KEYED.contains(component.path("type").asText())) {
                fields.put(component.path("key").asText(), component);
            }
        });
        return fields;
    }

    /** Every component below the container, with the data path it binds in ("" at the top, "list." inside). */
    static void eachComponent(JsonNode container, BiConsumer<JsonNode, String> visitor) {
        walk(container.path("components"), "", visitor);
    }

    private static void walk(JsonNode components, String scope, BiConsumer<JsonNode, String> visitor) {
        for (JsonNode component : components) {
            visitor.accept(component, scope);
            if (component.has("components")) {
                String path = component.path("path").asText("");
                walk(component.path("components"), path.isEmpty() ? scope : scope + path + ".", visitor);
            }
        }
    }

    private static JsonNode findComponent(JsonNode form, java.util.function.Predicate<JsonNode> test) {
        List<JsonNode> found = new ArrayList<>();
        eachComponent(form, (component, scope) -> {
            if (test.test(component)) {
                found.add(component);
            }
        });
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<String> optionValues(JsonNode field) {
        List<String> values = new ArrayList<>();
        field.path("values").forEach(v -> values.add(v.path("value").asText()));
        return values;
    }
}
