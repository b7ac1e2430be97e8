package io.returnflow.platform;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The answer to a request whose work failed because the database is unreachable ({@link DatabaseAway}): 503
 * {@code unavailable} problem+json with {@code Retry-After}, so that a client repeats it later. The request's
 * transaction rolled back, so nothing of it was stored and the same request repeated is new to ReturnFlow.
 * Logged as one WARN line naming the request and the database's error, without a stack trace: an outage fails
 * every request at once, and its stacks would bury the log.
 *
 * <p>Given by {@link DatabaseOutageFilter} (outside every other filter: Spring Security's logins, the clerk's
 * session store), {@link ProblemHandlers} (Spring MVC), {@link ProblemErrorController} (Boot's error path) and
 * the engine REST APIs' exception mappers ({@link TaskRefusalAnswers}, in Camunda's format).
 */
public final class DatabaseOutage {

    /** The request attribute holding the seconds of {@code Retry-After}, for writers outside Spring's context. */
    public static final String RETRY_AFTER_ATTRIBUTE = DatabaseOutage.class.getName() + ".retryAfter";

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

    private final long retryAfterSeconds;

    public DatabaseOutage(DatabaseOutageProperties properties) {
        this.retryAfterSeconds = properties.retryAfter().toSeconds();
    }

    /** Seconds a client is told to wait. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The problem a client is answered. */
    public ProblemDetail problem() {
        return problem(retryAfterSeconds);
    }

    static ProblemDetail problem(long retryAfterSeconds) {
        ProblemDetail problem = ProblemAnswers.problem(ProblemType.UNAVAILABLE, "ReturnFlow cannot reach its database "
                + "now; nothing of this request was recorded. Repeat it (with the same Idempotency-Key) in "
                + retryAfterSeconds + " s.", List.of());
        problem.setProperty("retryAfter", retryAfterSeconds);
        return problem;
    }

    /** The answer as Spring MVC writes it. */
    public ResponseEntity<ProblemDetail> entity(HttpServletRequest request, Throwable failure) {
        logged(request, failure);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)).body(problem());
    }

    /** Writes the answer as the whole response. */
    public void write(HttpServletRequest request, HttpServletResponse response, ObjectMapper json, Throwable failure)
            throws IOException {
        logged(request, failure);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        ProblemAnswers.write(response, json, problem());
    }

    /** Writes the answer in the format of Camunda's REST APIs ({@code type}, {@code message}), status 503. */
    void writeInCamundasFormat(HttpServletRequest request, HttpServletResponse response, ObjectMapper json,
                               Throwable failure) throws IOException {
        logged(request, failure);
        response.resetBuffer();
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), inCamundasFormat(failure, retryAfterSeconds));
    }

    /** Camunda's {@code ExceptionDto} members: the failure's class, and a message that names no database. */
    static Map<String, Object> inCamundasFormat(Throwable failure, long retryAfterSeconds) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", failure.getClass().getSimpleName());
        members.put("message", problem(retryAfterSeconds).getDetail());
        return members;
    }

    /** One line: the request, and the database's own error (its class and SQLState), no stack. */
    static void logged(HttpServletRequest request, Throwable failure) {
        String path = LoggedPaths.of(request);
        String cause = DatabaseAway.evidence(failure)
                .map(e -> e.getClass().getName() + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")"))
                .orElse(String.valueOf(failure));
        log.warn("Database unreachable, {} answered 503: {}", path, cause);
    }
}
