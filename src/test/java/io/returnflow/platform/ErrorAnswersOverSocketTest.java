package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every error the application answers is RFC 9457 problem+json, wherever it is decided: in Tomcat's
 * connector (a request line that is not HTTP), in Spring Security's firewall, in Spring MVC (no such
 * path, method, media type) or on Boot's error path. Spoken over a raw socket, because an HTTP client
 * would encode (or refuse to send) exactly the bytes these cases are about.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ErrorAnswersOverSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.US_ASCII)) + "\r\n";
    private static final String MERCHANT = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("merchant:merchant".getBytes(StandardCharsets.US_ASCII)) + "\r\n";
    /** A header line of raw UTF-8 bytes, as the ISO-8859-1 characters {@link #send} writes byte for byte. */
    private static final String UTF8_IDEMPOTENCY_KEY = "Idempotency-Key: "
            + new String("退货-1".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + "\r\n";

    @LocalServerPort
    int port;

    /**
     * One wrong request: the bytes of its request line's target, further header lines, a body, and the
     * answer expected: its status, the end of its problem type, and the field at fault (null: none).
     */
    record Case(String name, byte[] target, String method, String headers, String body, int status, String type,
                String field) {

        Case(String name, String target, String method, String headers, String body, int status, String type,
             String field) {
            this(name, target.getBytes(StandardCharsets.ISO_8859_1), method, headers, body, status, type, field);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> wrongRequests() {
        byte[] nonAsciiQuery = concat("/api/returns?city=".getBytes(StandardCharsets.US_ASCII),
                "深圳市".getBytes(StandardCharsets.UTF_8));
        byte[] nonAsciiPath = concat("/api/returns/".getBytes(StandardCharsets.US_ASCII),
                "退货".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                // Tomcat's connector: not HTTP
                new Case("raw non-ASCII bytes in the query", nonAsciiQuery, "GET", ADMIN, null, 400, "malformed", null),
                new Case("raw non-ASCII bytes in the path", nonAsciiPath, "GET", ADMIN, null, 400, "malformed", null),
                new Case("raw backslash in the path", "/api\\returns", "GET", ADMIN, null, 400, "malformed", null),
                new Case("invalid %-escape in the path", "/api/returns/%ZZ", "GET", ADMIN, null, 400, "malformed", null),
                new Case("a path above the root", "/../api/returns", "GET", ADMIN, null, 400, "malformed", null),
                // Tomcat refuses an encoded slash or backslash before the firewall would
                new Case("encoded slash", "/api/returns/a%2Fb", "GET", ADMIN, null, 400, "malformed", null),
                new Case("encoded backslash", "/api/returns/a%5Cb", "GET", ADMIN, null, 400, "malformed", null),
                new Case("request header too large", "/api/returns", "GET",
                        ADMIN + "X-Padding: " + "x".repeat(20_000) + "\r\n", null, 400, "malformed", null),
                // the query: its fields are the input
                new Case("lone % in the query", "/api/returns?q=%", "GET", ADMIN, null, 400, "validation", "q"),
                new Case("invalid %-escape in a query value", "/api/pickup-windows?city=%E6%B7&date=2030-01-01", "GET",
                        ADMIN, null, 400, "validation", "city"),
                // Spring Security's firewall
                new Case("double slash", "//api/returns", "GET", ADMIN, null, 400, "rejected-request", null),
                new Case("semicolon", "/api/returns;jsessionid=1", "GET", ADMIN, null, 400, "rejected-request", null),
                new Case("encoded percent", "/api/returns/%25", "GET", ADMIN, null, 400, "rejected-request", null),
                new Case("encoded dot segment", "/api/%2e%2e/returns", "GET", ADMIN, null, 400, "rejected-request", null),
                new Case("encoded line feed", "/api/returns/a%0Ab", "GET", ADMIN, null, 400, "rejected-request", null),
                // a decoded control character in a path segment is only an id that matches nothing
                new Case("encoded tab", "/api/returns/a%09b", "GET", ADMIN, null, 404, "not-found", null),
                // Spring MVC
                new Case("no such API path", "/api/no-such-thing", "GET", ADMIN, null, 404, "not-found", null),
                new Case("no such page", "/no-such-page", "GET", "", null, 404, "not-found", null),
                new Case("method not allowed", "/api/returns", "DELETE", ADMIN, null, 405, "method-not-allowed", null),
                new Case("unsupported media type", "/api/returns", "POST",
                        ADMIN + "Content-Type: text/plain\r\n", "hello", 415, "unsupported-media-type",
                        "Content-Type"),
                // a Content-Type that is a wildcard or not a media type, on every kind of endpoint that takes a body
                new Case("wildcard subtype Content-Type", "/api/returns", "POST",
                        MERCHANT + "Content-Type: application/*\r\n", "{}", 415, "unsupported-media-type",
                        "Content-Type"),
                new Case("wildcard Content-Type", "/api/returns", "POST",
                        MERCHANT + "Content-Type: */*\r\n", "{}", 415, "unsupported-media-type", "Content-Type"),
                new Case("wildcard Content-Type of a quote", "/api/return-quotes", "POST",
                        MERCHANT + "Content-Type: */*\r\n", "{}", 415, "unsupported-media-type", "Content-Type"),
                new Case("wildcard Content-Type of a store", "/api/stores", "POST",
                        ADMIN + "Content-Type: application/*\r\n", "{}", 415, "unsupported-media-type",
                        "Content-Type"),
                new Case("wildcard Content-Type of a store change", "/api/stores/S-SH-001", "PUT",
                        ADMIN + "Content-Type: */*\r\n", "{}", 415, "unsupported-media-type", "Content-Type"),
                new Case("wildcard Content-Type of a cancellation", "/api/returns/R-NOSUCH/cancellation", "POST",
                        MERCHANT + "Content-Type: */*\r\n", "{}", 415, "unsupported-media-type", "Content-Type"),
                new Case("wildcard Content-Type of a statement upload", "/api/settlement/carrier-statements", "POST",
                        ADMIN + "Content-Type: */*\r\n", "x", 415, "unsupported-media-type", "Content-Type"),
                new Case("Content-Type without a subtype", "/api/returns", "POST",
                        MERCHANT + "Content-Type: json\r\n", "{}", 415, "unsupported-media-type", "Content-Type"),
                new Case("Content-Type with an empty subtype", "/api/returns", "POST",
                        MERCHANT + "Content-Type: application/\r\n", "{}", 415, "unsupported-media-type",
                        "Content-Type"),
                new Case("Content-Type with an unknown charset", "/api/returns", "POST",
                        MERCHANT + "Content-Type: application/json; charset=no-such-charset\r\n", "{}", 415,
                        "unsupported-media-type", "Content-Type"),
                // a header value Spring Security's firewall refuses
                new Case("raw UTF-8 Idempotency-Key", "/api/returns", "POST",
                        MERCHANT + "Content-Type: application/json\r\n" + UTF8_IDEMPOTENCY_KEY, "{}", 400,
                        "rejected-request", "Idempotency-Key"),
                new Case("raw UTF-8 Idempotency-Key of a store", "/api/stores", "POST",
                        ADMIN + "Content-Type: application/json\r\n" + UTF8_IDEMPOTENCY_KEY, "{}", 400,
                        "rejected-request", "Idempotency-Key"),
                new Case("raw UTF-8 header read by the security filters", "/api/returns", "GET",
                        "X-Requested-With: " + new String("退".getBytes(StandardCharsets.UTF_8),
                                StandardCharsets.ISO_8859_1) + "\r\n", null, 400, "rejected-request",
                        "X-Requested-With"),
                new Case("raw UTF-8 Accept", "/api/returns", "GET",
                        ADMIN + "Accept: " + new String("退".getBytes(StandardCharsets.UTF_8),
                                StandardCharsets.ISO_8859_1) + "\r\n", null, 400, "rejected-request", "Accept"),
                new Case("raw UTF-8 Content-Type", "/api/returns", "POST",
                        MERCHANT + "Content-Type: application/json; x=" + new String("退".getBytes(StandardCharsets.UTF_8),
                                StandardCharsets.ISO_8859_1) + "\r\n", "{}", 400, "rejected-request", "Content-Type"),
                new Case("not acceptable", "/api/returns", "GET",
                        ADMIN + "Accept: application/xml\r\n", null, 406, "not-acceptable", null),
                new Case("missing query parameter", "/api/pickup-windows?date=2030-01-01", "GET", ADMIN, null, 400,
                        "validation", "city"),
                // too large
                new Case("upload larger than allowed", "/api/settlement/carrier-statements", "POST",
                        ADMIN + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 30000000\r\n",
                        "--b\r\n", 413, "payload-too-large", null),
                new Case("carrier push larger than allowed", "/webhooks/carriers/kdniao", "POST",
                        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000000\r\n",
                        "RequestData=", 413, "payload-too-large", null),
                // a request framed with a transfer coding Tomcat does not implement (it would answer 501)
                new Case("unsupported transfer coding", "/api/returns", "POST", MERCHANT
                        + "Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n", null, 400,
                        "malformed", "Transfer-Encoding"),
                // a body that is not the multipart its Content-Type announces, read before any handler is found
                new Case("multipart without a boundary", "/", "GET", "Content-Type: multipart/form-data\r\n", "{}",
                        400, "malformed", "Content-Type"),
                new Case("multipart without a boundary to a form endpoint", "/sandbox/payments/v1/refunds", "POST",
                        "Authorization: Bearer sk_test_sandbox\r\nContent-Type: multipart/form-data\r\n",
                        "amount=9900&charge=ch_x&currency=cny", 400, "malformed", "Content-Type"),
                // a member named twice: ambiguous, and a record's constructor fails on it
                new Case("member named twice", "/api/returns/R-NOSUCH/cancellation", "POST",
                        MERCHANT + "Content-Type: application/json\r\n", "{\"reason\":null,\"reason\":\"x\"}", 400,
                        "malformed", null),
                // an Accept that is not a list of media ranges: Spring MVC's 406 would have no body
                new Case("Accept that is not media ranges", "/actuator/health", "GET", "Accept: ;;;\r\n", null,
                        406, "not-acceptable", "Accept"),
                new Case("Accept with a quality that is no number", "/api/returns", "GET",
                        ADMIN + "Accept: */*;q=abc\r\n", null, 406, "not-acceptable", "Accept"),
                // answered by a handler without a body: the actuator's unknown health component
                new Case("unknown health component", "/actuator/health/no-such-component", "GET", ADMIN, null, 404,
                        "not-found", null),
                // springdoc's API description groups
                new Case("unknown API description group", "/v3/api-docs/no-such-group", "GET", "", null, 404,
                        "not-found", null),
                // Boot's error path itself
                new Case("the error path asked directly", "/error", "GET", "", null, 404, "not-found", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongRequests")
    void answersProblemJson(Case wrong) throws IOException {
        Answer answer = send(wrong);

        assertThat(answer.status).as(answer.toString()).isEqualTo(wrong.status);
        assertThat(answer.headers.get("content-type")).as(answer.toString()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body);
        assertThat(problem.path("type").asText()).as(answer.toString())
                .isEqualTo(ApiProblem.TYPE_BASE + wrong.type);
        assertThat(problem.path("title").asText()).as(answer.toString()).isNotBlank();
        assertThat(problem.path("status").asInt()).as(answer.toString()).isEqualTo(wrong.status);
        assertThat(problem.path("detail").asText()).as(answer.toString()).isNotBlank();
        if (wrong.field != null) {
            assertThat(problem.path("errors").findValuesAsText("field")).as(answer.toString())
                    .containsExactly(wrong.field);
        }
        // nothing about the server's inside: no stack trace, no server name or version
        assertThat(answer.body).doesNotContain("Exception", "\tat ", "Tomcat", "Apache", "<html");
        // nor the bytes the request was refused for
        assertThat(answer.body).doesNotContain("退", "\u00e9\u0080");
        assertThat(answer.headers).doesNotContainKey("server");
    }

    @Test
    void cockpitStillAnswersItsOwnPages() throws IOException {
        Answer page = send(new Case("cockpit", "/camunda/app/cockpit/default/", "GET", "", null, 200, null, null));
        assertThat(page.status).isEqualTo(200);
        assertThat(page.headers.get("content-type")).startsWith("text/html");
        Answer engineRest = send(new Case("engine rest", "/engine-rest/engine", "GET", ADMIN, null, 200, null, null));
        assertThat(engineRest.status).isEqualTo(200);
        assertThat(engineRest.headers.get("content-type")).startsWith("application/json");
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    private Answer send(Case wrong) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write((wrong.method + " ").getBytes(StandardCharsets.US_ASCII));
            request.write(wrong.target);
            String head = " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + wrong.headers;
            byte[] body = wrong.body == null ? new byte[0] : wrong.body.getBytes(StandardCharsets.UTF_8);
            if (wrong.body != null && !wrong.headers.contains("Content-Length")) {
                head += "Content-Length: " + body.length + "\r\n";
            }
            request.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            request.write(body);
            out.write(request.toByteArray());
            out.flush();
            RawHttp.Answer answer = RawHttp.read(new BufferedInputStream(socket.getInputStream()), false);
            return new Answer(answer.status(), answer.headers(), answer.text());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
