package io.returnflow.carrier.inbox;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.BodyReadAgain;
import io.returnflow.platform.LoggedPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a carrier push whose body is larger than {@code returnflow.carrier.inbox.max-push-size} with 413
 * (nothing stored, so a sender that cares can tell "too large" from "invalid signature"), and hands a smaller
 * one on with its form fields read from the body it has read.
 *
 * <p>Why it reads the body itself rather than letting Tomcat parse the form: above its own limit
 * ({@code server.tomcat.max-http-form-post-size}) Tomcat silently drops every field, and a chunked body has
 * no Content-Length to check beforehand, so the webhook would see no DataSign and answer 401. Counting bytes
 * by wrapping the input stream does not help either: Tomcat parses the form from its own buffer, not through
 * the servlet stream. So a declared Content-Length above the limit is refused unread; otherwise at most
 * limit + 1 bytes are read and the form is parsed here as UTF-8 (Kdniao's charset), whatever the
 * Content-Type says (Kdniao's headers are not reliable).
 */
public class PushSizeLimit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PushSizeLimit.class);

    private final int maxBytes;
    private final ObjectMapper json;

    public PushSizeLimit(DataSize maxPushSize, ObjectMapper json) {
        this.maxBytes = Math.toIntExact(maxPushSize.toBytes());
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = BodyReadAgain.readAtMost(request, maxBytes).orElse(null);
        if (body == null) {
            long declared = request.getContentLengthLong();
            tooLarge(request, response,
                    declared > maxBytes ? declared + " bytes" : "more than " + maxBytes + " bytes (chunked)");
            return;
        }
        chain.doFilter(new FormRequest(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, String size) throws IOException {
        log.warn("Carrier push to {} refused: {}, the limit is {} bytes", LoggedPaths.of(request.getRequestURI()), size, maxBytes);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "A carrier push may have at most " + maxBytes + " bytes.");
        problem.setType(URI.create(ApiProblem.TYPE_BASE + "payload-too-large"));
        problem.setTitle("Payload too large");
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The request with its body already read: the fields of the query string, then those of the body. */
    private static final class FormRequest extends BodyReadAgain {

        private final Map<String, String[]> parameters;

        FormRequest(HttpServletRequest request, byte[] body) {
            super(request, body);
            Map<String, List<String>> fields = new LinkedHashMap<>();
            parse(request.getQueryString(), fields);
            parse(new String(body, StandardCharsets.UTF_8), fields);
            Map<String, String[]> parameters = new LinkedHashMap<>();
            fields.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
            this.parameters = Collections.unmodifiableMap(parameters);
        }

        /** {@code a=1&b=x%20y}; a field that is not correctly encoded is left out, as Tomcat does. */
        private static void parse(String form, Map<String, List<String>> fields) {
            if (form == null || form.isEmpty()) {
                return;
            }
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                try {
                    String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                    String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                    fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                } catch (IllegalArgumentException badEscape) {
                    // skipped
                }
            }
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values.clone();
        }

        /** As UTF-8 whatever the Content-Type says, as the form is parsed. */
        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body()), StandardCharsets.UTF_8));
        }
    }
}
