package io.returnflow.platform;

import java.io.IOException;
import java.io.PrintWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives a client error answered without a body the problem of its status: the actuator answers an unknown
 * health component or endpoint with a bare 404, a static file an unsatisfiable {@code Range} with a bare 416, and
 * neither goes through {@link ProblemHandlers} or Boot's error path. An answer with a body of its own, or one sent
 * with {@code sendError} (answered by {@link ProblemErrorController}), is left as it is. Camunda's own paths
 * (engine REST, webapps) answer in their own format and are left to them.
 */
class EmptyErrorAnswers extends OncePerRequestFilter {

    private final ObjectMapper json;

    public EmptyErrorAnswers(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return CamundaPaths.isCamundas(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Watched watched = new Watched(response);
        chain.doFilter(request, watched);
        int status = watched.getStatus();
        if (status >= 400 && status < 500 && !watched.wroteBody && !watched.sentError && !response.isCommitted()) {
            response.setContentLengthLong(-1);
            ProblemAnswers.write(response, json, ProblemAnswers.problem(status, null));
        }
        if (watched.flushDeferred) {
            response.flushBuffer();
        }
    }

    /**
     * The response as the application sees it, noting whether it wrote a body or sent an error; a flush of an
     * answer with no body yet waits until the filter has seen the status (Spring flushes a body-less answer).
     */
    private static final class Watched extends HttpServletResponseWrapper {

        private boolean wroteBody;
        private boolean sentError;
        private boolean flushDeferred;

        Watched(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            wroteBody = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            wroteBody = true;
            return super.getWriter();
        }

        @Override
        public void sendError(int status) throws IOException {
            sentError = true;
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            sentError = true;
            super.sendError(status, message);
        }

        @Override
        public void flushBuffer() throws IOException {
            if (wroteBody) {
                super.flushBuffer();
            } else {
                flushDeferred = true;
            }
        }
    }
}
