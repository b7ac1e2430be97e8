package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.returnflow.carrier.kdniao.DataSign;
import io.returnflow.payment.stripe.StripeSignature;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * A few thousand malformed requests, the same ones on every run (seeded), across every endpoint the application
 * serves over real HTTP: the product API as its OpenAPI document describes it, the carrier and payment webhooks,
 * the sandbox providers, the clerk's page, the actuator, Camunda's engine REST API and the webapps' API. Each is
 * a valid request with one thing wrong (a path id with an encoded dot or slash, a wrong method, a body that is not
 * JSON or has a field of the wrong type, a Content-Type, Accept or header value no client should send, an absurd
 * query parameter), sent with valid credentials or without.
 *
 * <p>None may be answered with a 5xx: bad input is the client's fault, never a crash. A 4xx of ReturnFlow's own
 * endpoints is {@code application/problem+json} with a {@code type} of the catalogue ({@link ProblemType}); the
 * sandboxes may answer in their provider's own error JSON; Camunda's paths answer in Camunda's own format (JSON,
 * a parse error as text), never a web server's HTML page ({@link CamundaRequestCheck} refuses what they would answer
 * with a 500). On
 * failure the test lists one request per kind of failure, the smallest of its kind.
 *
 * <p>Spoken over raw sockets ({@link RawHttp}), because an HTTP client would encode or refuse to send exactly the
 * bytes these requests are about. The context is closed afterwards: the requests change its data (a store, a
 * user, a return may be created by a request that happens to stay valid).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class MalformedRequestsFuzzTest {

    /**
     * The build's requests. Explore others with {@code -Dreturnflow.fuzz.seed=...}; a failure found that way is kept
     * as a focused test.
     */
    private static final long SEED = Long.getLong("returnflow.fuzz.seed", 20261207L);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> CATALOGUE = Arrays.stream(ProblemType.values())
            .map(type -> type.uri().toString()).collect(Collectors.toSet());
    private static final String ADMIN = basic("admin:admin");
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Value("${returnflow.carrier.kdniao.app-key}")
    String kdniaoAppKey;

    @Value("${returnflow.carrier.kdniao.business-id}")
    String kdniaoBusinessId;

    @Value("${returnflow.payment.webhook-secret}")
    String stripeWebhookSecret;

    @Value("${returnflow.payment.secret-key}")
    String paymentSecretKey;

    /** API requests with the admin's credentials answered 401: none, unless a user got locked out. */
    private int validCredentialsRefused;

    /** The webapps' session: its cookies and the CSRF token their API wants in a header. */
    private String camundaCookies = "";
    private String camundaCsrfToken = "";

    enum Surface {
        /** ReturnFlow's own: every 4xx is problem+json of the catalogue. */
        PRODUCT,
        /** A provider simulated inside the application: its own errors in the provider's JSON. */
        SANDBOX,
        /** Camunda's engine REST API and webapps' API: Camunda's own JSON errors. */
        CAMUNDA
    }

    enum BodyKind { NONE, JSON, KDNIAO_FORM, STRIPE_JSON, FORM, CSV, MULTIPART }

    enum Credential { VALID, NONE, WRONG }

    record QueryParam(String name, String type, List<String> values, boolean required, String example) {
    }

    record Endpoint(String method, String template, Surface surface, BodyKind kind, String mediaType,
                    List<JsonNode> examples, List<QueryParam> query) {

        String name() {
            return method + " " + template;
        }
    }

    /** One request: which endpoint it varies, how, and its parts before credentials are added. */
    static final class Probe {
        final String family;
        final Endpoint endpoint;
        String method;
        String path;
        String query;
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        byte[] body;
        /** For a carrier push: the RequestData the form carries (signed when the credential is valid). */
        String kdniaoRequestData;
        Credential credential = Credential.VALID;

        Probe(String family, Endpoint endpoint) {
            this.family = family;
            this.endpoint = endpoint;
            this.method = endpoint.method;
        }

        String target() {
            return query == null ? path : path + "?" + query;
        }

        void header(String name, String value) {
            headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
            if (value != null) {
                headers.add(Map.entry(name, value));
            }
        }
    }

    record Failure(Probe probe, List<Map.Entry<String, String>> sentHeaders, byte[] sentBody, String why,
                   RawHttp.Answer answer) {

        String kind() {
            return probe.endpoint.name() + " | " + probe.family + " | " + why;
        }

        int size() {
            return probe.target().length() + (sentBody == null ? 0 : sentBody.length)
                    + sentHeaders.stream().mapToInt(h -> h.getKey().length() + h.getValue().length()).sum();
        }

        @Override
        public String toString() {
            String headers = sentHeaders.stream().map(h -> h.getKey() + ": " + excerpt(h.getValue(), 80))
                    .collect(Collectors.joining("; "));
            return why + "\n    " + probe.method + " " + excerpt(probe.target(), 160) + "  [" + probe.family + "]"
                    + "\n    headers: " + headers
                    + "\n    body: " + (sentBody == null ? "-" : excerpt(new String(sentBody, StandardCharsets.ISO_8859_1), 160))
                    + "\n    answer: " + (answer == null ? "none" : answer.status() + " " + answer.contentType() + " "
                    + excerpt(answer.text(), 200));
        }
    }

    @Test
    void noMalformedRequestIsAnswered5xxOrOtherThanAProblem() throws IOException {
        long setUp = System.nanoTime();
        logInToTheWebapps();
        System.out.printf("Fuzz: logged in to the webapps in %d ms%n", (System.nanoTime() - setUp) / 1_000_000);
        List<Endpoint> endpoints = endpoints();
        List<Probe> probes = probes(endpoints, new Random(SEED));
        System.out.printf("Fuzz: set up in %d ms%n", (System.nanoTime() - setUp) / 1_000_000);

        List<Failure> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long start = System.nanoTime();
        for (Probe probe : probes) {
            Failure failure = send(probe, statuses);
            if (failure != null) {
                failures.add(failure);
            }
        }

        System.out.printf("Fuzz (seed %d): %d requests to %d endpoints in %d ms, by kind %s, answered %s%n", SEED,
                probes.size(), endpoints.size(), (System.nanoTime() - start) / 1_000_000, probes.stream().collect(
                        Collectors.groupingBy(probe -> probe.family, TreeMap::new, Collectors.counting())), statuses);
        assertThat(endpoints.size()).as("endpoints enumerated").isGreaterThan(60);
        assertThat(probes.size()).as("requests sent").isGreaterThan(2_000);
        // the requests reach the handlers (valid credentials, bodies read) as well as the refusals before them
        assertThat(statuses.keySet()).as("statuses answered").contains(200, 400, 401, 404, 405, 406, 415);
        assertThat(validCredentialsRefused).as("API requests with valid credentials answered 401").isZero();
        assertThat(minimal(failures)).as(() -> failures.size() + " of " + probes.size() + " requests failed; one of"
                + " each kind:\n" + minimal(failures).stream().map(Failure::toString)
                .collect(Collectors.joining("\n"))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------- judging

    private Failure send(Probe probe, Map<Integer, Integer> statuses) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(probe.headers);
        byte[] body = probe.body;
        if (probe.kdniaoRequestData != null) {
            String sign = probe.credential == Credential.VALID ? DataSign.sign(probe.kdniaoRequestData, kdniaoAppKey)
                    : probe.credential == Credential.WRONG ? "d3Jvbmc=" : null;
            String form = "RequestData=" + urlEncode(probe.kdniaoRequestData) + "&RequestType=103&EBusinessID="
                    + kdniaoBusinessId + (sign == null ? "" : "&DataSign=" + urlEncode(sign));
            body = form.getBytes(StandardCharsets.UTF_8);
        }
        credentials(probe, headers, body);
        RawHttp.Answer answer;
        try {
            answer = RawHttp.send(port, probe.method, probe.target(), headers, body);
        } catch (IOException e) {
            return new Failure(probe, headers, body, "no answer (" + e.getMessage() + ")", null);
        }
        statuses.merge(answer.status(), 1, Integer::sum);
        if (answer.status() == 401 && probe.credential == Credential.VALID && probe.path.startsWith("/api/")
                && probe.headers.stream().noneMatch(h -> h.getKey().equals("Authorization"))) {
            validCredentialsRefused++;
        }
        String why = judge(probe, answer);
        return why == null ? null : new Failure(probe, headers, body, why, answer);
    }

    /** Why this answer is wrong, or null when it is right. */
    private static String judge(Probe probe, RawHttp.Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return "status " + status;
        }
        if (status < 400) {
            return null;
        }
        String contentType = answer.contentType().toLowerCase(Locale.ROOT);
        boolean problemJson = contentType.startsWith("application/problem+json");
        Surface surface = probe.endpoint.surface;
        if (surface == Surface.CAMUNDA) {
            // Camunda's format, mostly {"type": exception, "message": ...}, some parse errors as text: never
            // a web server's HTML page
            return contentType.startsWith("text/html") ? "status " + status + " answered as " + contentType : null;
        }
        if (probe.method.equals("HEAD")) {
            // no body to read: its content type says what it would have been
            return problemJson || surface == Surface.SANDBOX && contentType.startsWith("application/json") ? null
                    : "status " + status + " answered as " + (contentType.isEmpty() ? "no content type" : contentType);
        }
        if (surface == Surface.SANDBOX && contentType.startsWith("application/json")) {
            // each sandbox refuses in its provider's own format: an "error" object (the payment provider's, and
            // the sandboxes without a provider format), or Alibaba Cloud's Code and Message (the SMS provider's);
            // the shop and the store-credit system answer problem+json with a code (below)
            JsonNode error = parse(answer.body());
            boolean errorObject = error != null && error.path("error").isObject();
            boolean alibabaCloudError = error != null && !error.path("Code").asText("OK").equals("OK")
                    && error.path("Message").isTextual() && error.path("RequestId").isTextual();
            return errorObject || alibabaCloudError ? null
                    : "status " + status + " with provider JSON that is not an error object";
        }
        if (!problemJson) {
            return "status " + status + " answered as " + (contentType.isEmpty() ? "no content type" : contentType);
        }
        JsonNode problem = parse(answer.body());
        if (problem == null) {
            return "status " + status + " problem+json that is not JSON";
        }
        if (surface == Surface.SANDBOX && problem.path("code").isTextual()) {
            // the merchant's systems' protocols (the shop, the store-credit system) refuse in problem+json of their
            // own, with a code from the protocol's list: their types are not ReturnFlow's
            return problem.path("status").asInt() == status ? null
                    : "status " + status + " provider problem with status " + problem.path("status").asInt();
        }
        if (!CATALOGUE.contains(problem.path("type").asText())) {
            return "status " + status + " problem type not in the catalogue: " + problem.path("type").asText();
        }
        if (problem.path("status").asInt() != status) {
            return "status " + status + " problem with status " + problem.path("status").asInt();
        }
        return null;
    }

    /** One failure of each kind (endpoint, way of varying it, what was wrong), the smallest request of its kind. */
    private static List<Failure> minimal(List<Failure> failures) {
        Map<String, Failure> smallest = new TreeMap<>();
        for (Failure failure : failures) {
            smallest.merge(failure.kind(), failure, (a, b) -> a.size() <= b.size() ? a : b);
        }
        return List.copyOf(smallest.values());
    }

    private void credentials(Probe probe, List<Map.Entry<String, String>> headers, byte[] body) {
        Endpoint endpoint = probe.endpoint;
        Credential credential = probe.credential;
        if (credential == Credential.NONE) {
            return;
        }
        boolean valid = credential == Credential.VALID;
        if (endpoint.kind == BodyKind.STRIPE_JSON) {
            byte[] signed = body == null ? new byte[0] : body;
            headers.add(Map.entry(StripeSignature.HEADER, valid
                    ? StripeSignature.header(stripeWebhookSecret, clock.instant().getEpochSecond(), signed)
                    : "t=1,v1=00"));
        } else if (endpoint.template.startsWith("/camunda/api/")) {
            headers.add(Map.entry("Cookie", valid ? camundaCookies : "JSESSIONID=NOSUCH; XSRF-TOKEN=NOSUCH"));
            headers.add(Map.entry("X-XSRF-TOKEN", valid ? camundaCsrfToken : "NOSUCH"));
            headers.add(origin());
        } else if (endpoint.template.startsWith("/sandbox/payments/")) {
            headers.add(Map.entry("Authorization", "Bearer " + (valid ? paymentSecretKey : "sk_test_wrong")));
        } else if (endpoint.template.startsWith("/api/") || endpoint.template.startsWith("/actuator")
                || endpoint.template.startsWith("/engine-rest/")) {
            // a wrong password for a user who does not exist: the identity service locks out a real user
            // after a few failed attempts, and every later request of the run would be a 401
            headers.add(Map.entry("Authorization", valid ? ADMIN : basic("nobody:wrong")));
        }
    }

    // -------------------------------------------------------------------------------------------- endpoints

    private static List<Endpoint> endpoints() throws IOException {
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.addAll(fromOpenApi("/openapi/returnflow-api.json", Surface.PRODUCT));
        endpoints.addAll(fromOpenApi("/openapi/returnflow-sandbox-api.json", Surface.SANDBOX));
        // the clerk's page and the pages' house style, the API's description, the actuator, Boot's error path
        for (String path : List.of("/store", "/store/", "/store/index.html", "/store/clerk.js", "/store/clerk.css",
                "/ui/house.css",
                "/v3/api-docs", "/v3/api-docs/{group}", "/swagger-ui.html", "/swagger-ui/index.html", "/error", "/",
                "/actuator", "/actuator/health", "/actuator/health/{component}", "/actuator/health/readiness",
                "/actuator/health/liveness", "/actuator/prometheus",
                "/actuator/{endpoint}")) {
            endpoints.add(new Endpoint("GET", path, Surface.PRODUCT, BodyKind.NONE, null, List.of(), List.of()));
        }
        endpoints.addAll(camunda());
        return endpoints;
    }

    /** The endpoints of an OpenAPI document: the checked-in copy, which ApiDocumentationTest keeps the served one. */
    private static List<Endpoint> fromOpenApi(String docPath, Surface surface) throws IOException {
        JsonNode doc;
        try (var in = MalformedRequestsFuzzTest.class.getResourceAsStream(docPath)) {
            assertThat(in).as(docPath).isNotNull();
            doc = JSON.readTree(in);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                List<QueryParam> query = new ArrayList<>();
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    if (parameter.path("in").asText().equals("query")) {
                        JsonNode schema = parameter.path("schema");
                        List<String> values = new ArrayList<>();
                        schema.path("enum").forEach(value -> values.add(value.asText()));
                        query.add(new QueryParam(parameter.path("name").asText(),
                                schema.path("format").asText(schema.path("type").asText("string")), values,
                                parameter.path("required").asBoolean(), parameter.path("example").asText(null)));
                    }
                }
                JsonNode content = operation.getValue().path("requestBody").path("content");
                String mediaType = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                List<JsonNode> examples = new ArrayList<>();
                if (mediaType != null) {
                    for (JsonNode example : content.path(mediaType).path("examples")) {
                        JsonNode resolved = example.has("$ref") ? doc.at("/components/examples/"
                                + example.path("$ref").asText().substring("#/components/examples/".length())) : example;
                        if (resolved.has("value")) {
                            examples.add(resolved.path("value"));
                        }
                    }
                }
                BodyKind kind = bodyKind(path.getKey(), mediaType);
                if (kind == BodyKind.MULTIPART && content.has("text/csv")) {
                    // the statement upload takes a CSV body too: both are varied
                    endpoints.add(new Endpoint(method, path.getKey(), surface, BodyKind.CSV, "text/csv", examples,
                            query));
                }
                endpoints.add(new Endpoint(method, path.getKey(), surface, kind, mediaType, examples, query));
            }
        }
        assertThat(endpoints).as(docPath).isNotEmpty();
        return endpoints;
    }

    private static BodyKind bodyKind(String path, String mediaType) {
        if (mediaType == null) {
            return BodyKind.NONE;
        }
        if (path.equals("/webhooks/carriers/kdniao")) {
            return BodyKind.KDNIAO_FORM;
        }
        if (path.equals("/webhooks/payments/stripe")) {
            return BodyKind.STRIPE_JSON;
        }
        return switch (mediaType) {
            case "application/x-www-form-urlencoded" -> BodyKind.FORM;
            case "multipart/form-data" -> BodyKind.MULTIPART;
            case "text/csv" -> BodyKind.CSV;
            default -> BodyKind.JSON;
        };
    }

    /** Camunda's engine REST API and the webapps' API: a sample of each kind of resource they serve. */
    private static List<Endpoint> camunda() {
        List<Endpoint> endpoints = new ArrayList<>();
        Consumer<String[]> add = spec -> {
            String method = spec[0];
            String path = spec[1];
            String body = spec.length > 2 ? spec[2] : null;
            List<JsonNode> examples = body == null ? List.of() : List.of(parse(body.getBytes(StandardCharsets.UTF_8)));
            BodyKind kind = body == null ? BodyKind.NONE : path.endsWith("/create") && path.contains("deployment")
                    ? BodyKind.MULTIPART : path.contains("/login/") ? BodyKind.FORM : BodyKind.JSON;
            String mediaType = switch (kind) {
                case MULTIPART -> "multipart/form-data";
                case FORM -> "application/x-www-form-urlencoded";
                case JSON -> "application/json";
                default -> null;
            };
            List<QueryParam> query = method.equals("GET") ? List.of(
                    new QueryParam("firstResult", "int32", List.of(), false, "0"),
                    new QueryParam("maxResults", "int32", List.of(), false, "10"),
                    new QueryParam("sortBy", "string", List.of("id", "name"), false, "id"),
                    new QueryParam("sortOrder", "string", List.of("asc", "desc"), false, "asc")) : List.of();
            endpoints.add(new Endpoint(method, path, Surface.CAMUNDA, kind, mediaType, examples, query));
        };
        String e = "/engine-rest";
        String variables = "{\"variables\":{\"orderId\":{\"value\":\"SO-1\",\"type\":\"String\"}}}";
        for (String[] spec : new String[][] {
                {"GET", e + "/engine"}, {"GET", e + "/version"},
                {"GET", e + "/process-definition"}, {"GET", e + "/process-definition/{id}"},
                {"GET", e + "/process-definition/key/{key}"}, {"GET", e + "/process-definition/{id}/xml"},
                {"POST", e + "/process-definition/key/{key}/start",
                        "{\"businessKey\":\"b\",\"variables\":{\"orderId\":{\"value\":\"SO-1\",\"type\":\"String\"}}}"},
                {"POST", e + "/process-definition/{id}/submit-form", variables},
                {"GET", e + "/process-instance"},
                {"POST", e + "/process-instance",
                        "{\"processDefinitionKey\":\"x\",\"sorting\":[{\"sortBy\":\"instanceId\",\"sortOrder\":\"asc\"}]}"},
                {"GET", e + "/process-instance/{id}/variables"},
                {"PUT", e + "/process-instance/{id}/variables/{name}", "{\"value\":1,\"type\":\"Integer\"}"},
                {"POST", e + "/process-instance/{id}/modification",
                        "{\"skipCustomListeners\":true,\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"a\"}]}"},
                {"DELETE", e + "/process-instance/{id}"},
                {"GET", e + "/task"}, {"POST", e + "/task", "{\"assignee\":\"x\",\"maxPriority\":5}"},
                {"GET", e + "/task/{id}"}, {"GET", e + "/task/{id}/form-variables"},
                {"POST", e + "/task/{id}/complete", variables}, {"POST", e + "/task/{id}/claim", "{\"userId\":\"x\"}"},
                {"POST", e + "/message", "{\"messageName\":\"x\",\"processVariables\":{}}"},
                {"POST", e + "/signal", "{\"name\":\"x\"}"},
                {"GET", e + "/job"}, {"POST", e + "/job/{id}/execute"}, {"GET", e + "/incident"},
                {"GET", e + "/execution"}, {"GET", e + "/variable-instance"},
                {"GET", e + "/history/process-instance"}, {"POST", e + "/history/process-instance", "{\"finished\":true}"},
                {"GET", e + "/history/activity-instance"}, {"GET", e + "/deployment"},
                {"POST", e + "/deployment/create", "{}"}, {"DELETE", e + "/deployment/{id}"},
                {"POST", e + "/decision-definition/key/{key}/evaluate", variables},
                {"GET", e + "/user"}, {"GET", e + "/user/{id}/profile"}, {"GET", e + "/group"},
                {"GET", e + "/authorization"}, {"GET", e + "/filter"}, {"GET", e + "/metrics/{name}/sum"},
                {"POST", "/camunda/api/admin/auth/user/default/login/cockpit", "{}"},
                {"GET", "/camunda/api/admin/auth/user/default"},
                {"GET", "/camunda/api/engine/engine/"},
                {"GET", "/camunda/api/engine/engine/default/process-definition"},
                {"POST", "/camunda/api/engine/engine/default/task", "{\"assignee\":\"x\"}"},
                {"GET", "/camunda/api/engine/engine/default/task/{id}/form"},
                {"POST", "/camunda/api/engine/engine/default/history/process-instance", "{\"finished\":true}"},
                {"GET", "/camunda/api/cockpit/plugin/base/default/process-definition/statistics"},
                {"POST", "/camunda/api/cockpit/plugin/base/default/process-instance",
                        "{\"processDefinitionId\":\"x\",\"sortBy\":\"startTime\",\"sortOrder\":\"desc\"}"},
                {"GET", "/camunda/api/cockpit/plugin/base/default/incident"},
                {"GET", "/camunda/api/cockpit/plugin/base/default/process-definition/{id}/called-process-definitions"},
                {"POST", "/camunda/api/admin/setup/default/user/create",
                        "{\"profile\":{\"id\":\"x\"},\"credentials\":{\"password\":\"x\"}}"},
                {"GET", "/camunda/api/tasklist/plugin/tasklist-plugin/static/app/plugin.js"}}) {
            add.accept(spec);
        }
        return endpoints;
    }

    /** Logs in to the webapps as admin, as Cockpit's login page does: the session cookie and its CSRF token. */
    private void logInToTheWebapps() throws IOException {
        Map<String, String> cookies = new LinkedHashMap<>();
        collectCookies(RawHttp.send(port, "GET", "/camunda/app/cockpit/default/", List.of(origin()), null), cookies);
        byte[] form = "username=admin&password=admin".getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer login = RawHttp.send(port, "POST", "/camunda/api/admin/auth/user/default/login/cockpit",
                List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded"), origin(),
                        Map.entry("Cookie", cookieHeader(cookies)),
                        Map.entry("X-XSRF-TOKEN", cookies.getOrDefault("XSRF-TOKEN", ""))), form);
        assertThat(login.status()).as("webapp login: " + login.text()).isEqualTo(200);
        collectCookies(login, cookies);
        // the logged-in session's token
        collectCookies(RawHttp.send(port, "GET", "/camunda/api/engine/engine/",
                List.of(origin(), Map.entry("Cookie", cookieHeader(cookies))), null), cookies);
        camundaCookies = cookieHeader(cookies);
        camundaCsrfToken = cookies.getOrDefault("XSRF-TOKEN", "");
    }

    private Map.Entry<String, String> origin() {
        return Map.entry("Origin", "http://localhost:" + port);
    }

    private static void collectCookies(RawHttp.Answer answer, Map<String, String> cookies) {
        String setCookies = answer.headers().get("set-cookie");
        if (setCookies != null) {
            for (String setCookie : setCookies.split("\n")) {
                String pair = setCookie.split(";", 2)[0];
                int equals = pair.indexOf('=');
                cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
    }

    private static String cookieHeader(Map<String, String> cookies) {
        return cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    // ----------------------------------------------------------------------------------------------- probes

    /** Ids with what the path rules are about: encoded dots, slashes, backslashes, NUL, semicolons, unicode. */
    private static final List<String> IDS = List.of("%2e", "%2e%2e", "%2E%2E%2F%2E%2E", "..", ".", "a%2fb", "%2F",
            "a%5cb", "%5C", "%00", "a%00b", "a;b", ";x=1", "a//b", "%252e", "%25", "%", "%ZZ", "%E6%B7", "%C0%AE",
            "%E9%80%80%E8%B4%A7", "%F0%9F%98%80", "a%0Ab", "a%0D%0Ab", "%09", "%20", "+", "*", "'", "%22",
            "%3Cscript%3E", "~", "%7B%7D", "x".repeat(3000), "9".repeat(40), "-1", "0", "1e3", "0x10", "NaN", "",
            "a%3Fb", "a%23b", "\\", "a\\b", "\u00e9", "%u0041", "..%2f..%2fetc%2fpasswd", ".%2e/", "%2e;", "a.json",
            "a.png", "a.xml");

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS",
            "TRACE", "PROPFIND", "FOO", "get");

    private static final List<String> CONTENT_TYPES = List.of("", "text/plain", "application/xml", "application/*",
            "*/*", "json", "application/", "application/json; charset=no-such-charset", "application/json; charset=utf-16",
            "application/json;;;", "application/json; charset", "multipart/form-data", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/json, text/plain", "application/merge-patch+json",
            "text/csv", "image/png", "a".repeat(2000) + "/json", "application/json; charset=\"utf-8",
            "application/problem+json", "text/html; charset=utf-8", "application/octet-stream");

    private static final List<String> ACCEPTS = List.of("application/xml", "text/html", "image/png", "application/*",
            "*/*;q=abc", ";;;", "application/json;q=0", "text/event-stream", "application/problem+xml",
            "application/json;q=0.5, text/plain;q=2, */*;q=-1", "a/b/c", "*", "application/json; charset=no-such",
            "text/csv", "image/*", String.join(", ", java.util.Collections.nCopies(200, "application/x-a")));

    private static final List<Map.Entry<String, String>> HEADERS = List.of(
            Map.entry("Idempotency-Key", "k".repeat(10_000)),
            Map.entry("Idempotency-Key", "k".repeat(300)),
            Map.entry("Idempotency-Key", raw("退货-1")),
            Map.entry("Idempotency-Key", "a\u0001b"),
            Map.entry("Idempotency-Key", ""),
            Map.entry("Idempotency-Key", "a\tb"),
            Map.entry("Idempotency-Key", "%E9%80%80"),
            Map.entry("X-Padding", "x".repeat(10_000)),
            Map.entry("Accept-Language", raw("中文;q=abc")),
            Map.entry("Cookie", "JSESSIONID=%%%; a"),
            Map.entry("Cookie", raw("x=退")),
            Map.entry("Authorization", "Basic !!!"),
            Map.entry("Authorization", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())),
            Map.entry("Authorization", "Bearer abc"),
            Map.entry("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    "用户:密码".getBytes(StandardCharsets.UTF_8))),
            Map.entry("Authorization", "Basic"),
            Map.entry("Authorization", "Basic " + "A".repeat(6000)),
            Map.entry("Authorization", raw("Basic 退")),
            Map.entry("Range", "bytes=999999-"),
            Map.entry("Range", "bytes=5-1"),
            Map.entry("Range", "pages=1"),
            Map.entry("If-None-Match", "\"\u0001\""),
            Map.entry("If-Modified-Since", "yesterday"),
            Map.entry("If-Match", "*"),
            Map.entry("Content-Encoding", "gzip"),
            Map.entry("X-Forwarded-For", raw("退, , ;")),
            Map.entry("X-Requested-With", "XMLHttpRequest"),
            Map.entry("X-HTTP-Method-Override", "DELETE"),
            Map.entry("Origin", "null"),
            Map.entry("Host", "a b"),
            Map.entry("Transfer-Encoding", "chunked"),
            Map.entry("Transfer-Encoding", "gzip, chunked"),
            Map.entry("Content-Length", "abc"),
            Map.entry("Content-Length", "-1"));

    private static final List<String> INTS = List.of("-1", "0", "2147483648", "99999999999999999999", "abc", "1.5",
            "1e3", "", "%00", "%201", "0x1F", "-2147483649", "1,2");

    private static final List<String> STRINGS = List.of("", "x".repeat(5000), "%00", "%E6%B7%B1%E5%9C%B3", "%FF",
            "a%0Ab", "%3C%3E", "'%3B%20drop%20table", "%E6%B7", "%", "a+b", "%2e%2e%2f", "*", "%u0041");

    private static final List<String> DATES = List.of("2030-13-45", "yesterday", "2030-02-30", "%2B99999-01-01",
            "2030-01-01T00:00:00", "0000-00-00", "1-1-1");

    private static final List<String> GENERIC_QUERIES = List.of("page=-1", "size=0", "size=2147483648",
            "page=99999999999999999999", "limit=-5", "limit=100000000", "firstResult=-1", "maxResults=abc",
            "sortBy=%3Bdrop", "sortOrder=sideways", "page=1&page=2", "zzz=1", "page", "=x", "&&&", "a=%",
            "a=%E6%B7", "x=" + "y".repeat(7000), "%00=1", "status=NOT_A_STATUS", "deserializeValues=maybe",
            "page=0.5&size=1e2", "size=-2147483648", "city[]=a&city[]=b", "q=%F0%9F%98%80");

    /**
     * How many variants of each kind an endpoint gets, drawn by the seed from the lists above: every variant is
     * sent to some endpoints, and ReturnFlow's own endpoints get more than Camunda's, keeping the run to a few
     * thousand requests.
     */
    private static int cap(Endpoint endpoint, int own, int other) {
        return endpoint.surface == Surface.PRODUCT ? own : other;
    }

    private List<Probe> probes(List<Endpoint> endpoints, Random random) {
        List<Probe> probes = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            List<String> variables = variables(endpoint.template);
            for (int v = 0; v < variables.size(); v++) {
                for (String id : sample(IDS, v == 0 ? cap(endpoint, 14, 6) : 4, random)) {
                    Probe probe = base("path-id", endpoint, random);
                    probe.path = fill(endpoint.template, Map.of(variables.get(v), id));
                    probes.add(credential(probe, random));
                }
            }
            for (String method : sample(METHODS, cap(endpoint, 5, 2), random)) {
                if (!method.equals(endpoint.method)) {
                    Probe probe = base("method", endpoint, random);
                    probe.method = method;
                    probes.add(credential(probe, random));
                }
            }
            for (String query : queries(endpoint, random)) {
                Probe probe = base("query", endpoint, random);
                probe.query = probe.query == null || random.nextBoolean() ? query : probe.query + "&" + query;
                probes.add(credential(probe, random));
            }
            for (byte[] body : bodies(endpoint, random)) {
                Probe probe = base("body", endpoint, random);
                if (endpoint.kind == BodyKind.KDNIAO_FORM && random.nextBoolean()) {
                    probe.kdniaoRequestData = new String(body, StandardCharsets.UTF_8);
                } else {
                    probe.kdniaoRequestData = null;
                    probe.body = body;
                }
                if (endpoint.kind == BodyKind.NONE) {
                    probe.header("Content-Type", "application/json");
                }
                probes.add(credential(probe, random));
            }
            int contentTypes = endpoint.kind == BodyKind.NONE ? 2 : cap(endpoint, 8, 3);
            for (String contentType : sample(CONTENT_TYPES, contentTypes, random)) {
                Probe probe = base("content-type", endpoint, random);
                probe.header("Content-Type", contentType.isEmpty() ? null : contentType);
                if (probe.body == null && probe.kdniaoRequestData == null) {
                    probe.body = "{}".getBytes(StandardCharsets.UTF_8);
                }
                probes.add(credential(probe, random));
            }
            for (String accept : sample(ACCEPTS, cap(endpoint, 3, 2), random)) {
                Probe probe = base("accept", endpoint, random);
                probe.header("Accept", accept);
                probes.add(credential(probe, random));
            }
            // a body-taking endpoint of the API reads headers of its own (Idempotency-Key): every header variant
            int headers = endpoint.surface == Surface.PRODUCT && endpoint.kind != BodyKind.NONE ? HEADERS.size()
                    : cap(endpoint, 5, 3);
            for (Map.Entry<String, String> header : sample(HEADERS, headers, random)) {
                Probe probe = base("header", endpoint, random);
                if (header.getKey().equals("Transfer-Encoding")) {
                    // a chunked body whose chunks are not chunks
                    probe.kdniaoRequestData = null;
                    probe.body = "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                } else if (header.getKey().equals("Content-Length")) {
                    probe.kdniaoRequestData = null;
                    probe.body = new byte[0];
                }
                probe.header(header.getKey(), header.getValue());
                probe.credential = header.getKey().equals("Authorization") ? Credential.NONE : Credential.VALID;
                probes.add(probe);
            }
            for (Credential credential : Credential.values()) {
                Probe probe = base("credentials", endpoint, random);
                probe.credential = credential;
                probes.add(probe);
            }
        }
        return probes;
    }

    /** A valid request to the endpoint: path ids that match nothing, its required query, an example body. */
    private Probe base(String family, Endpoint endpoint, Random random) {
        Probe probe = new Probe(family, endpoint);
        probe.path = fill(endpoint.template, Map.of());
        List<String> required = new ArrayList<>();
        for (QueryParam parameter : endpoint.query) {
            if (parameter.required()) {
                required.add(parameter.name() + "=" + urlEncode(validValue(parameter)));
            }
        }
        probe.query = required.isEmpty() ? null : String.join("&", required);
        probe.header("Accept", random.nextInt(4) == 0 ? null : "*/*");
        if (endpoint.kind != BodyKind.NONE) {
            probe.header("Content-Type", endpoint.kind == BodyKind.KDNIAO_FORM || endpoint.kind == BodyKind.FORM
                    ? "application/x-www-form-urlencoded" : endpoint.kind == BodyKind.MULTIPART
                    ? "multipart/form-data; boundary=fuzz" : endpoint.mediaType);
            JsonNode example = endpoint.examples.isEmpty() ? NODES.objectNode()
                    : endpoint.examples.get(random.nextInt(endpoint.examples.size()));
            switch (endpoint.kind) {
                case KDNIAO_FORM -> probe.kdniaoRequestData = example.path("RequestData").asText("{}");
                // not the sandbox provider's magic charges (ch_refund_flaky answers 503 on purpose)
                case FORM -> probe.body = form(example).replaceAll("ch_refund_\\w+", "ch_fuzz")
                        .getBytes(StandardCharsets.UTF_8);
                case CSV -> probe.body = (example.isTextual() ? example.asText()
                        : "waybill,amount\nSF1,12.00\n").getBytes(StandardCharsets.UTF_8);
                case MULTIPART -> probe.body = multipart("waybill,amount\nSF1,12.00\n");
                default -> probe.body = example.toString().getBytes(StandardCharsets.UTF_8);
            }
            probe.header("Idempotency-Key", endpoint.template.equals("/api/returns")
                    ? "fuzz-" + Long.toHexString(random.nextLong()) : null);
        }
        return probe;
    }

    private static Probe credential(Probe probe, Random random) {
        int draw = random.nextInt(10);
        probe.credential = draw < 7 ? Credential.VALID : draw < 9 ? Credential.NONE : Credential.WRONG;
        return probe;
    }

    private static List<String> queries(Endpoint endpoint, Random random) {
        List<String> queries = new ArrayList<>(sample(GENERIC_QUERIES, cap(endpoint, 4, 2), random));
        for (QueryParam parameter : endpoint.query) {
            List<String> values = new ArrayList<>();
            String name = parameter.name().toLowerCase(Locale.ROOT);
            if (parameter.type().startsWith("int") || parameter.type().equals("integer")) {
                values.addAll(INTS);
            } else if (parameter.type().startsWith("date") || name.contains("date") || name.contains("period")) {
                values.addAll(DATES);
            } else {
                values.addAll(sample(STRINGS, 6, random));
            }
            if (!parameter.values().isEmpty()) {
                values.addAll(List.of("NOT_A_VALUE", parameter.values().get(0).toLowerCase(Locale.ROOT), ""));
            }
            for (String value : sample(values, cap(endpoint, 3, 1), random)) {
                queries.add(parameter.name() + "=" + value);
            }
        }
        return queries;
    }

    private static String validValue(QueryParam parameter) {
        if (!parameter.values().isEmpty()) {
            return parameter.values().get(0);
        }
        if (parameter.example() != null && !parameter.example().isEmpty()) {
            return parameter.example();
        }
        String name = parameter.name().toLowerCase(Locale.ROOT);
        if (name.contains("date") || name.contains("period")) {
            return "2030-01-01";
        }
        return parameter.type().startsWith("int") || parameter.type().equals("integer") ? "1" : "x";
    }

    // ------------------------------------------------------------------------------------------------ bodies

    private static List<byte[]> bodies(Endpoint endpoint, Random random) {
        List<byte[]> bodies = new ArrayList<>();
        List<String> broken = List.of("{", "}", "{\"a\":", "[1,2", "nul", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}",
                "{\"a\":01}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing",
                "// c\n{}", "\uFEFF{}", "", " ", "\"just a string\"", "42", "null", "true", "[]", "[{}]",
                "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u00\"}", "{\"\\u0000\":1}", "{\"a\":\"\u0001\"}");
        List<String> shapes = new ArrayList<>(broken);
        shapes.add("[".repeat(3000) + "]".repeat(3000));
        shapes.add("{\"a\":".repeat(2000) + "1" + "}".repeat(2000));
        shapes.add("{\"a\":\"" + "x".repeat(300_000) + "\"}");
        shapes.add("[" + "1,".repeat(60_000) + "1]");
        shapes.add("{\"a\":" + "9".repeat(5000) + "}");
        shapes.add("{\"a\":1e999999}");
        shapes.add("{\"a\":\"" + "😀".repeat(5000) + "\"}");
        if (endpoint.kind == BodyKind.NONE) {
            for (String shape : sample(shapes, 3, random)) {
                bodies.add(shape.getBytes(StandardCharsets.UTF_8));
            }
            return bodies;
        }
        if (endpoint.kind == BodyKind.CSV || endpoint.kind == BodyKind.MULTIPART) {
            List<String> csvs = List.of("", "\u0000\u0001", "a,b,c\n\"unterminated", "waybill,amount\nSF1,abc\n",
                    "waybill,amount\nSF1," + "9".repeat(5000) + "\n", "waybill,amount\n" + "x,".repeat(50_000),
                    "\uFEFFwaybill;amount\n退货,１２\n", "waybill,amount\nSF1,1e999999\n", "a\rb\r\nc\n\n\n",
                    "waybill,amount\nSF1,-0.000000000000000000001\n");
            for (String csv : csvs) {
                bodies.add(endpoint.kind == BodyKind.CSV ? csv.getBytes(StandardCharsets.UTF_8) : multipart(csv));
            }
            if (endpoint.kind == BodyKind.MULTIPART) {
                for (String multipart : List.of("--fuzz\r\n", "--fuzz--\r\n", "garbage", "--fuzz\r\nContent-"
                        + "Disposition: form-data\r\n\r\nx\r\n--fuzz--\r\n", "--fuzz\r\nContent-Disposition: "
                        + "form-data; name=\"file\"; filename=\"\u0000\"\r\n\r\nx\r\n--fuzz--\r\n")) {
                    bodies.add(multipart.getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            return bodies;
        }
        if (endpoint.kind == BodyKind.FORM) {
            for (String form : List.of("", "=", "&&&", "a=%", "a=%E6%B7", "%00=%00", "amount=abc&charge=ch_x",
                    "amount=" + "9".repeat(5000) + "&charge=ch_x", "amount=-1&charge=", "charge=" + "x".repeat(100_000),
                    "RequestData=%7B&RequestType=1801", "RequestData=" + urlEncode("[1]") + "&RequestType=1802",
                    "username=&password=", "username=" + raw("退") + "&password=x")) {
                bodies.add(form.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        for (String shape : sample(shapes, cap(endpoint, 10, 4), random)) {
            bodies.add(shape.getBytes(StandardCharsets.UTF_8));
        }
        // invalid UTF-8 and raw control bytes
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAE, 0, '"', '}'});
        // the example with one field of a wrong type, an absurd value, or an unknown or repeated field
        for (JsonNode example : endpoint.examples) {
            if (!example.isContainerNode()) {
                continue;
            }
            List<String> pointers = new ArrayList<>();
            pointers(example, "", pointers);
            for (String pointer : sample(pointers, cap(endpoint, 6, 3), random)) {
                for (JsonNode value : sample(wrongValues(), 2, random)) {
                    JsonNode changed = example.deepCopy();
                    replace(changed, pointer, value);
                    bodies.add(serialize(endpoint, changed));
                }
            }
            if (example instanceof ObjectNode object && !object.isEmpty()) {
                ObjectNode unknown = object.deepCopy();
                unknown.put("zzz", 1);
                bodies.add(serialize(endpoint, unknown));
                String text = example.toString();
                String first = text.substring(1, text.indexOf(':') + 1);
                bodies.add(("{" + first + "null," + text.substring(1)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    private static byte[] serialize(Endpoint endpoint, JsonNode body) {
        String text = endpoint.kind == BodyKind.FORM ? form(body) : body.toString();
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> wrongValues() {
        ArrayNode deep = NODES.arrayNode();
        ArrayNode inner = deep;
        for (int i = 0; i < 500; i++) {
            inner = inner.addArray();
        }
        ArrayNode many = NODES.arrayNode();
        for (int i = 0; i < 5000; i++) {
            many.add(NODES.objectNode());
        }
        return List.of(NODES.objectNode(), NODES.arrayNode(), NODES.textNode("x"), NODES.numberNode(1),
                NODES.booleanNode(true), NODES.nullNode(), NODES.numberNode(new java.math.BigDecimal("1e400")),
                NODES.numberNode(new java.math.BigInteger("9".repeat(400))), NODES.textNode("2026-13-45T99:99:99Z"),
                NODES.textNode("\u0000"), NODES.textNode("x".repeat(70_000)), NODES.numberNode(-1),
                NODES.numberNode(Long.MAX_VALUE), NODES.textNode("NaN"), NODES.numberNode(-0.000001),
                NODES.textNode("\u202e\ud83d\ude00\uFEFF"), NODES.numberNode(1.5e-300), deep, many,
                NODES.textNode("%2e%2e%2f"), NODES.textNode(" "), NODES.textNode("1e99999"));
    }

    private static void pointers(JsonNode node, String at, List<String> pointers) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String pointer = at + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                pointers.add(pointer);
                pointers(field.getValue(), pointer, pointers);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers.add(at + "/" + i);
                pointers(node.get(i), at + "/" + i, pointers);
            }
        }
    }

    private static void replace(JsonNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        }
    }

    private static String form(JsonNode fields) {
        List<String> pairs = new ArrayList<>();
        fields.fields().forEachRemaining(field -> pairs.add(urlEncode(field.getKey()) + "="
                + urlEncode(field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString())));
        return String.join("&", pairs);
    }

    private static byte[] multipart(String csv) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--fuzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(csv.getBytes(StandardCharsets.UTF_8));
        body.writeBytes("\r\n--fuzz--\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<String> variables(String template) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PATH_VARIABLE.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The template with the given values; other variables get an id that matches nothing (a real store's id). */
    private static String fill(String template, Map<String, String> values) {
        Matcher matcher = PATH_VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.containsKey(name) ? values.get(name) : switch (name) {
                case "storeId" -> "S-SH-001";
                case "group" -> "sandbox";
                case "component" -> "db";
                case "endpoint" -> "info";
                case "name" -> "activity-instance-start";
                default -> template.contains("carrier-inbox/{id}") || template.contains("statements/{id}")
                        ? "999999" : "NOSUCH-1";
            };
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static <T> List<T> sample(List<T> from, int count, Random random) {
        List<T> copy = new ArrayList<>(from);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(count, copy.size()));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The UTF-8 bytes of the text as ISO-8859-1 characters: {@link RawHttp} writes them byte for byte. */
    private static String raw(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String excerpt(String text, int max) {
        String printable = text.chars().mapToObj(c -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", c)
                : String.valueOf((char) c)).collect(Collectors.joining());
        return printable.length() <= max ? printable
                : printable.substring(0, max) + "...(" + text.length() + " chars)";
    }
}
