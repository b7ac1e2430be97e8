package io.returnflow.platform;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body whose {@code Content-Type} is a wildcard ({@code application/*}, {@code *}{@code /*}) or
 * not a media type at all ({@code json}, {@code application/json; charset}) with a 415 naming {@code Content-Type},
 * on every endpoint, before Spring MVC reads the body: a wildcard makes Spring's request headers throw an
 * {@link IllegalArgumentException} (a 500), and an unparseable one a 415 that names no field. A body describes
 * itself with one media type; a wildcard only makes sense in {@code Accept}. Camunda's own paths (engine REST,
 * webapps) answer for their own bodies.
 *
 * <p>Likewise an {@code Accept} that is not a list of media ranges ({@code ;;;}, {@code *}{@code /*;q=abc},
 * an unknown charset) is answered 406 naming {@code Accept}, on every method.
 *
 * <p>Runs after Spring Security, so that an unauthenticated request is told to authenticate first, and reads the
 * header through the firewall, so that a value it refuses is a {@code rejected-request} like any other.
 */
class ContentTypeCheck extends OncePerRequestFilter {

    public static final String FIELD = HttpHeaders.CONTENT_TYPE;

    static final String ACCEPT = HttpHeaders.ACCEPT;
    static final String ACCEPT_REFUSAL = "is not a list of media ranges: send e.g. application/json, */*;q=0.8";

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final ObjectMapper json;

    public ContentTypeCheck(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return CamundaPaths.isCamundas(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = hasBody(request) ? refusal(request.getHeader(FIELD)) : null;
        if (refusal != null) {
            ApiProblem.FieldError error = new ApiProblem.FieldError(FIELD, refusal);
            ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    FIELD + ": " + refusal, List.of(error)));
            return;
        }
        if (!acceptable(Collections.list(request.getHeaders(ACCEPT)))) {
            ApiProblem.FieldError error = new ApiProblem.FieldError(ACCEPT, ACCEPT_REFUSAL);
            ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.NOT_ACCEPTABLE,
                    ACCEPT + ": " + ACCEPT_REFUSAL, List.of(error)));
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Whether these Accept headers parse as media ranges. Spring MVC answers one that does not with a 406 whose
     * problem it then cannot write (it negotiates the problem's own media type against the same header), so
     * the answer would have no body.
     */
    static boolean acceptable(List<String> accept) {
        try {
            MediaType.parseMediaTypes(accept);
            return true;
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean hasBody(HttpServletRequest request) {
        return BODY_METHODS.contains(request.getMethod()) || request.getContentLengthLong() > 0
                || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** Why this Content-Type cannot describe a body, or null when it can (or is absent). */
    static String refusal(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return "is not a media type: send type/subtype, e.g. application/json";
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            return "is a wildcard: name the body's one media type, e.g. application/json";
        }
        return null;
    }
}
