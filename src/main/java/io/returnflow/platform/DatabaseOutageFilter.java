package io.returnflow.platform;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outside every other filter: a request whose work failed because the database is unreachable, wherever it
 * failed (the Basic login's password check in Spring Security's filters, an API key's lookup, the clerk's session
 * read or saved by Spring Session, the engine REST API's login), is answered 503 by {@link DatabaseOutage} instead
 * of Boot's error path's 500. Any other failure goes on as it was.
 */
class DatabaseOutageFilter extends OncePerRequestFilter {

    private final DatabaseOutage outage;
    private final ObjectMapper json;

    DatabaseOutageFilter(DatabaseOutage outage, ObjectMapper json) {
        this.outage = outage;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // for the engine REST APIs' exception mappers, which Jersey makes outside Spring's context
        request.setAttribute(DatabaseOutage.RETRY_AFTER_ATTRIBUTE, outage.retryAfterSeconds());
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseAway.isCause(e) || response.isCommitted()) {
                throw e;
            }
            String path = CamundaPaths.path(request);
            if (path.startsWith(CamundaPaths.ENGINE_REST) || path.startsWith(CamundaPaths.WEBAPP_API)) {
                // Camunda's REST APIs answer in their own format (e.g. the engine REST API's login failed)
                outage.writeInCamundasFormat(request, response, json, e);
            } else {
                outage.write(request, response, json, e);
            }
        }
    }
}
