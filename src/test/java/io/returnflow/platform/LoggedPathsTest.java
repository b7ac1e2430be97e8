package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The buyer's link token, a credential in the path of the buyer's page calls, never reaches the logs. */
@ExtendWith(OutputCaptureExtension.class)
class LoggedPathsTest {

    private static final String TOKEN = "RL-7K2M9Q4X8P.1767225600.q3Vb8Xn2Lc7Yt4Rm9Wd6Zf1Hs5Jg0AeUo2Ni8Kt4Mw1";
    private static final String CALL = "/returns/api/links/" + TOKEN + "/return";

    @Test
    void aDatabaseOutageLogsTheCallWithItsTokenMasked(CapturedOutput output) {
        DatabaseOutage.logged(new MockHttpServletRequest("POST", CALL), new IllegalStateException("down"));

        assertThat(output.getOut() + output.getErr()).contains("POST /returns/api/links/***/return answered 503")
                .doesNotContain(TOKEN);
    }

    @Test
    void anErrorAnsweredWith500LogsTheCallWithItsTokenMasked(CapturedOutput output) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("broken"));
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, CALL);
        MockHttpServletResponse response = new MockHttpServletResponse();

        new ProblemErrorController(new ObjectMapper(), null).error(request, response);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(output.getOut() + output.getErr()).contains("Error answered with 500 on /returns/api/links/***/return")
                .doesNotContain(TOKEN);
    }

    @Test
    void otherPathsAreLoggedAsTheyAre() {
        assertThat(LoggedPaths.of("/api/returns/R-1/timeline")).isEqualTo("/api/returns/R-1/timeline");
        assertThat(LoggedPaths.of("/returns/api/links/" + TOKEN)).isEqualTo("/returns/api/links/***");
        assertThat(LoggedPaths.of((Object) null)).isEqualTo("?");
    }
}
