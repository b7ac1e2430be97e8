package io.returnflow.platform;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report as problem+json instead of its HTML page: what Tomcat answers itself, before any
 * filter or servlet runs (a request line with raw non-ASCII bytes or an invalid %-escape, a path above the
 * root, headers larger than allowed), and a Transfer-Encoding it does not implement, which it answers 501 and
 * this valve 400: the framing of a request is the client's fault, not the server's. Errors the application reached
 * are answered by {@link ProblemErrorController}
 * on Boot's error path before this valve sees them; like Tomcat's own valve it writes nothing when the answer
 * already has a body.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    static final String TRANSFER_ENCODING = "Transfer-Encoding";
    static final String TRANSFER_ENCODING_MESSAGE = "has a transfer coding this server does not take: send the body"
            + " as it is (with Content-Length) or chunked";

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
        ProblemDetail problem;
        if (status == HttpServletResponse.SC_NOT_IMPLEMENTED
                && hasTransferCodingOtherThanChunked(request.getHeader(TRANSFER_ENCODING))) {
            // Tomcat's connector answers 501 for a Transfer-Encoding it does not implement (gzip, compress,
            // an unknown coding): the request's framing is the client's choice, and this server takes chunked only.
            // Any other 501 (a method or feature the server does not implement) stays what it is
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            problem = ProblemAnswers.problem(ProblemType.MALFORMED, TRANSFER_ENCODING + ": " + TRANSFER_ENCODING_MESSAGE,
                    List.of(new ApiProblem.FieldError(TRANSFER_ENCODING, TRANSFER_ENCODING_MESSAGE)));
        } else {
            problem = status == 400
                    ? ProblemAnswers.problem(ProblemType.MALFORMED,
                            "The request is not valid HTTP: percent-encode every byte of the URL that is not"
                                    + " printable ASCII (UTF-8, e.g. %E6%B7%B1), use valid %-escapes, and keep the"
                                    + " headers within their size limit.", List.of())
                    : ProblemAnswers.problem(status, null);
        }
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

    /** Whether a Transfer-Encoding header names a coding besides chunked, the one this server implements. */
    static boolean hasTransferCodingOtherThanChunked(String transferEncoding) {
        if (transferEncoding == null) {
            return false;
        }
        for (String coding : transferEncoding.split(",")) {
            String name = coding.strip();
            if (!name.isEmpty() && !name.equalsIgnoreCase("chunked")) {
                return true;
            }
        }
        return false;
    }
}
