package io.returnflow.platform;

import java.util.List;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Why the application refused to start with the profiles it was given: each problem names its property, and the
 * action says what to do about them. {@link Analyzer} (registered in META-INF/spring.factories) turns every kind
 * into Spring Boot's "APPLICATION FAILED TO START" report.
 */
public abstract class StartupRefusal extends IllegalStateException {

    private final String refused;
    private final List<String> problems;
    private final String action;

    /**
     * @param refused what is refused, the report's first line
     */
    protected StartupRefusal(String refused, List<String> profiles, List<String> problems, String action) {
        super("ReturnFlow does not start with the profiles " + profiles + ": " + String.join("; ", problems)
                + ". " + action);
        this.refused = refused;
        this.problems = List.copyOf(problems);
        this.action = action;
    }

    public List<String> problems() {
        return problems;
    }

    /** The startup report: what is refused, then one problem a line, then the action. */
    public FailureAnalysis analysis() {
        return new FailureAnalysis(refused + ":\n  " + String.join("\n  ", problems), action, this);
    }

    /** The startup report of every refusal (registered in META-INF/spring.factories). */
    public static final class Analyzer extends AbstractFailureAnalyzer<StartupRefusal> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, StartupRefusal cause) {
            return cause.analysis();
        }
    }
}
