package io.returnflow.returns;

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
 * One test per rule of {@code processes/freight-payer.dmn}: each names the rule it expects to fire,
 * so that reordering or rewriting rules shows up here. Runs on a standalone DMN engine with Camunda's
 * default (FEEL) configuration, the one the process engine uses too.
 */
class FreightPayerDecisionTest {

    static final String DMNDI = "https://www.omg.org/spec/DMN/20191111/DMNDI/";
    static final String RESOURCE = "processes/freight-payer.dmn";

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
            decision = dmnEngine.parseDecision(FreightPayerPolicy.DECISION_KEY, in);
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
            Decision definition = model.getModelElementById(FreightPayerPolicy.DECISION_KEY);
            assertThat(definition.getName()).isEqualTo("Who pays the return freight");
            assertThat(definition.getCamundaHistoryTimeToLiveString()).isEqualTo("P180D");
            DecisionTable table = (DecisionTable) definition.getExpression();
            assertThat(table.getHitPolicy()).isEqualTo(HitPolicy.FIRST);
            assertThat(table.getRules()).isNotEmpty().allSatisfy(rule -> assertThat(rule.getDescription())
                    .as(rule.getId() + " annotation").isNotNull()
                    .extracting(description -> description.getTextContent().isBlank()).isEqualTo(false));
            assertThat(table.getRules()).extracting(Rule::getId).containsExactly(
                    "Rule_SellersFault", "Rule_VipFreeReturn", "Rule_FreeReturnOver299", "Rule_BuyerPays");
        }
    }

    @Test
    void theMerchantPaysForItsOwnFaultsWhateverTheTierOrValue() {
        for (String reason : List.of("DEFECTIVE", "WRONG_ITEM", "DAMAGED_IN_TRANSIT")) {
            assertPays(evaluate(reason, "STANDARD", "10.00"), "MERCHANT", "defect-free-return");
        }
        assertPays(evaluate("DEFECTIVE", "VIP", "1000.00"), "MERCHANT", "defect-free-return");
        assertThat(firedRules).containsOnly("Rule_SellersFault").hasSize(4);
    }

    @Test
    void vipCustomersReturnFreeForAReasonOfTheirOwn() {
        assertPays(evaluate("CHANGED_MIND", "VIP", "10.00"), "MERCHANT", "vip-free-return");
        assertThat(firedRules).containsExactly("Rule_VipFreeReturn");
    }

    @Test
    void itemsWorth299OrMoreReturnFree() {
        assertPays(evaluate("SIZE_FIT", "STANDARD", "299.00"), "MERCHANT", "free-return-over-299");
        assertPays(evaluate("CHANGED_MIND", "GOLD", "1299.50"), "MERCHANT", "free-return-over-299");
        assertThat(firedRules).containsOnly("Rule_FreeReturnOver299").hasSize(2);
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
        assertThat(refs).containsExactly(FreightPayerPolicy.DECISION_KEY);
    }

    @Test
    void otherwiseTheBuyerPays() {
        assertPays(evaluate("CHANGED_MIND", "STANDARD", "99.00"), "BUYER", "buyer-pays");
        assertPays(evaluate("NOT_AS_DESCRIBED", "GOLD", "298.99"), "BUYER", "buyer-pays");
        assertThat(firedRules).containsOnly("Rule_BuyerPays").hasSize(2);
    }

    private static DmnDecisionRuleResult evaluate(String reason, String customerTier, String itemsTotal) {
        return dmnEngine.evaluateDecisionTable(decision, Variables.createVariables()
                        .putValue("reason", reason)
                        .putValue("customerTier", customerTier)
                        .putValue("itemsTotal", new BigDecimal(itemsTotal)))
                .getSingleResult();
    }

    private static void assertPays(DmnDecisionRuleResult result, String payer, String rule) {
        assertThat(result).isNotNull();
        assertThat(result.get("payer")).isEqualTo(payer);
        assertThat(result.get("rule")).isEqualTo(rule);
    }

    private static InputStream resource() {
        InputStream in = FreightPayerDecisionTest.class.getClassLoader().getResourceAsStream(RESOURCE);
        assertThat(in).as(RESOURCE + " on the classpath").isNotNull();
        return in;
    }
}
