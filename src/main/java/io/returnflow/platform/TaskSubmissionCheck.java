package io.returnflow.platform;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.dto.VariableValueDto;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.json.SpinJsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Checks a submission of a user task made through the engine REST API ({@code POST .../task/{id}/complete}
 * or {@code .../submit-form}, as Tasklist sends it, and {@code .../resolve}, which writes its variables to the
 * journey as a completion does) before the engine sees it, with the task's own
 * {@link TaskDecisionRules}: a refused submission is answered 400 with every problem
 * ({@link #problem(TaskDecisionRefused)}), and nothing is written.
 *
 * <p>Why before the engine: a submission is refused with every problem, the submitted facts it may not change
 * included, before the engine starts the completion. The complete listeners keep the same rules for completions
 * made another way, and for facts that change after this check; the engine REST APIs answer their refusal the
 * same way ({@link TaskRefusalAnswers}).
 *
 * <p>The check runs with the caller's engine authentication (set by the REST API's and the webapps'
 * authentication filters): a task the caller cannot see is left to the engine, which answers 404 or 403.
 */
@Component
public class TaskSubmissionCheck {

    /** The problem {@code type} of a refused submission (after {@link ApiProblem#TYPE_BASE}). */
    public static final String PROBLEM_TYPE = "decision-refused";

    private static final Logger log = LoggerFactory.getLogger(TaskSubmissionCheck.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_ONLY_SUMMARY = "The task cannot be completed";
    /** The journeys' variable, and the log's MDC key, of the return a task is about. */
    private static final String MDC_RETURN_ID = "returnId";

    private final ProcessEngine engine;
    private final TaskDecisionRulesByKey rules;

    public TaskSubmissionCheck(ProcessEngine engine, List<TaskDecisionRules> rules) {
        this.engine = engine;
        this.rules = new TaskDecisionRulesByKey(rules);
    }

    /**
     * The refusal of a submission as the engine REST API received it (a body with {@code variables}, as
     * {@code complete}, {@code submit-form} and {@code resolve} take it); empty when the engine may go ahead, also
     * when the body cannot be read (the engine answers that).
     */
    public Optional<TaskDecisionRefused> refusal(String taskId, byte[] body, ObjectMapper restJson) {
        return submitted(taskId, body, restJson).flatMap(submitted -> refusal(taskId, submitted));
    }

    /**
     * The refusal of the variables sent with a BPMN error or an escalation thrown from a user task
     * ({@code bpmnError}, {@code bpmnEscalation}): the engine writes them to the journey with no more than the
     * right to work the task, and no decision is taken, so on a task with rules each may only be the value the
     * task already shows.
     */
    public Optional<TaskDecisionRefused> refusalOfVariablesWithoutDecision(String taskId, byte[] body,
                                                                          ObjectMapper restJson) {
        return submitted(taskId, body, restJson).flatMap(submitted -> {
            Task task = engine.getTaskService().createTaskQuery().taskId(taskId).singleResult();
            if (task == null || rulesOf(task).isEmpty() || submitted.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Object> current = engine.getTaskService().getVariables(taskId);
            List<ApiProblem.FieldError> errors = changedFacts(Set.of(), submitted, current);
            return errors.isEmpty() ? Optional.empty()
                    : Optional.of(refused(task, current, new TaskDecisionRefused(READ_ONLY_SUMMARY, errors)));
        });
    }

    /** The variables a body carries ({@code variables}, as the engine REST API reads them); empty if unreadable. */
    private Optional<Map<String, Object>> submitted(String taskId, byte[] body, ObjectMapper restJson) {
        try {
            JsonNode variables = restJson.readTree(body).path("variables");
            if (variables.isMissingNode() || variables.isNull()) {
                return Optional.of(Map.of());
            }
            Map<String, VariableValueDto> dtos = restJson.convertValue(variables, new TypeReference<>() {
            });
            return Optional.of(values(VariableValueDto.toMap(dtos, engine, restJson)));
        } catch (IOException | RuntimeException unreadable) {
            log.debug("Submission of task {} not checked ahead: {}", taskId, unreadable.getMessage());
            return Optional.empty();
        }
    }

    /** Empty also for a standalone task (e.g. operations' model reconciliation): no diagram, no key, no rules. */
    private Optional<TaskDecisionRules> rulesOf(Task task) {
        return rules.find(task.getTaskDefinitionKey());
    }

    /**
     * The refusal of a submission with these variables; empty when the engine may go ahead (valid, a task
     * without rules, or a task the caller cannot see).
     */
    public Optional<TaskDecisionRefused> refusal(String taskId, Map<String, Object> submitted) {
        Task task = engine.getTaskService().createTaskQuery().taskId(taskId).singleResult();
        if (task == null) {
            return Optional.empty();
        }
        Optional<TaskDecisionRules> owner = rulesOf(task);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> current = engine.getTaskService().getVariables(taskId);
        Set<String> inputs = owner.get().inputs(task.getTaskDefinitionKey());
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        String summary = READ_ONLY_SUMMARY;
        // the rules run as the engine runs the decision listener they check for: as the application, not as the
        // person in Tasklist (the engine checks no authorization in custom code; here, outside it, it would, and
        // would refuse e.g. evaluating an analysts' table). Finding the task above was the person's own.
        var caller = engine.getIdentityService().getCurrentAuthentication(); // its type is in an impl package
        engine.getIdentityService().clearAuthentication();
        try {
            // only the task's inputs are taken from the submission: the facts it is checked against (the
            // return's id above all) are the task's own
            owner.get().check(new TaskSubmission(task.getTaskDefinitionKey(),
                    name -> inputs.contains(name) && submitted.containsKey(name) ? submitted.get(name)
                            : current.get(name)));
        } catch (TaskDecisionRefused refused) {
            summary = refused.summary();
            errors.addAll(refused.errors());
        } finally {
            if (caller != null) {
                engine.getIdentityService().setAuthentication(caller.getUserId(), caller.getGroupIds(),
                        caller.getTenantIds());
            }
        }
        errors.addAll(changedFacts(inputs, submitted, current));
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(refused(task, current, new TaskDecisionRefused(summary, errors)));
    }

    private static TaskDecisionRefused refused(Task task, Map<String, Object> current, TaskDecisionRefused refusal) {
        // a person's mistake: one line, no stack trace
        Object returnId = current.get(MDC_RETURN_ID);
        try (MDC.MDCCloseable ignored = returnId == null ? null
                : MDC.putCloseable(MDC_RETURN_ID, returnId.toString())) {
            log.info("Submission of task '{}' ({}) refused: {}", task.getName(), task.getId(), refusal.getMessage());
        }
        return refusal;
    }

    /**
     * The 400 body: RFC 9457 ({@code type}, {@code title}, {@code status}, {@code detail} as plain text,
     * {@code errors: [{field, message}]}) plus the engine REST API's {@code message}, which Tasklist shows
     * in its notification next to the form: one line of text, every problem after a bullet. It holds no
     * markup (Tasklist 7.24 shows a Camunda Form's error as text, a tag would show as such), and the
     * problems' texts are HTML-escaped all the same, since other clients of the message render it as HTML
     * and an item's name comes from the merchant.
     */
    public static Map<String, Object> problem(TaskDecisionRefused refused) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ApiProblem.TYPE_BASE + PROBLEM_TYPE);
        body.put("title", refused.summary());
        body.put("status", 400);
        StringBuilder detail = new StringBuilder(refused.summary()).append(':');
        StringBuilder message = new StringBuilder(HtmlUtils.htmlEscape(refused.summary())).append(':');
        for (ApiProblem.FieldError error : refused.errors()) {
            detail.append("\n- ").append(error.message());
            message.append(" • ").append(HtmlUtils.htmlEscape(error.message()));
        }
        body.put("detail", detail.toString());
        body.put("message", message.toString());
        body.put("errors", refused.errors());
        return body;
    }

    /**
     * Submitted variables that are not the task's inputs and differ from what the task shows, or that the task
     * does not have at all (even empty: a new variable of the journey, which a later step might read).
     */
    private static List<ApiProblem.FieldError> changedFacts(Set<String> inputs, Map<String, Object> submitted,
                                                           Map<String, Object> current) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        submitted.forEach((name, value) -> {
            if (!inputs.contains(name) && (!current.containsKey(name) || !same(value, current.get(name)))) {
                errors.add(new ApiProblem.FieldError(name, name + " is not part of this decision and cannot be"
                        + " changed here"));
            }
        });
        return errors;
    }

    /** The plain values of submitted variables; JSON not yet read stays its text. */
    private static Map<String, Object> values(VariableMap variables) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : variables.keySet()) {
            TypedValue typed = variables.getValueTyped(name);
            Object value = typed == null ? null
                    : typed instanceof SerializableValue serializable && !serializable.isDeserialized()
                    ? serializable.getValueSerialized() : typed.getValue();
            values.put(name, value);
        }
        return values;
    }

    /** Whether two values say the same (a form sends facts back as text, numbers or JSON). */
    static boolean same(Object submitted, Object current) {
        String a = text(submitted);
        String b = text(current);
        if (a == null || b == null) {
            return a == null && b == null;
        }
        if (a.equals(b)) {
            return true;
        }
        if (submitted instanceof Number || current instanceof Number) {
            try {
                return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
            } catch (NumberFormatException notBothNumbers) {
                return false;
            }
        }
        try {
            JsonNode x = JSON.readTree(a);
            JsonNode y = JSON.readTree(b);
            return x != null && x.isContainerNode() && x.equals(y);
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof SpinJsonNode node) {
            return node.toString();
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return value.toString();
            }
        }
        return Text.trimToNull(value.toString());
    }
}
