package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.coyote.ActionCode;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's body-less 501 becomes the client's 400 only when a Transfer-Encoding it does not implement caused it;
 * every other 501 keeps its status. (The Transfer-Encoding over a real connection: {@link ErrorAnswersOverSocketTest}.)
 */
class ProblemErrorReportValveTest {

    private final StringWriter written = new StringWriter();

    @Test
    void answersAnUnimplementedTransferCodingAsTheClients400() throws Exception {
        Response response = bodyless501();

        new ProblemErrorReportValve().report(request("gzip, chunked"), response, null);

        verify(response).setStatus(400);
        JsonNode problem = new ObjectMapper().readTree(written.toString());
        assertThat(problem.path("type").asText()).isEqualTo(ApiProblem.TYPE_BASE + "malformed");
        assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("Transfer-Encoding");
    }

    @Test
    void leavesAnyOther501AsItIs() throws Exception {
        Response response = bodyless501();

        new ProblemErrorReportValve().report(request(null), response, null);

        verify(response, never()).setStatus(anyInt());
        JsonNode problem = new ObjectMapper().readTree(written.toString());
        assertThat(problem.path("status").asInt()).isEqualTo(501);
        assertThat(problem.path("errors").findValuesAsText("field")).doesNotContain("Transfer-Encoding");
    }

    @Test
    void readsTheCodingsOfTheHeader() {
        assertThat(ProblemErrorReportValve.hasTransferCodingOtherThanChunked(null)).isFalse();
        assertThat(ProblemErrorReportValve.hasTransferCodingOtherThanChunked(" Chunked ")).isFalse();
        assertThat(ProblemErrorReportValve.hasTransferCodingOtherThanChunked("gzip, chunked")).isTrue();
        assertThat(ProblemErrorReportValve.hasTransferCodingOtherThanChunked("x-unknown")).isTrue();
    }

    private static Request request(String transferEncoding) {
        Request request = mock(Request.class);
        when(request.getHeader("Transfer-Encoding")).thenReturn(transferEncoding);
        return request;
    }

    /** A 501 without a body yet, on a connection that can still be written to. */
    private Response bodyless501() throws Exception {
        Response response = mock(Response.class);
        when(response.getStatus()).thenReturn(501);
        when(response.getContentWritten()).thenReturn(0L);
        when(response.setErrorReported()).thenReturn(true);
        org.apache.coyote.Response coyote = mock(org.apache.coyote.Response.class);
        doAnswer(call -> {
            ((AtomicBoolean) call.getArgument(1)).set(true);
            return null;
        }).when(coyote).action(eq(ActionCode.IS_IO_ALLOWED), any());
        when(response.getCoyoteResponse()).thenReturn(coyote);
        when(response.getReporter()).thenReturn(new PrintWriter(written));
        return response;
    }
}
