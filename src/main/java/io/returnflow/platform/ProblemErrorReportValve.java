package io.returnflow.platform;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report as problem+json instead of its HTML page: what Tomcat answers itself, before any
 * filter or servlet runs (a request line with raw non-ASCII bytes or an invalid %-escape, a path above the
 * root, headers larger than allowed). Errors the application reached are answered by {@link ProblemErrorController}
 * on Boot's error path before this valve sees them; like Tomcat's own valve it writes nothing when the answer
 * already has a body.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    /** Plain Jackson: the members are strings and numbers, and the valve lives outside Spring's context. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemDetail problem = status == 400
                ? ProblemAnswers.problem(ProblemType.MALFORMED,
                        "The request is not valid HTTP: percent-encode every byte of the URL that is not"
                                + " printable ASCII (UTF-8, e.g. %E6%B7%B1), use valid %-escapes, and keep the"
                                + " headers within their size limit.", java.util.List.of())
                : ProblemAnswers.problem(status, null);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(ProblemAnswers.members(problem)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the answer is already on its way: nothing more to say
        }
    }
}
