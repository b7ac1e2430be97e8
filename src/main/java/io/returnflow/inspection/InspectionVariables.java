package io.returnflow.inspection;

import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;

/** The inspection's process variables and their JSON form. */
final class InspectionVariables {

    /** JSON list of {@link InspectionLine}: task-local on the inspection task, then on the process. */
    static final String ITEMS = "inspectionItems";
    /** String {@link InspectionOutcome}. */
    static final String OUTCOME = "inspectionOutcome";
    /** String: the user who completed the inspection. */
    static final String INSPECTED_BY = "inspectedBy";

    private static final ObjectMapper JSON = new ObjectMapper();

    private InspectionVariables() {
    }

    /** A JSON variable (type {@code Json}), as Camunda Forms submit lists. */
    static TypedValue json(String json) {
        return SpinValues.jsonValue(json).create();
    }

    /** The JSON text of a variable however a client sent it: Json, a String, or a deserialized object. */
    static String jsonText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof SpinJsonNode node) {
            return node.toString();
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        return value.toString();
    }
}
