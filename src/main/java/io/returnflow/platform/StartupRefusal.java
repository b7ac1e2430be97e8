package io.returnflow.platform;

import java.util.List;

import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Why the application refused to start with the profiles it was given: each problem names its property, and the
 * action says what to do about them. A failure analyzer of each kind (registered in META-INF/spring.factories) turns
 * it into Spring Boot's "APPLICATION FAILED TO START" report with {@link #analysis}.
 */
public abstract class StartupRefusal extends IllegalStateException {

    private final List<String> problems;
    private final String action;

    protected StartupRefusal(List<String> profiles, List<String> problems, String action) {
        super("ReturnFlow does not start with the profiles " + profiles + ": " + String.join("; ", problems)
                + ". " + action);
        this.problems = List.copyOf(problems);
        this.action = action;
    }

    public List<String> problems() {
        return problems;
    }

    /** The startup report: what is refused, then one problem a line, then the action. */
    public FailureAnalysis analysis(String refused) {
        return new FailureAnalysis(refused + ":\n  " + String.join("\n  ", problems), action, this);
    }
}
