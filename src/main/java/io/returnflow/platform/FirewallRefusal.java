package io.returnflow.platform;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ProblemDetail;

/**
 * The 400 for a request Spring Security's firewall refused, naming the part of the request refused: a header,
 * a query parameter, or the URL. The firewall checks the URL when the request arrives, but a header or a
 * parameter only when something reads it (a security filter, a controller's {@code @RequestHeader}), so the
 * refusal may surface in the filter chain or in Spring MVC; both answer with this. The refused bytes are never
 * echoed: a header or parameter is named only when its name is printable ASCII.
 */
final class FirewallRefusal {

    static final String URL_DETAIL = "The URL has a sequence this server does not accept: a double slash,"
            + " a semicolon, an encoded slash, percent sign, period or backslash, or a control character.";

    private FirewallRefusal() {
    }

    static ProblemDetail problem(HttpServletRequest firewalled) {
        HttpServletRequest request = unwrapped(firewalled);
        for (String name : Collections.list(request.getHeaderNames())) {
            boolean refusedName = !allowed(name);
            boolean refusedValue = Collections.list(request.getHeaders(name)).stream()
                    .anyMatch(value -> !allowed(value));
            if (refusedName || refusedValue) {
                return refused(refusedName || !printableAscii(name) ? null : headerName(name), "header",
                        "has a character this server does not accept: send header values as printable ASCII"
                                + " (percent-encode or Base64-encode other text)");
            }
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            // a body that cannot be read as parameters: the firewall refused something else
            parameters = Map.of();
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            boolean refusedName = !allowed(name);
            boolean refusedValue = parameter.getValue() != null
                    && java.util.Arrays.stream(parameter.getValue()).anyMatch(value -> !allowed(value));
            if (refusedName || refusedValue) {
                return refused(refusedName || !printableAscii(name) ? null : name, "parameter",
                        "has a character this server does not accept (a control character)");
            }
        }
        return ProblemAnswers.problem(ProblemType.REJECTED_REQUEST, URL_DETAIL, List.of());
    }

    /** The refusal of a header or parameter by its name, or (null) of one whose name is not safe to repeat. */
    private static ProblemDetail refused(String name, String part, String message) {
        if (name == null) {
            return ProblemAnswers.problem(ProblemType.REJECTED_REQUEST,
                    "A request " + part + " " + message + ".", List.of());
        }
        ApiProblem.FieldError error = new ApiProblem.FieldError(name, message);
        return ProblemAnswers.problem(ProblemType.REJECTED_REQUEST,
                "The " + part + " " + name + " " + message + ".", List.of(error));
    }

    /** The request as the container gave it, beneath the firewall's wrapper (which throws on what it refuses). */
    private static HttpServletRequest unwrapped(HttpServletRequest request) {
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        return inner instanceof HttpServletRequest http ? http : request;
    }

    /** The firewall's default test for header names and values and parameter names and values. */
    private static boolean allowed(String text) {
        return text.codePoints().allMatch(c -> Character.isDefined(c) && !Character.isISOControl(c));
    }

    /** A header's name as HTTP spells it ({@code Idempotency-Key}); the container gives it in lower case. */
    static String headerName(String name) {
        StringBuilder spelled = new StringBuilder(name.length());
        boolean start = true;
        for (char c : name.toCharArray()) {
            spelled.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == '-';
        }
        return spelled.toString();
    }

    private static boolean printableAscii(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
