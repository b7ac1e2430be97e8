package io.returnflow.platform;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The problem+json answers for errors decided outside Spring MVC's handlers (Tomcat's connector, Spring
 * Security's firewall, Boot's error path, servlet filters), in the shape {@link ProblemHandlers} gives the
 * API's own: a {@code type} under {@link ApiProblem#TYPE_BASE}, a title, the status, a detail that says what
 * to change, and {@code errors: [{field, message}]} where a field of the input is at fault. A detail never
 * carries a stack trace, an exception's message or the server's name.
 */
public final class ProblemAnswers {

    private ProblemAnswers() {
    }

    /** A problem of the catalogue's type with this detail and field errors. */
    public static ProblemDetail problem(ProblemType type, String detail, List<ApiProblem.FieldError> errors) {
        return problem(type.status().value(), type.typeName(), type.title(), detail, errors);
    }

    /** A problem of the given status in the API's shape, with the status's own type and title. */
    public static ProblemDetail problem(int status, String detail) {
        ProblemType type = ProblemType.forStatus(status);
        return problem(status, type.typeName(), type.title(), detail == null ? type.genericDetail() : detail,
                List.of());
    }

    /** A server-side problem (5xx): no more than its status's detail and a reference to quote to support. */
    public static ProblemDetail withReference(int status, String reference) {
        ProblemDetail problem = problem(status,
                ProblemType.forStatus(status).genericDetail() + " Quote reference " + reference + " to support.");
        problem.setProperty("reference", reference);
        return problem;
    }

    public static ProblemDetail problem(int status, String type, String title, String detail,
                                        List<ApiProblem.FieldError> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        body.setType(URI.create(ApiProblem.TYPE_BASE + type));
        body.setTitle(title);
        if (!errors.isEmpty()) {
            body.setProperty("errors", errors);
        }
        return body;
    }

    /** Writes the problem as the whole answer, whatever the request's Accept header says. */
    public static void write(HttpServletResponse response, ObjectMapper json, ProblemDetail problem) throws IOException {
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The problem as plain JSON members, for writers without Spring's Jackson set-up (Tomcat's valve). */
    static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", String.valueOf(problem.getType()));
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }
}
