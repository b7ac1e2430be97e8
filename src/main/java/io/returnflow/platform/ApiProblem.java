package io.returnflow.platform;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A client error the API answers as {@code application/problem+json}. Thrown by services and
 * resources; {@link ProblemHandlers} turns it into the RFC 9457 body of API.md.
 */
public class ApiProblem extends RuntimeException {

    /** Base of the problem {@code type} URIs. */
    public static final String TYPE_BASE = "https://returnflow.dev/problems/";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extra;

    public ApiProblem(HttpStatus status, String type, String title, String detail, List<FieldError> errors,
                      Map<String, Object> extra) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extra = Map.copyOf(extra);
    }

    /** 400 naming the field at fault. */
    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, errors, Map.of());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail, List.of(), Map.of());
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, "Conflict", detail, List.of(), Map.of());
    }

    public static ApiProblem unprocessable(String type, String title, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, type, title, detail, List.of(), Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return URI.create(TYPE_BASE + type);
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    /** One field at fault, by its JSON path in the request ({@code items[0].quantity}). */
    public record FieldError(String field, String message) {
    }
}
