package io.returnflow.platform;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;

/**
 * Which of the engine REST API's 500s are about the request, decided by the exception, where it was thrown and what
 * it names, not by its text alone: Camunda answers a failed lookup of the id in the request's path
 * ({@code /task/{id}/complete} of no such task: a {@code NullValueException}; a modification of no such instance:
 * the engine's {@code ProcessEngineException} ENGINE-13036) with a 500, and a resource's missing body with the
 * {@code NullPointerException} it runs into.
 *
 * <p>Only what failed before the engine ran any of the product's code counts: a failure raised while a delegate,
 * listener or expression ran (a synchronous next step of a completion whose return or store is gone, a database
 * error) is a server fault that rolls the request back and stays a 500, whatever its message says.
 */
final class CamundaRequestFaults {

    /** The frame every delegate, listener and expression the engine calls runs under. */
    private static final String DELEGATE_INVOCATION = "org.camunda.bpm.engine.impl.delegate.DelegateInvocation";
    private static final String REST_RESOURCES = "org.camunda.bpm.engine.rest.";
    private static final String ENGINE = "org.camunda.bpm.engine.";
    /** How the engine's own checks say that an id matches nothing. */
    private static final Pattern NOT_THERE = Pattern.compile(
            "(?i).*(doesn't exist|does not exist|cannot be found|cannot find|not found).*", Pattern.DOTALL);
    /** Java's message for a resource that dereferences its absent body, e.g. {@code "queryDto" is null}. */
    private static final Pattern ABSENT_BODY = Pattern.compile("(?s).*\\b\\w+Dto\\b.*is null.*");

    private CamundaRequestFaults() {
    }

    /**
     * The client error of a failure Camunda answers 500: 404 for its lookup of an id of the request's path that
     * matches nothing, 400 for a value the request lacks (the engine's own null check, or a resource's absent body);
     * empty for anything else, a server fault.
     *
     * @param failure    what the resource threw
     * @param pathValues the values of the request path's parameters ({@code id}, {@code key}, ...)
     */
    static Optional<Response.Status> clientStatus(Throwable failure, Collection<String> pathValues) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NullValueException || t instanceof NotFoundException) {
                if (ranProductCode(t)) {
                    return Optional.empty();
                }
                if (namesAny(t, pathValues)) {
                    return Optional.of(Response.Status.NOT_FOUND);
                }
                return t instanceof NullValueException ? Optional.of(Response.Status.BAD_REQUEST) : Optional.empty();
            }
            if (t instanceof ProcessEngineException && !ranProductCode(t) && thrownBy(t, ENGINE)
                    && namesAny(t, pathValues) && NOT_THERE.matcher(String.valueOf(t.getMessage())).matches()) {
                // the engine's own check that the path's id exists, e.g. ENGINE-13036 of a modification
                return Optional.of(Response.Status.NOT_FOUND);
            }
            if (t instanceof NullPointerException && !ranProductCode(t) && thrownBy(t, REST_RESOURCES)
                    && t.getMessage() != null && ABSENT_BODY.matcher(t.getMessage()).matches()) {
                return Optional.of(Response.Status.BAD_REQUEST);
            }
        }
        return Optional.empty();
    }

    /** Whether the failure was raised while the engine ran a delegate, listener or expression. */
    private static boolean ranProductCode(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().equals(DELEGATE_INVOCATION)) {
                return true;
            }
        }
        return false;
    }

    private static boolean thrownBy(Throwable failure, String packagePrefix) {
        StackTraceElement[] frames = failure.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith(packagePrefix);
    }

    /** Whether the failure's message names one of the values of the request's path. */
    private static boolean namesAny(Throwable failure, Collection<String> pathValues) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        return pathValues.stream().anyMatch(value -> !value.isEmpty() && message.contains(value));
    }
}
