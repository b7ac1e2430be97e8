package io.returnflow.platform;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Boot's error path as problem+json, in place of its {@code BasicErrorController} (whose JSON is not a
 * problem): what a filter or servlet answered with {@code sendError}, or an exception no handler caught,
 * wherever it happened (the API, the clerk's page, the webapps' static files). The answer is written here
 * whatever the request accepts, so that an error never turns into a 406 of its own.
 */
@Controller
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ObjectMapper json;
    private final DatabaseOutage databaseOutage;

    public ProblemErrorController(ObjectMapper json, DatabaseOutage databaseOutage) {
        this.json = json;
        this.databaseOutage = databaseOutage;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        // asked for directly, not forwarded by the container: there is nothing at this path
        int status = code instanceof Integer given ? given : HttpServletResponse.SC_NOT_FOUND;
        if (status < 400 && failure != null) {
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
        if (status >= 500 && failure instanceof Throwable t && DatabaseAway.isCause(t)) {
            // an outage that reached the error path past DatabaseOutageFilter (a filter outside it, an error dispatch)
            databaseOutage.write(request, response, json, t);
            return;
        }
        ProblemDetail problem;
        if (status >= 500 && failure instanceof Throwable t && unreadableBody(t) != null) {
            // a body whose framing is broken (a chunk that is not a chunk), met by code that wrapped the container's
            // refusal in its own exception (the webapps' JAX-RS): the client's mistake, as everywhere else
            problem = ProblemAnswers.problem(ProblemType.MALFORMED, "The request body cannot be read as sent: "
                    + unreadableBody(t).getMessage(), List.of());
        } else if (status >= 500) {
            String reference = UUID.randomUUID().toString();
            log.error("Error answered with {} on {}, reference {}", status,
                    LoggedPaths.of(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)), reference,
                    failure instanceof Throwable t ? t : null);
            problem = ProblemAnswers.withReference(status, reference);
        } else {
            problem = ProblemAnswers.problem(status, null);
        }
        ProblemAnswers.write(response, json, problem);
    }

    /** The container's refusal of a body it could not read (Tomcat's), anywhere in the failure's causes. */
    private static Throwable unreadableBody(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.coyote.BadRequestException) {
                return t;
            }
        }
        return null;
    }
}
