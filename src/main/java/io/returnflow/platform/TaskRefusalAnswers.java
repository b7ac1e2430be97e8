package io.returnflow.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Providers;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine REST APIs' answer to a {@link TaskDecisionRefused} thrown by a task's decision listener while the
 * engine completes the task: the 400 problem {@link TaskSubmissionCheck#problem(TaskDecisionRefused)} of the
 * check ahead, which Tasklist shows next to the form, instead of the engine's 500 (ENGINE-03051 inside a
 * {@code RestException}). It is the answer for a refusal the check ahead could not give: the facts changed between
 * the check and the completion (a store that stopped taking drop-offs, a window past its cut-off), or the check
 * could not read the body and left it to the engine.
 *
 * <p>Camunda registers its exception mappers by type ({@code RestException}, {@code ProcessEngineException},
 * {@code Throwable}) in both engine REST applications ({@code CamundaRestResources.getConfigurationClasses()}), and
 * Jersey takes the mapper of the nearest type. Each of these mappers takes one of those types with a higher priority
 * than Camunda's, answers the refusal when the exception's causes hold one, and leaves every other exception to
 * Camunda's own handling, unchanged but for its 500s about the request ({@link CamundaRequestFaults}: an id of the
 * path that matches nothing, a missing value), which take their 4xx. They are registered with
 * {@link TaskSubmissionFilter}'s auto-discovery, the one way into the webapps' engine REST application. A failure
 * because the database cannot be reached ({@link DatabaseAway}) is answered 503 with {@code Retry-After}, in
 * Camunda's format ({@link DatabaseOutage}).
 */
final class TaskRefusalAnswers {

    /** Ahead of Camunda's mappers, which have the default priority, for the same exception type. */
    static final int PRIORITY = Priorities.USER - 1000;

    private static final Logger log = LoggerFactory.getLogger(TaskRefusalAnswers.class);
    private static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");
    private static final ObjectMapper PLAIN_JSON = new ObjectMapper();

    private TaskRefusalAnswers() {
    }

    /** The refusal among the exception and its causes, if any. */
    public static Optional<TaskDecisionRefused> refusalIn(Throwable exception) {
        return causeIn(exception, TaskDecisionRefused.class);
    }

    private static <T extends Throwable> Optional<T> causeIn(Throwable exception, Class<T> type) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** 400 in Camunda's format ({@code type}, {@code message}), the message the engine's and the check's. */
    private static Response tableRefused(Throwable exception, DecisionOutputValuesCheck.OutsideDeclaredValues table) {
        log.info("Deployment refused: {}", table.getMessage());
        try {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(PLAIN_JSON.writeValueAsString(Map.of("type", "InvalidRequestException",
                            "message", exception.getMessage() + " " + table.getMessage())))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the refused deployment's answer", e);
        }
    }

    /** The 400 problem+json answer to a refused submission, written with the engine REST API's JSON set-up. */
    static Response response(TaskDecisionRefused refused, ObjectMapper json) {
        try {
            return Response.status(Response.Status.BAD_REQUEST).type(PROBLEM_JSON)
                    .entity(json.writeValueAsString(TaskSubmissionCheck.problem(refused))).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the refusal: " + refused.summary(), e);
        }
    }

    /** The engine REST API's own JSON configuration, else a plain one. */
    static ObjectMapper restJson(Providers providers) {
        ContextResolver<ObjectMapper> resolver = providers == null ? null
                : providers.getContextResolver(ObjectMapper.class, MediaType.APPLICATION_JSON_TYPE);
        ObjectMapper mapper = resolver == null ? null : resolver.getContext(ObjectMapper.class);
        return mapper != null ? mapper : new ObjectMapper();
    }

    private static Response answer(Throwable exception, Providers providers, UriInfo uri, HttpServletRequest request) {
        if (DatabaseAway.isCause(exception)) {
            return databaseAway(exception, request);
        }
        Optional<DecisionOutputValuesCheck.OutsideDeclaredValues> table = causeIn(exception,
                DecisionOutputValuesCheck.OutsideDeclaredValues.class);
        if (table.isPresent()) {
            // a deployment (Modeler's) refused for a table's cell: the engine's own message names only the file
            return tableRefused(exception, table.get());
        }
        Optional<TaskDecisionRefused> refused = refusalIn(exception);
        if (refused.isEmpty()) {
            ExceptionHandlerHelper camunda = ExceptionHandlerHelper.getInstance();
            if (camunda.getStatus(exception) != Response.Status.INTERNAL_SERVER_ERROR) {
                return camunda.getResponse(exception);
            }
            List<String> pathValues = uri == null ? List.of()
                    : uri.getPathParameters().values().stream().flatMap(List::stream).toList();
            // Camunda's answer, in its format, with the status of what is wrong with the request; not logged as the
            // server error Camunda's own answer would log it as
            return CamundaRequestFaults.clientStatus(exception, pathValues)
                    .map(status -> Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                            .entity(camunda.fromException(exception)).build())
                    .orElseGet(() -> camunda.getResponse(exception));
        }
        // a person's decision that cannot be carried out: one line, no stack trace
        log.info("Task completion refused by its decision listener: {}", refused.get().getMessage());
        return response(refused.get(), restJson(providers));
    }

    /**
     * A database that cannot be reached: 503 with {@code Retry-After} in Camunda's format ({@code type}, {@code
     * message}), the message saying no more than what to do (the exception's would name the database).
     */
    static Response databaseAway(Throwable exception, HttpServletRequest request) {
        DatabaseOutage.logged(request, exception);
        // set by DatabaseOutageFilter, which every request passes first; were it missing, the answer is still 503
        Object seconds = request == null ? null : request.getAttribute(DatabaseOutage.RETRY_AFTER_ATTRIBUTE);
        long retryAfter = seconds instanceof Long given ? given : 1L;
        try {
            // written here, not left to the application's JSON providers: a plain map of two strings
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.RETRY_AFTER, retryAfter)
                    .entity(PLAIN_JSON.writeValueAsString(DatabaseOutage.inCamundasFormat(exception, retryAfter)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the answer to an unreachable database", e);
        }
    }

    /** What each mapper below does: answers through {@link #answer}, whatever the exception it is for. */
    abstract static class Mapper<E extends Throwable> implements ExceptionMapper<E> {

        @Context
        private Providers providers;
        @Context
        private UriInfo uri;
        @Context
        private HttpServletRequest request;

        @Override
        public Response toResponse(E exception) {
            return answerFor(exception, request);
        }

        Response answerFor(E exception, HttpServletRequest request) {
            return answer(exception, providers, uri, request);
        }
    }

    /** Where Camunda answers a {@link RestException} (the task resource wraps the engine's failure in one). */
    @Priority(PRIORITY)
    public static class ForRestException extends Mapper<RestException> {
    }

    /** Where Camunda answers a {@link ProcessEngineException} (resources that let the engine's failure through). */
    @Priority(PRIORITY)
    public static class ForEngineException extends Mapper<ProcessEngineException> {
    }

    /** Where Camunda answers any other exception. */
    @Priority(PRIORITY)
    public static class ForAnyException extends Mapper<Throwable> {
    }
}
