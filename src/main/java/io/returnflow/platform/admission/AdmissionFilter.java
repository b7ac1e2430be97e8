package io.returnflow.platform.admission;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import io.returnflow.platform.ProblemAnswers;
import io.returnflow.platform.ProblemType;
import io.returnflow.platform.admission.AdmissionControl.Admitted;
import io.returnflow.platform.admission.AdmissionControl.Decision;
import io.returnflow.platform.admission.AdmissionControl.Endpoint;
import io.returnflow.platform.admission.AdmissionControl.Shed;

/**
 * Asks {@link AdmissionControl} about each request to an endpoint that gives the engine work, before anything
 * else is done for it: before the login is checked against the identity tables, before the body is read, before
 * an idempotency key is recorded. A refused request is answered 503 {@code unavailable} with
 * {@code Retry-After}; nothing of it was stored, so the same request (and the same {@code Idempotency-Key})
 * repeated later is new to ReturnFlow. Reads, webhooks and operations' own requests are never refused here.
 */
class AdmissionFilter extends OncePerRequestFilter {

    private record Guarded(Pattern path, Endpoint endpoint) {
    }

    /** POST only; paths as the controllers map them (ReturnResource, CheckInResource). */
    private static final List<Guarded> GUARDED = List.of(
            new Guarded(Pattern.compile("/api/returns"), Endpoint.CREATE_RETURN),
            new Guarded(Pattern.compile("/api/stores/[^/]+/check-ins"), Endpoint.CHECK_IN),
            new Guarded(Pattern.compile("/api/returns/[^/]+/cancellation"), Endpoint.CANCEL_RETURN));

    private final AdmissionControl control;
    private final ObjectMapper json;

    public AdmissionFilter(AdmissionControl control, ObjectMapper json) {
        this.control = control;
        this.json = json;
    }

    /** The guarded endpoint a request is for, if any. */
    static Endpoint endpointOf(String method, String path) {
        if (!"POST".equals(method)) {
            return null;
        }
        for (Guarded guarded : GUARDED) {
            if (guarded.path().matcher(path).matches()) {
                return guarded.endpoint();
            }
        }
        return null;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Endpoint endpoint = endpointOf(request.getMethod(),
                request.getRequestURI().substring(request.getContextPath().length()));
        if (endpoint == null) {
            chain.doFilter(request, response);
            return;
        }
        Decision decision = control.admit(endpoint);
        if (decision instanceof Shed shed) {
            refuse(response, shed);
            return;
        }
        try (Admitted admitted = (Admitted) decision) {
            chain.doFilter(request, response);
        }
    }

    private void refuse(HttpServletResponse response, Shed shed) throws IOException {
        String detail = switch (shed.reason()) {
            case BACKLOG -> "ReturnFlow is carrying more journeys than it can take on now; nothing was recorded. "
                    + "Repeat the request (with the same Idempotency-Key) in " + shed.retryAfterSeconds() + " s.";
            case IN_FLIGHT -> "ReturnFlow is handling as many of these requests as it can at once; nothing was "
                    + "recorded. Repeat the request in " + shed.retryAfterSeconds() + " s.";
        };
        ProblemDetail problem = ProblemAnswers.problem(ProblemType.UNAVAILABLE, detail, List.of());
        problem.setProperty("retryAfter", shed.retryAfterSeconds());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(shed.retryAfterSeconds()));
        ProblemAnswers.write(response, json, problem);
    }
}
