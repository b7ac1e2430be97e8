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
public final class ProblemResponses {

    /** The type and title a status has when nothing more specific is known. */
    public record Kind(String type, String title, String detail) {
    }

    private ProblemResponses() {
    }

    public static Kind kindOf(int status) {
        return switch (status) {
            case 400 -> new Kind("bad-request", "Bad request", "The request is not one this server can answer.");
            case 401 -> new Kind("unauthorized", "Authentication required", "Send HTTP Basic credentials of a ReturnFlow user.");
            case 403 -> new Kind("forbidden", "Forbidden", "Your user may not do this.");
            case 404 -> new Kind("not-found", "Not found", "Nothing is here: check the path.");
            case 405 -> new Kind("method-not-allowed", "Method not allowed", "This path does not take this method.");
            case 406 -> new Kind("not-acceptable", "Not acceptable",
                    "The answer is JSON: accept application/json or application/problem+json.");
            case 408 -> new Kind("request-timeout", "Request timeout", "The request took too long to arrive.");
            case 413 -> new Kind("payload-too-large", "Payload too large", "The request body is larger than allowed.");
            case 414 -> new Kind("uri-too-long", "URI too long", "The request's URL is longer than allowed.");
            case 415 -> new Kind("unsupported-media-type", "Unsupported media type",
                    "This path does not take a body of this Content-Type.");
            case 431 -> new Kind("request-header-fields-too-large", "Request header fields too large",
                    "The request's headers are larger than allowed.");
            case 503 -> new Kind("unavailable", "Service unavailable", "Try again shortly.");
            default -> status >= 500
                    ? new Kind("internal", "Internal error", "Something went wrong on our side.")
                    : new Kind("http-" + status, reasonOf(status), "The request cannot be answered as sent.");
        };
    }

    /** A problem of the given status in the API's shape, with the status's own type and title. */
    public static ProblemDetail problem(int status, String detail) {
        Kind kind = kindOf(status);
        return problem(status, kind.type(), kind.title(), detail == null ? kind.detail() : detail, List.of());
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

    private static String reasonOf(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        if (known == null) {
            return "Error";
        }
        String phrase = known.getReasonPhrase();
        return phrase.charAt(0) + phrase.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
