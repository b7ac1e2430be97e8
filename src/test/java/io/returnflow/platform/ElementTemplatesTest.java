package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.returnflow.support.BpmnDiagramChecks;

/**
 * The Camunda Modeler element templates in {@code processes/.camunda/element-templates/} (where Modeler
 * finds them for the diagrams next to that folder) are valid Camunda 7 templates, every service task of
 * every diagram names the template it is built from, at the template's current version, and applying
 * that template gives exactly what the engine runs: the same bean, the same asynchronous continuation,
 * the same retry cycle (which a Camunda 7 template cannot bind: it records it in its metadata and asks
 * for it in its description), the same input mappings. A template no diagram uses is a left-over.
 */
class ElementTemplatesTest {

    static final Path TEMPLATES = Path.of("processes", ".camunda", "element-templates");
    static final Path PROCESSES = Path.of("processes");

    /** The Camunda 7 schema ({@code @camunda/element-templates-json-schema}), not Camunda 8's (zeebe). */
    static final String SCHEMA_URI = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json";
    private static final String SCHEMA_RESOURCE = "element-templates-json-schema/schema.json";

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    /** The camunda: attributes of a service task that decide what the engine runs. */
    private static final List<String> ENGINE_ATTRIBUTES = List.of("class", "delegateExpression", "expression",
            "resultVariable", "type", "topic", "taskPriority", "asyncBefore", "asyncAfter", "exclusive",
            "jobPriority");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;
    /** "id@version" -> template, over every template file. */
    private static final Map<String, JsonNode> templates = new TreeMap<>();

    @BeforeAll
    static void readTemplatesAndSchema() throws IOException {
        try (InputStream in = ElementTemplatesTest.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            assertThat(in).as(SCHEMA_RESOURCE).isNotNull();
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
        for (Path file : templateFiles().toList()) {
            JsonNode content = JSON.readTree(file.toFile());
            for (JsonNode template : content.isArray() ? content : List.of(content)) {
                String key = template.path("id").asText() + "@" + template.path("version").asInt();
                assertThat(templates.put(key, template)).as(key + " defined twice").isNull();
            }
        }
    }

    static Stream<Path> templateFiles() throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    static Stream<Path> diagrams() throws IOException {
        try (Stream<Path> files = Files.list(PROCESSES)) {
            return files.filter(file -> file.toString().endsWith(".bpmn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("templateFiles")
    void templateFileIsValidAgainstTheCamunda7Schema(Path file) throws IOException {
        JsonNode content = JSON.readTree(file.toFile());
        assertThat(messages(schema.validate(content))).as(file.toString()).isEmpty();
        for (JsonNode template : content.isArray() ? content : List.of(content)) {
            String id = template.path("id").asText();
            assertThat(template.path("$schema").asText()).as(id + " $schema").isEqualTo(SCHEMA_URI);
            assertThat(template.path("version").isInt()).as(id + " has a version").isTrue();
            assertThat(template.path("name").asText()).as(id + " name").startsWith("ReturnFlow: ");
            assertThat(template.path("description").asText()).as(id + " description").isNotBlank();
            assertThat(template.path("appliesTo")).as(id + " appliesTo")
                    .containsExactly(JSON.getNodeFactory().textNode("bpmn:ServiceTask"));
        }
    }

    @Test
    void theSchemaRefusesWhatModelerCouldNotApply() {
        // the validator really checks: no id, and a binding Camunda 7 templates do not have
        JsonNode broken = JSON.valueToTree(Map.of(
                "$schema", SCHEMA_URI,
                "name", "Broken",
                "appliesTo", List.of("bpmn:ServiceTask"),
                "properties", List.of(Map.of("type", "Hidden", "value", "R5/PT30S",
                        "binding", Map.of("type", "camunda:failedJobRetryTimeCycle")))));
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void everyServiceTaskIsWhatItsTemplateApplies(Path diagram) {
        BpmnModelInstance model = Bpmn.readModelFromFile(diagram.toFile());
        List<String> problems = new ArrayList<>();
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            String id = diagram.getFileName() + " " + task.getId();
            String templateId = task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplate");
            String version = task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplateVersion");
            JsonNode template = templates.get(templateId + "@" + version);
            if (template == null) {
                problems.add(id + " names template " + templateId + " version " + version + ", which is not there");
                continue;
            }
            int newest = templates.values().stream().filter(t -> t.path("id").asText().equals(templateId))
                    .mapToInt(t -> t.path("version").asInt()).max().orElseThrow();
            if (newest != Integer.parseInt(version)) {
                problems.add(id + " uses " + templateId + " version " + version + ", the template is at " + newest);
            }

            Map<String, String> bound = new TreeMap<>();
            Map<String, String> boundInputs = new LinkedHashMap<>();
            for (JsonNode property : template.path("properties")) {
                JsonNode binding = property.path("binding");
                String value = property.path("value").asText();
                switch (binding.path("type").asText()) {
                    case "property" -> bound.put(binding.path("name").asText(), value);
                    case "camunda:inputParameter" -> boundInputs.put(binding.path("name").asText(), value);
                    default -> problems.add(templateId + " binds " + binding + ", which this test does not compare");
                }
            }
            for (String attribute : ENGINE_ATTRIBUTES) {
                String modelled = task.getAttributeValueNs(CAMUNDA_NS, attribute);
                String applied = bound.remove("camunda:" + attribute);
                if (!Objects.equals(modelled, applied)) {
                    problems.add(id + " camunda:" + attribute + " is " + modelled + ", its template applies " + applied);
                }
            }
            for (Map.Entry<String, String> other : bound.entrySet()) {
                String name = other.getKey();
                String modelled = name.startsWith("camunda:")
                        ? task.getAttributeValueNs(CAMUNDA_NS, name.substring("camunda:".length()))
                        : task.getAttributeValue(name);
                if (!other.getValue().equals(modelled)) {
                    problems.add(id + " " + name + " is " + modelled + ", its template applies " + other.getValue());
                }
            }
            if (!inputs(task).equals(boundInputs)) {
                problems.add(id + " maps inputs " + inputs(task) + ", its template " + boundInputs);
            }
            String cycle = template.path("metadata").path("failedJobRetryTimeCycle").asText(null);
            if (!Objects.equals(BpmnDiagramChecks.retryCycle(task), cycle)) {
                problems.add(id + " retries " + BpmnDiagramChecks.retryCycle(task) + ", its template says " + cycle);
            }
            if (cycle != null && !template.path("description").asText().contains(cycle)) {
                problems.add(templateId + " does not tell the Modeler user to set the retry cycle " + cycle);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyTemplateIsUsedByADiagram() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path diagram : diagrams().toList()) {
            for (ServiceTask task : Bpmn.readModelFromFile(diagram.toFile()).getModelElementsByType(ServiceTask.class)) {
                used.add(task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplate"));
            }
        }
        Set<String> defined = new TreeSet<>();
        templates.values().forEach(template -> defined.add(template.path("id").asText()));
        assertThat(used).containsExactlyElementsOf(defined);
    }

    private static Map<String, String> inputs(ServiceTask task) {
        Map<String, String> inputs = new LinkedHashMap<>();
        if (task.getExtensionElements() != null) {
            for (CamundaInputOutput io : task.getExtensionElements().getElementsQuery()
                    .filterByType(CamundaInputOutput.class).list()) {
                for (CamundaInputParameter input : io.getCamundaInputParameters()) {
                    inputs.put(input.getCamundaName(), input.getTextContent().trim());
                }
            }
        }
        return inputs;
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }
}
