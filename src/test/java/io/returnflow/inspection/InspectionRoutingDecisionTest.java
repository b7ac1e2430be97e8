package io.returnflow.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.HitPolicy;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One test per rule of {@code processes/inspection-routing.dmn}: each names the rule it expects to
 * fire, so that reordering or rewriting rules shows up here. Runs on a standalone DMN engine with
 * Camunda's default (FEEL) configuration, the one the process engine uses too.
 */
class InspectionRoutingDecisionTest {

    static final String DMNDI = "https://www.omg.org/spec/DMN/20191111/DMNDI/";
    static final String RESOURCE = "processes/inspection-routing.dmn";

    private static DmnEngine dmnEngine;
    private static DmnDecision decision;
    /** Ids of the rules that matched in the evaluations of the current test. */
    private static final List<String> firedRules = new ArrayList<>();

    @BeforeAll
    static void parseDecision() throws Exception {
        DmnDecisionTableEvaluationListener recordFiredRules = event -> event.getMatchingRules().stream()
                .map(DmnEvaluatedDecisionRule::getId)
                .forEach(firedRules::add);
        dmnEngine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration()
                .customPostDecisionTableEvaluationListeners(List.of(recordFiredRules))
                .buildEngine();
        try (InputStream in = resource()) {
            decision = dmnEngine.parseDecision(InspectionRoutingPolicy.DECISION_KEY, in);
        }
    }

    @BeforeEach
    void forgetFiredRules() {
        firedRules.clear();
    }

    @Test
    void theModelIsAFirstHitTableWithHistoryTimeToLive() throws Exception {
        try (InputStream in = resource()) {
            DmnModelInstance model = Dmn.readModelFromStream(in);
            Dmn.validateModel(model);
            Decision definition = model.getModelElementById(InspectionRoutingPolicy.DECISION_KEY);
            assertThat(definition.getName()).isEqualTo("Inspect by hand?");
            assertThat(definition.getCamundaHistoryTimeToLiveString()).isEqualTo("P180D");
            DecisionTable table = (DecisionTable) definition.getExpression();
            assertThat(table.getHitPolicy()).isEqualTo(HitPolicy.FIRST);
            assertThat(table.getRules()).isNotEmpty().allSatisfy(rule -> assertThat(rule.getDescription())
                    .as(rule.getId() + " annotation").isNotNull()
                    .extracting(description -> description.getTextContent().isBlank()).isEqualTo(false));
            assertThat(table.getRules()).extracting(Rule::getId).containsExactly(
                    "Rule_DoubtfulReason", "Rule_Valuable", "Rule_Automatic");
        }
    }

    @Test
    void aDoubtfulReasonIsInspectedByHandWhateverTheValue() {
        assertInspection(evaluate("NOT_AS_DESCRIBED", "1.00", "STANDARD"), "MANUAL");
        assertInspection(evaluate("WRONG_ITEM", "9999.00", "VIP"), "MANUAL");
        assertThat(firedRules).containsOnly("Rule_DoubtfulReason").hasSize(2);
    }

    @Test
    void itemsWorthMoreThan500AreInspectedByHand() {
        assertInspection(evaluate("DEFECTIVE", "500.01", "STANDARD"), "MANUAL");
        assertInspection(evaluate("CHANGED_MIND", "2000.00", "VIP"), "MANUAL");
        assertThat(firedRules).containsOnly("Rule_Valuable").hasSize(2);
    }

    @Test
    void theDiagramHasAShapeForTheDecisionSoThatModelerOpensIt() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document;
        try (InputStream in = resource()) {
            document = factory.newDocumentBuilder().parse(in);
        }
        NodeList shapes = document.getElementsByTagNameNS(DMNDI, "DMNShape");
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < shapes.getLength(); i++) {
            refs.add(((Element) shapes.item(i)).getAttribute("dmnElementRef"));
        }
        assertThat(document.getElementsByTagNameNS(DMNDI, "DMNDiagram").getLength()).isEqualTo(1);
        assertThat(refs).containsExactly(InspectionRoutingPolicy.DECISION_KEY);
    }

    @Test
    void everythingElseIsAcceptedAutomatically() {
        assertInspection(evaluate("DEFECTIVE", "500.00", "STANDARD"), "AUTOMATIC");
        assertInspection(evaluate("CHANGED_MIND", "99.00", "VIP"), "AUTOMATIC");
        assertThat(firedRules).containsOnly("Rule_Automatic").hasSize(2);
    }

    private static DmnDecisionRuleResult evaluate(String reason, String itemsTotal, String customerTier) {
        return dmnEngine.evaluateDecisionTable(decision, Variables.createVariables()
                        .putValue("reason", reason)
                        .putValue("itemsTotal", new BigDecimal(itemsTotal))
                        .putValue("customerTier", customerTier))
                .getSingleResult();
    }

    private static void assertInspection(DmnDecisionRuleResult result, String inspection) {
        assertThat(result).isNotNull();
        assertThat(result.get("inspection")).isEqualTo(inspection);
    }

    private static InputStream resource() {
        InputStream in = InspectionRoutingDecisionTest.class.getClassLoader().getResourceAsStream(RESOURCE);
        assertThat(in).as(RESOURCE + " on the classpath").isNotNull();
        return in;
    }
}
