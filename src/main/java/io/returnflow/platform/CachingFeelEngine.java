package io.returnflow.platform;

import java.util.List;

import camundajar.impl.scala.collection.immutable.Map;
import camundajar.impl.scala.runtime.BoxesRunTime;
import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Left;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.FeelEngine.Failure;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.context.VariableProvider.CompositeVariableProvider;
import org.camunda.feel.context.VariableProvider.StaticVariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.springframework.util.ConcurrentLruCache;

/**
 * Camunda's FEEL engine for the decision tables ({@link ScalaFeelEngine}), parsing each expression text once.
 * The DMN engine hands over the text of every input expression, input entry and output entry of every rule on
 * every evaluation; under load, parsing them again took about four times the CPU of evaluating them. Everything else
 * is ScalaFeelEngine's: the variables, value mappers and custom functions, the results, and the
 * {@link org.camunda.bpm.dmn.feel.impl.FeelException} and its message when a text does not parse (remembered
 * too, so it fails the same way each time) or does not evaluate.
 * <p>
 * At most {@code cacheSize} texts are kept, the least recently used leaving first: each version of a table an
 * analyst deploys can bring new texts, and the older versions' texts stop being asked for.
 */
public class CachingFeelEngine extends ScalaFeelEngine {

    /** What a text is parsed as: the same text means different things as unary tests and as an expression. */
    protected enum Kind { UNARY_TESTS, EXPRESSION }

    private record Key(Kind kind, String text) {
    }

    private final ConcurrentLruCache<Key, Either<Failure, ParsedExpression>> parsed;

    public CachingFeelEngine(List<FeelCustomFunctionProvider> functionProviders, int cacheSize) {
        super(functionProviders);
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be at least 1, was " + cacheSize);
        }
        parsed = new ConcurrentLruCache<>(cacheSize, key -> parse(key.kind(), key.text()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T evaluateSimpleExpression(String expression, VariableContext variableContext) {
        return (T) evaluate(Kind.EXPRESSION, expression, new ContextVariableWrapper(variableContext));
    }

    @Override
    public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variableContext) {
        // as ScalaFeelEngine: the input's name for the unary tests' "?", then the variables
        VariableProvider input = new StaticVariableProvider(new Map.Map1<>(INPUT_VARIABLE_NAME, inputVariable));
        VariableProvider variables = new CompositeVariableProvider(
                toList(List.of(input, new ContextVariableWrapper(variableContext))));
        return BoxesRunTime.unboxToBoolean(evaluate(Kind.UNARY_TESTS, expression, variables));
    }

    /** Parses a text the engine has not kept; a seam for tests. */
    protected Either<Failure, ParsedExpression> parse(Kind kind, String text) {
        return kind == Kind.UNARY_TESTS ? feelEngine.parseUnaryTests(text) : feelEngine.parseExpression(text);
    }

    private Object evaluate(Kind kind, String text, VariableProvider variables) {
        ParsedExpression expression = valueOrThrow(parsed.get(new Key(kind, text)));
        Context context = new CustomContext() {
            @Override
            public VariableProvider variableProvider() {
                return variables;
            }
        };
        return valueOrThrow(feelEngine.eval(expression, context));
    }

    private static <T> T valueOrThrow(Either<Failure, T> result) {
        if (result instanceof Left<Failure, T> failure) {
            throw LOGGER.evaluationException(failure.value().message());
        }
        return result.toOption().get();
    }
}
