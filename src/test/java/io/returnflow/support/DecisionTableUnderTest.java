package io.returnflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.HitPolicy;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.returnflow.platform.CachingFeelEngine;

/**
 * An analysts' decision table from {@code processes/}, on a standalone DMN engine with Camunda's
 * default configuration and the application's FEEL engine ({@link CachingFeelEngine}) — what the
 * application's process engine uses too. It records which rules fired, so that a test per rule names the
 * rule it expects.
 */
public final class DecisionTableUnderTest {

    private static final String DMNDI = "https://www.omg.org/spec/DMN/20191111/DMNDI/";
    private static final int FEEL_CACHE_SIZE = 1_000;

    private final String resource;
    private final String key;
    private final DmnEngine engine;
    private final DmnDecision decision;
    private final List<String> firedRules = new ArrayList<>();

    public DecisionTableUnderTest(String resource, String key) {
        this.resource = resource;
        this.key = key;
        DmnDecisionTableEvaluationListener recordFiredRules = event -> event.getMatchingRules().stream()
                .map(DmnEvaluatedDecisionRule::getId)
                .forEach(firedRules::add);
        this.engine = new DefaultDmnEngineConfiguration()
                .feelEngineFactory(() -> new CachingFeelEngine(List.of(), FEEL_CACHE_SIZE))
                .customPostDecisionTableEvaluationListeners(List.of(recordFiredRules))
                .buildEngine();
        try (InputStream in = open()) {
            this.decision = engine.parseDecision(key, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single result of one evaluation ({@code null} when no rule matched). */
    public DmnDecisionRuleResult evaluate(VariableMap variables) {
        return engine.evaluateDecisionTable(decision, variables).getSingleResult();
    }

    /** Every result of one evaluation, in rule order (a table whose hit policy lets several rules answer). */
    public List<java.util.Map<String, Object>> evaluateAll(VariableMap variables) {
        return engine.evaluateDecisionTable(decision, variables).getResultList();
    }

    /** Ids of the rules that matched since the last {@link #forgetFiredRules()}. */
    public List<String> firedRules() {
        return firedRules;
    }

    public void forgetFiredRules() {
        firedRules.clear();
    }

    /**
     * What analysts and the engine rely on: the name, a history time to live, a FIRST-hit table whose
     * rules stand in this order and each carry an annotation, and a diagram shape so Modeler opens it.
     */
    public void assertWellFormed(String name, String... ruleIds) {
        assertWellFormed(HitPolicy.FIRST, name, ruleIds);
    }

    /** As {@link #assertWellFormed(String, String...)}, for a table of another hit policy. */
    public void assertWellFormed(HitPolicy hitPolicy, String name, String... ruleIds) {
        try (InputStream in = open()) {
            DmnModelInstance model = Dmn.readModelFromStream(in);
            Dmn.validateModel(model);
            Decision definition = model.getModelElementById(key);
            assertThat(definition.getName()).isEqualTo(name);
            assertThat(definition.getCamundaHistoryTimeToLiveString()).isEqualTo("P180D");
            DecisionTable table = (DecisionTable) definition.getExpression();
            assertThat(table.getHitPolicy()).isEqualTo(hitPolicy);
            assertThat(table.getRules()).isNotEmpty().allSatisfy(rule -> assertThat(rule.getDescription())
                    .as(rule.getId() + " annotation").isNotNull()
                    .extracting(description -> description.getTextContent().isBlank()).isEqualTo(false));
            assertThat(table.getRules()).extracting(Rule::getId).containsExactly(ruleIds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(diagramShapes()).as("one DMNDI shape, for the decision").containsExactly(key);
    }

    private List<String> diagramShapes() {
        try (InputStream in = open()) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(in);
            assertThat(document.getElementsByTagNameNS(DMNDI, "DMNDiagram").getLength()).isEqualTo(1);
            NodeList shapes = document.getElementsByTagNameNS(DMNDI, "DMNShape");
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < shapes.getLength(); i++) {
                refs.add(((Element) shapes.item(i)).getAttribute("dmnElementRef"));
            }
            return refs;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the diagram of " + resource, e);
        }
    }

    private InputStream open() {
        InputStream in = DecisionTableUnderTest.class.getClassLoader().getResourceAsStream(resource);
        assertThat(in).as(resource + " on the classpath").isNotNull();
        return in;
    }
}
