package io.returnflow.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, in Camunda's own error format ({@code {"type": "InvalidRequestException", "message": ...}}), the
 * malformed requests that Camunda's engine REST API ({@code /engine-rest}) and webapps' API ({@code /camunda/api})
 * would otherwise answer with a 500, each a fault of the request, not of the engine:
 * <ul>
 *   <li>{@code firstResult} or {@code maxResults} that is not a non-negative whole number (the database refuses a
 *       negative offset or limit): 400;</li>
 *   <li>a JSON body beyond Jackson's read constraints (nested deeper than 1000 levels, a number longer than 1000
 *       characters; Camunda's JAX-RS provider lets that exception through): 400;</li>
 *   <li>a JSON body larger than configured ({@code returnflow.camunda-api.max-json-body}), as this check reads it
 *       into memory: 413;</li>
 *   <li>a JSON Content-Type with an empty, blank or {@code null} body to a resource method that reads a body
 *       ({@link CamundaBodyCheck}, once JAX-RS knows the method), or a Cockpit plugin's query without a body
 *       (Camunda's resources then get no object and dereference it unchecked, e.g. every query): 400;</li>
 *   <li>a webapp login that is not a form (its form parameters then fail as an illegal state): 415;</li>
 *   <li>an {@code Accept} without JSON on the webapps' own resources, which declare no media type and so find no
 *       writer for another one: 406.</li>
 * </ul>
 * Camunda's own 500s about the request (an id of the path that matches nothing, a missing value or body) are answered
 * with their 4xx by its exception mappers ({@link CamundaRequestFaults}). Everything else is left to Camunda, in its
 * format.
 */
class CamundaRequestCheck extends OncePerRequestFilter {


    private static final Set<String> PAGING = Set.of("firstResult", "maxResults");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,9}");
    private static final Pattern LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login/[^/]+");
    private static final Pattern WEBAPP_RESOURCE = Pattern.compile("/camunda/api/(admin|cockpit|tasklist|welcome)/.*");
    private static final String COCKPIT_PLUGINS = "/camunda/api/cockpit/plugin/";
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    /** The request attribute naming what a JSON body was instead of an object: "empty" or "null". */
    static final String ABSENT_BODY = CamundaRequestCheck.class.getName() + ".absentBody";

    private final ObjectMapper json;
    private final long maxJsonBody;

    /**
     * @param maxJsonBody the largest JSON body, in bytes, this check reads into memory; a larger one is refused 413
     */
    public CamundaRequestCheck(ObjectMapper json, long maxJsonBody) {
        if (maxJsonBody < 1 || maxJsonBody >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The largest JSON body must be from 1 byte to 2 GB, not " + maxJsonBody);
        }
        this.json = json;
        this.maxJsonBody = maxJsonBody;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = CamundaPaths.path(request);
        return !path.startsWith(CamundaPaths.ENGINE_REST) && !path.startsWith(CamundaPaths.WEBAPP_API);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = CamundaPaths.path(request);
        for (String name : PAGING) {
            for (String value : valuesOf(request, name)) {
                if (!WHOLE_NUMBER.matcher(value).matches()) {
                    refuse(response, HttpServletResponse.SC_BAD_REQUEST,
                            name + " must be a whole number from 0 to 999999999");
                    return;
                }
            }
        }
        if (LOGIN.matcher(path).matches() && !isType(request.getContentType(), MediaType.APPLICATION_FORM_URLENCODED)) {
            refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "A login is a form: send Content-Type application/x-www-form-urlencoded");
            return;
        }
        if (WEBAPP_RESOURCE.matcher(path).matches() && !path.contains("/static/") && !acceptsJson(request)) {
            refuse(response, HttpServletResponse.SC_NOT_ACCEPTABLE, "This resource answers application/json only");
            return;
        }
        // a Cockpit plugin's POST is always a query, whatever its Content-Type says
        boolean cockpitQuery = request.getMethod().equals("POST") && path.startsWith(COCKPIT_PLUGINS);
        if (BODY_METHODS.contains(request.getMethod())
                && (cockpitQuery || isType(request.getContentType(), MediaType.APPLICATION_JSON))) {
            // read into memory whole, so no more than a JSON body of the engine's API needs
            byte[] body = BodyReadAgain.readAtMost(request, maxJsonBody).orElse(null);
            if (body == null) {
                refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                        "The JSON body is larger than " + maxJsonBody + " bytes");
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8).strip();
            if (text.isEmpty() || text.equals("null")) {
                String absent = text.isEmpty() ? "empty" : "null";
                if (cockpitQuery) {
                    refuse(response, HttpServletResponse.SC_BAD_REQUEST, "The body is " + absent
                            + ": send the JSON object its Content-Type announces, or no Content-Type");
                    return;
                }
                // refused only where the resource method reads a body, which is known once JAX-RS has matched it
                request.setAttribute(ABSENT_BODY, absent);
            }
            String beyond = beyondReadConstraints(body);
            if (beyond != null) {
                refuse(response, HttpServletResponse.SC_BAD_REQUEST, beyond);
                return;
            }
            chain.doFilter(new BodyReadAgain(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Why Jackson's default read constraints refuse this JSON text (nesting deeper than
     * {@link StreamReadConstraints#DEFAULT_MAX_DEPTH}, a number longer than
     * {@link StreamReadConstraints#DEFAULT_MAX_NUM_LEN} characters), or null when they do not. Only the text outside
     * strings counts.
     */
    static String beyondReadConstraints(byte[] body) {
        int depth = 0;
        int numberLength = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            boolean numberPart = (b >= '0' && b <= '9') || b == '.' || b == '-' || b == '+' || b == 'e' || b == 'E';
            numberLength = numberPart ? numberLength + 1 : 0;
            if (numberLength > StreamReadConstraints.DEFAULT_MAX_NUM_LEN) {
                return "The JSON body has a number longer than " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN
                        + " characters";
            }
            if (b == '"') {
                inString = true;
            } else if ((b == '[' || b == '{') && ++depth > StreamReadConstraints.DEFAULT_MAX_DEPTH) {
                return "The JSON body is nested deeper than " + StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels";
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
        return null;
    }

    private static boolean acceptsJson(HttpServletRequest request) {
        List<String> accept = Collections.list(request.getHeaders("Accept"));
        if (accept.isEmpty()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(range -> range.includes(MediaType.APPLICATION_JSON) && range.getQualityValue() > 0);
        } catch (InvalidMediaTypeException e) {
            // not a list of media types: Camunda answers that itself
            return true;
        }
    }

    private static boolean isType(String contentType, MediaType type) {
        if (contentType == null) {
            return false;
        }
        try {
            return type.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The query's values of a parameter, read from the query string alone: the body is Camunda's to read. */
    private static List<String> valuesOf(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null || !query.contains(name)) {
            return List.of();
        }
        return java.util.Arrays.stream(query.split("&"))
                .filter(pair -> pair.equals(name) || pair.startsWith(name + "="))
                .map(pair -> pair.length() > name.length() ? pair.substring(name.length() + 1) : "")
                .toList();
    }

    private void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), CamundaPaths.invalidRequest(message));
    }
}
