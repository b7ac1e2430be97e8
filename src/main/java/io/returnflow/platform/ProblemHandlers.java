package io.returnflow.platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.springdoc.api.OpenApiResourceNotFoundException;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of the HTTP API as RFC 9457 problem+json; validation errors carry
 * {@code errors: [{field, message}]}. Bad input is always a 4xx, never a 500.
 */
@RestControllerAdvice
public class ProblemHandlers extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);

    private final ObjectMapper json;
    private final DatabaseOutage databaseOutage;

    public ProblemHandlers(ObjectMapper json, DatabaseOutage databaseOutage) {
        this.json = json;
        this.databaseOutage = databaseOutage;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setType(problem.type());
        body.setTitle(problem.title());
        if (!problem.errors().isEmpty()) {
            body.setProperty("errors", problem.errors());
        }
        problem.extra().forEach(body::setProperty);
        return ResponseEntity.status(problem.status()).body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return apiProblem(ApiProblem.invalid(e.getName(), "is not a valid value: " + e.getValue()));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<ApiProblem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new ApiProblem.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return apiProblem(ApiProblem.invalid(errors));
    }

    /** Two changes to one journey at once (e.g. a cancellation racing a courier scan): the caller retries. */
    @ExceptionHandler(OptimisticLockingException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingException e) {
        log.info("Concurrent change answered with 409: {}", e.getMessage());
        return apiProblem(ApiProblem.conflict("concurrent-change",
                "The return changed while this request was handled; repeat the request."));
    }

    /**
     * A header or parameter the firewall refused when a controller read it ({@code @RequestHeader}, content
     * negotiation): written here whatever the request accepts, since its {@code Accept} may be what was refused.
     */
    @ExceptionHandler(RequestRejectedException.class)
    void requestRejected(HttpServletRequest request, HttpServletResponse response) throws IOException {
        log.debug("Request refused by the firewall in Spring MVC");
        ProblemAnswers.write(response, json, FirewallRefusal.problem(request));
    }

    /**
     * A body that is not the multipart/form-data its {@code Content-Type} announces (no boundary, parts not
     * separated by it), on any path: Spring reads a multipart body before it looks for the handler.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> notMultipart(MultipartException e) {
        log.debug("Multipart body refused: {}", e.getMessage());
        String message = "announces a multipart/form-data body the request does not have: name its boundary and"
                + " separate the parts by it";
        return apiProblem(new ApiProblem(HttpStatus.BAD_REQUEST, ProblemType.MALFORMED.typeName(),
                ProblemType.MALFORMED.title(), ContentTypeCheck.FIELD + ": " + message,
                List.of(new ApiProblem.FieldError(ContentTypeCheck.FIELD, message)), java.util.Map.of()));
    }

    /** An API description group that does not exist ({@code /v3/api-docs/no-such-group}): nothing is there. */
    @ExceptionHandler(OpenApiResourceNotFoundException.class)
    ResponseEntity<ProblemDetail> noSuchApiDescription() {
        return apiProblem(ApiProblem.notFound(ProblemType.NOT_FOUND.genericDetail()));
    }

    /**
     * A bug, not bad input: logged with a reference the caller can quote, answered as problem+json. A database that
     * cannot be reached is no bug: 503 with {@code Retry-After} ({@link DatabaseOutage}).
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (DatabaseAway.isCause(e)) {
            return databaseOutage.entity(request, e);
        }
        String reference = java.util.UUID.randomUUID().toString();
        log.error("Unexpected error, reference {}", reference, e);
        return apiProblem(new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "Something went wrong on our side; quote reference " + reference + " to support.",
                java.util.List.of(), java.util.Map.of("reference", reference)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(fe ->
                errors.add(new ApiProblem.FieldError(fe.getField(), fe.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors().forEach(ge ->
                errors.add(new ApiProblem.FieldError(ge.getObjectName(), ge.getDefaultMessage())));
        return asObject(apiProblem(ApiProblem.invalid(errors)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (ex.getCause() instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = jsonPath(jme.getPath());
            return asObject(apiProblem(ApiProblem.invalid(field, "has a value of the wrong type or format")));
        }
        return asObject(apiProblem(new ApiProblem(HttpStatus.BAD_REQUEST, "malformed", "Malformed request",
                "The request body is not valid JSON.", List.of(), java.util.Map.of())));
    }

    /** A Content-Type the endpoint does not take: the field at fault is the header. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        ResponseEntity<Object> entity = super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
        if (entity != null && entity.getBody() instanceof ProblemDetail problem) {
            problem.setProperty("errors", List.of(new ApiProblem.FieldError(ContentTypeCheck.FIELD,
                    "is not a media type this endpoint takes")));
        }
        return entity;
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return asObject(apiProblem(ApiProblem.invalid(ex.getParameterName(), "is required")));
    }

    /**
     * Spring MVC's own problems (no such path, method, media type, a body too large...) in the API's shape:
     * its {@code about:blank} becomes the status's type and title, and a server-side one says no more than
     * a reference.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> entity = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (entity != null && entity.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            ProblemType type = ProblemType.forStatus(problem.getStatus());
            problem.setType(type.uri());
            problem.setTitle(type.title());
            if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
                problem.setDetail(type.genericDetail());
            } else if (problem.getStatus() >= 500) {
                String reference = java.util.UUID.randomUUID().toString();
                log.error("Error answered with {}, reference {}", problem.getStatus(), reference, ex);
                ProblemDetail answer = ProblemAnswers.withReference(problem.getStatus(), reference);
                problem.setDetail(answer.getDetail());
                problem.setProperty("reference", reference);
            }
        }
        return entity;
    }

    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> entity) {
        return ResponseEntity.status(entity.getStatusCode()).body(entity.getBody());
    }

    static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String lastNode(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
