package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import camundajar.impl.scala.util.Either;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.CustomFunction;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.FeelEngine.Failure;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CachingFeelEngine} answers as Camunda's {@link ScalaFeelEngine} does, with the same custom functions,
 * the first time and from its cache, and parses a text only once.
 */
class CachingFeelEngineTest {

    static final String PARSE_FAILURE = "FeelException: FEEL/SCALA-01008 Error while evaluating expression: "
            + "failed to parse expression ";
    static final String EVALUATION_FAILURE = "FeelException: FEEL/SCALA-01008 Error while evaluating expression: "
            + "failed to evaluate expression ";

    /** Custom functions, as an engine's dmnFeelCustomFunctionProviders bring them. */
    static final List<FeelCustomFunctionProvider> FUNCTIONS = List.of(new Functions(Map.of(
            "double", CustomFunction.create().setParams("x")
                    .setFunction(args -> ((Number) args.get(0)).longValue() * 2).build(),
            "refuse", CustomFunction.create().setParams("x")
                    .setFunction(args -> {
                        throw new IllegalStateException("refused " + args.get(0));
                    }).build())));

    final ScalaFeelEngine camunda = new ScalaFeelEngine(FUNCTIONS);
    final CountingParses caching = new CountingParses(100);

    static Stream<Arguments> unaryTests() {
        return Stream.of(
                arguments("< 10", 5, "true"),
                arguments("< 10", 10, "false"),
                arguments(">= 299", 299.0, "true"),
                arguments("[1..10]", 10, "true"),
                arguments("]1..10[", 10, "false"),
                arguments("\"apparel\",\"shoes\"", "shoes", "true"),
                arguments("\"apparel\",\"shoes\"", "food", "false"),
                arguments("not(\"DEFECTIVE\",\"DAMAGED_IN_TRANSIT\")", "CHANGED_MIND", "true"),
                arguments("not(\"DEFECTIVE\",\"DAMAGED_IN_TRANSIT\")", "DEFECTIVE", "false"),
                arguments("\"VIP\"", "VIP", "true"),
                arguments("\"VIP\"", "STANDARD", "false"),
                arguments(">= date(\"2024-01-01\")", LocalDate.of(2024, 3, 1), "true"),
                arguments("< date(\"2024-01-01\")", LocalDate.of(2024, 3, 1), "false"),
                arguments("< 10", null, "false"),
                arguments("null", null, "true"),
                arguments("-", null, "true"),
                arguments("-", "anything", "true"),
                // a variable next to the input, and a custom function
                arguments("? > limit", 11, "true"),
                arguments("double(?) = 8", 4, "true"),
                arguments("[1..", 1, PARSE_FAILURE + "'[1..'"),
                arguments("assert(?, ? > 100)", 5, "FeelException: FEEL/SCALA-01008 Error while evaluating "
                        + "expression: Assertion failure on evaluate the expression 'assert(?, ? > 100)'"),
                arguments("refuse(?)", 1,
                        EVALUATION_FAILURE + "'refuse(?)' : java.lang.IllegalStateException: refused 1"));
    }

    @ParameterizedTest(name = "{0} with input {1}")
    @MethodSource("unaryTests")
    void unaryTestsAnswerAsCamundasEngine(String tests, Object input, String expected) {
        // an input named otherwise than FEEL's default (cellInput), as a table's inputVariable can be
        VariableContext variables = Variables.createVariables()
                .putValue("value", input).putValue("limit", 10).asVariableContext();

        Outcome camundas = outcome(() -> camunda.evaluateSimpleUnaryTests(tests, "value", variables));

        assertThat(camundas.toString()).startsWith(expected);
        assertThat(outcome(() -> caching.evaluateSimpleUnaryTests(tests, "value", variables)))
                .as("first evaluation").isEqualTo(camundas);
        assertThat(outcome(() -> caching.evaluateSimpleUnaryTests(tests, "value", variables)))
                .as("from the cache").isEqualTo(camundas);
        assertThat(caching.parses).containsExactly("UNARY_TESTS " + tests);
    }

    static Stream<Arguments> expressions() {
        return Stream.of(
                arguments("x + 1", "6"),
                arguments("\"MERCHANT\"", "MERCHANT"),
                arguments("30", "30"),
                arguments("false", "false"),
                arguments("\"free-\" + \"return\"", "free-return"),
                arguments("date(\"2024-01-31\") + duration(\"P1D\")", "2024-02-01"),
                arguments("if x > 3 then \"big\" else \"small\"", "big"),
                arguments("[1, 2, x]", "[1, 2, 5]"),
                arguments("{total: x * 2}", "{total=10}"),
                arguments("double(x)", "10"),
                arguments("missing", "null"),
                arguments("null", "null"),
                arguments("x +", PARSE_FAILURE + "'x +'"),
                arguments("-", PARSE_FAILURE + "'-'"),
                arguments("assert(x, x > 100)", "FeelException: FEEL/SCALA-01008 Error while evaluating "
                        + "expression: Assertion failure on evaluate the expression 'assert(x, x > 100)'"),
                arguments("refuse(x)",
                        EVALUATION_FAILURE + "'refuse(x)' : java.lang.IllegalStateException: refused 5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expressions")
    void expressionsAnswerAsCamundasEngine(String expression, String expected) {
        VariableContext variables = Variables.createVariables().putValue("x", 5).asVariableContext();

        Outcome camundas = outcome(() -> camunda.evaluateSimpleExpression(expression, variables));

        assertThat(camundas.toString()).startsWith(expected);
        assertThat(outcome(() -> caching.evaluateSimpleExpression(expression, variables)))
                .as("first evaluation").isEqualTo(camundas);
        assertThat(outcome(() -> caching.evaluateSimpleExpression(expression, variables)))
                .as("from the cache").isEqualTo(camundas);
        assertThat(caching.parses).containsExactly("EXPRESSION " + expression);
    }

    @Test
    void parsesATextOnceWhateverTheVariables() {
        for (int days = 0; days < 40; days++) {
            VariableContext variables = Variables.createVariables()
                    .putValue("cellInput", days).putValue("window", 30).asVariableContext();
            assertThat(caching.evaluateSimpleUnaryTests("<= window", "cellInput", variables)).isEqualTo(days <= 30);
            assertThat((Object) caching.evaluateSimpleExpression("window - cellInput", variables))
                    .isEqualTo(30L - days);
        }

        assertThat(caching.parses).containsExactly("UNARY_TESTS <= window", "EXPRESSION window - cellInput");
    }

    @Test
    void keepsATextAsUnaryTestsApartFromTheSameTextAsAnExpression() {
        VariableContext variables = Variables.createVariables().putValue("cellInput", 30).asVariableContext();

        assertThat(caching.evaluateSimpleUnaryTests("30", "cellInput", variables)).isTrue();
        assertThat((Object) caching.evaluateSimpleExpression("30", variables)).isEqualTo(30L);
        assertThat(caching.evaluateSimpleUnaryTests("30", "cellInput", variables)).isTrue();

        assertThat(caching.parses).containsExactly("UNARY_TESTS 30", "EXPRESSION 30");
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfTextsTheLeastRecentlyUsedLeavingFirst() {
        CountingParses small = new CountingParses(2);
        VariableContext variables = Variables.createVariables().putValue("x", 1).asVariableContext();

        small.evaluateSimpleExpression("x + 1", variables);
        small.evaluateSimpleExpression("x + 2", variables);
        small.evaluateSimpleExpression("x + 3", variables);
        small.evaluateSimpleExpression("x + 3", variables);
        small.evaluateSimpleExpression("x + 2", variables);
        small.evaluateSimpleExpression("x + 1", variables);

        assertThat(small.parses).containsExactly(
                "EXPRESSION x + 1", "EXPRESSION x + 2", "EXPRESSION x + 3", "EXPRESSION x + 1");
    }

    @Test
    void answersRightFromManyThreadsWhileTextsComeAndGo() throws Exception {
        CountingParses small = new CountingParses(8);
        List<Callable<Void>> evaluators = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            evaluators.add(() -> {
                for (int i = 0; i < 2_000; i++) {
                    int limit = i % 20;
                    VariableContext variables = Variables.createVariables()
                            .putValue("cellInput", i % 25).asVariableContext();
                    assertThat(small.evaluateSimpleUnaryTests("< " + limit, "cellInput", variables))
                            .as("%d < %d", i % 25, limit).isEqualTo(i % 25 < limit);
                }
                return null;
            });
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (Future<Void> evaluator : threads.invokeAll(evaluators)) {
                evaluator.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static Outcome outcome(Supplier<Object> evaluation) {
        try {
            return new Outcome(evaluation.get(), null);
        } catch (RuntimeException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A value, or the exception's type and message. */
    record Outcome(Object value, String failure) {

        @Override
        public String toString() {
            return failure != null ? failure : String.valueOf(value);
        }
    }

    /** The engine under test, counting the texts it parses. */
    static class CountingParses extends CachingFeelEngine {

        final List<String> parses = new CopyOnWriteArrayList<>();

        CountingParses(int cacheSize) {
            super(FUNCTIONS, cacheSize);
        }

        @Override
        protected Either<Failure, ParsedExpression> parse(Kind kind, String text) {
            parses.add(kind + " " + text);
            return super.parse(kind, text);
        }
    }

    record Functions(Map<String, CustomFunction> byName) implements FeelCustomFunctionProvider {

        @Override
        public Optional<CustomFunction> resolveFunction(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public Collection<String> getFunctionNames() {
            return byName.keySet();
        }
    }
}
