package io.returnflow.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a query string that is not percent-encoded UTF-8 ({@code ?q=%}, {@code ?city=%E6%B7}) with a 400
 * naming the field, where Tomcat would silently drop the field and the request would be answered as if it
 * had not been sent. Camunda's own paths (engine REST, webapps) decode their queries themselves and are left
 * to them.
 */
class QueryEncodingCheck extends OncePerRequestFilter {

    private final ObjectMapper json;

    public QueryEncodingCheck(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getQueryString() == null || CamundaPaths.isCamundas(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> field = badlyEncodedField(request.getQueryString());
        if (field.isPresent()) {
            ApiProblem.FieldError error = new ApiProblem.FieldError(field.get(),
                    "is not percent-encoded UTF-8 (every % starts an escape of two hex digits)");
            ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.VALIDATION,
                    error.field() + ": " + error.message(), List.of(error)));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The first field whose name or value does not decode; its name, or "query" when the name itself does not. */
    static Optional<String> badlyEncodedField(String query) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            Optional<String> decodedName = decode(name);
            if (decodedName.isEmpty()) {
                return Optional.of("query");
            }
            if (equals >= 0 && decode(pair.substring(equals + 1)).isEmpty()) {
                return Optional.of(decodedName.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
