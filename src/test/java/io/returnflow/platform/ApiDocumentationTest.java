package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The OpenAPI document the application serves is the checked-in copy under {@code src/main/resources/openapi/}
 * (which the build lints), it is readable without login, and the roles it documents are the ones the security
 * configuration grants. After a deliberate change of the API, refresh the copies with
 * {@code mvn -B test -Dtest=ApiDocumentationTest -Dopenapi.update=true} and review their diff.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ApiDocumentationTest {

    static final Path API_COPY = Path.of("src/main/resources/openapi/returnflow-api.json");
    static final Path SANDBOX_COPY = Path.of("src/main/resources/openapi/returnflow-sandbox-api.json");
    static final String UPDATE_PROPERTY = "openapi.update";

    /** A demo user of each role (IdentitySetup; the admin from camunda.bpm.admin-user). */
    static final Map<String, String> USER_OF_ROLE = Map.of(
            Roles.MERCHANT_API, "merchant",
            Roles.STORE_CLERK, "clerk",
            Roles.CUSTOMER_SERVICE, "cs",
            Roles.WAREHOUSE, "inspector",
            Roles.OPS, "ops",
            Roles.ANALYST, "analyst",
            Roles.ADMIN, "admin");

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate rest;

    @Test
    void theServedDocumentIsTheCheckedInCopy() throws IOException {
        matchesCopy("/v3/api-docs", API_COPY);
    }

    @Test
    void theSandboxDocumentIsTheCheckedInCopy() throws IOException {
        matchesCopy("/v3/api-docs/sandbox", SANDBOX_COPY);
    }

    @Test
    void theDocumentsAndSwaggerUiAreReadableWithoutLoginAndTheApiIsNot() {
        assertThat(rest.getForEntity("/v3/api-docs", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/v3/api-docs/sandbox", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/v3/api-docs/swagger-config", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<String> ui = rest.getForEntity("/swagger-ui/index.html", String.class);
        assertThat(ui.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ui.getBody()).contains("swagger-ui");
        ResponseEntity<String> entry = rest.getForEntity("/swagger-ui.html", String.class);
        assertThat(entry.getStatusCode().is2xxSuccessful() || entry.getStatusCode().is3xxRedirection()).isTrue();

        assertThat(rest.getForEntity("/api/returns", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/api/stores", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/actuator/metrics", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/engine-rest/engine", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    /**
     * Every operation of the document is called by a user of each role (with ids that exist nowhere and empty
     * bodies, so nothing changes): the roles it documents get past the role check, the others get its 403.
     */
    @Test
    void everyOperationDocumentsTheRolesTheSecurityGrants() throws IOException {
        JsonNode api = JSON.readTree(rest.getForObject("/v3/api-docs", String.class));
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith(StorePageSecurity.SESSION_PATH)) {
                // the clerk's page's session: no roles of its own (StorePageSessionTest)
                continue;
            }
            if (path.getKey().startsWith(ReturnPageSecurity.API_PATH)) {
                // the buyer's page: the return link's token is the credential, no roles (selfservice.ReturnLinkApiTest)
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                JsonNode security = op.getValue().path("security");
                if (security.isEmpty()) {
                    assertThat(path.getKey()).as("an operation without roles").startsWith("/webhooks/");
                    continue;
                }
                List<String> roles = new ArrayList<>();
                security.get(0).path(ApiDocumentation.BASIC_AUTH).forEach(r -> roles.add(r.asText()));
                assertThat(roles).as(op.getKey() + " " + path.getKey()).isNotEmpty();
                HttpMethod method = HttpMethod.valueOf(op.getKey().toUpperCase());
                String uri = path.getKey().replaceAll("\\{[^}]+}", "0");
                ResponseEntity<JsonNode> anonymous = call(rest, method, uri, op.getValue());
                if (anonymous.getStatusCode() != HttpStatus.UNAUTHORIZED) {
                    mismatches.add(method + " " + uri + " without credentials: " + anonymous.getStatusCode());
                }
                for (Map.Entry<String, String> user : new TreeMap<>(USER_OF_ROLE).entrySet()) {
                    ResponseEntity<JsonNode> answer = call(rest.withBasicAuth(user.getValue(), user.getValue()),
                            method, uri, op.getValue());
                    boolean refused = answer.getStatusCode() == HttpStatus.FORBIDDEN
                            && answer.getBody() != null
                            && answer.getBody().path("type").asText().endsWith("/forbidden");
                    boolean documented = roles.contains(user.getKey());
                    if (documented == refused) {
                        mismatches.add(method + " " + uri + " as " + user.getKey() + ": documented "
                                + (documented ? "allowed" : "refused") + ", answered " + answer.getStatusCode());
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(mismatches).as("documented roles that the security configuration does not grant, or the other "
                + "way round").isEmpty();
    }

    @Test
    void everyProblemTypeIsAnsweredBySomeOperation() throws IOException {
        JsonNode api = JSON.readTree(rest.getForObject("/v3/api-docs", String.class));
        String document = api.toString();
        List<String> unanswered = new ArrayList<>();
        api.path("components").path("examples").fieldNames().forEachRemaining(name -> {
            if (name.startsWith("problem-") && !document.contains("\"#/components/examples/" + name + "\"")) {
                unanswered.add(name);
            }
        });
        assertThat(unanswered).as("problem examples no operation answers with").isEmpty();
    }

    @Test
    void theClerksPageSessionIsDocumentedWhereItOpensTheCounter() throws IOException {
        JsonNode paths = JSON.readTree(rest.getForObject("/v3/api-docs", String.class)).path("paths");
        assertThat(paths.path("/store/session/login").path("post").path("requestBody").path("content")
                .path(MediaType.APPLICATION_FORM_URLENCODED_VALUE).path("schema").path("required").toString())
                .isEqualTo("[\"username\",\"password\"]");
        assertThat(paths.path("/store/session/logout").path("post").path("responses").has("204")).isTrue();
        assertThat(paths.path("/store/session").path("get").path("responses").has("200")).isTrue();
        Map<String, Boolean> counter = Map.of(
                "/api/store-clerks/me get", false,
                "/api/stores/{storeId}/check-in-previews post", true,
                "/api/stores/{storeId}/check-ins post", true);
        counter.forEach((call, change) -> {
            String[] pathAndMethod = call.split(" ");
            JsonNode operation = paths.path(pathAndMethod[0]).path(pathAndMethod[1]);
            List<JsonNode> cookie = new ArrayList<>();
            operation.path("security").forEach(requirement -> {
                if (requirement.has(ApiDocumentation.STORE_SESSION_AUTH)) {
                    cookie.add(requirement);
                }
            });
            assertThat(cookie).as(call).hasSize(1);
            assertThat(cookie.get(0).has(ApiDocumentation.STORE_CSRF_AUTH)).as(call).isEqualTo(change);
            assertThat(operation.path("responses").path("403").path("content").path("application/problem+json")
                    .path("examples").has("csrf-token")).as(call).isEqualTo(change);
        });
    }

    private static ResponseEntity<JsonNode> call(TestRestTemplate client, HttpMethod method, String uri,
                                                 JsonNode operation) {
        HttpHeaders headers = new HttpHeaders();
        Object body = null;
        JsonNode content = operation.path("requestBody").path("content");
        if (content.has(MediaType.APPLICATION_JSON_VALUE)) {
            headers.setContentType(MediaType.APPLICATION_JSON);
            body = "{}";
        } else if (content.has("text/csv")) {
            headers.setContentType(MediaType.parseMediaType("text/csv"));
            body = "";
        }
        return client.exchange(uri, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private void matchesCopy(String path, Path copy) throws IOException {
        ResponseEntity<String> served = rest.getForEntity(path, String.class);
        assertThat(served.getStatusCode()).isEqualTo(HttpStatus.OK);
        String actual = canonical(served.getBody());
        String expected = Files.exists(copy) ? Files.readString(copy, StandardCharsets.UTF_8) : "";
        if (actual.equals(expected)) {
            return;
        }
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(copy, actual, StandardCharsets.UTF_8);
            return;
        }
        fail(path + " differs from the checked-in copy " + copy + ". If the API changed on purpose, refresh the copy "
                + "with -D" + UPDATE_PROPERTY + "=true (mvn -B test -Dtest=ApiDocumentationTest -D" + UPDATE_PROPERTY
                + "=true), review its diff and commit it; the build lints it.\n"
                + diff(expected.lines().toList(), actual.lines().toList()));
    }

    /** Keys sorted at every level, two-space indent, {@code \n}, non-ASCII as is: diffs line by line. */
    static String canonical(String json) throws IOException {
        JsonNode sorted = sorted(JSON.readTree(json));
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
            generator.setPrettyPrinter(printer);
            JSON.writeTree(generator, sorted);
        }
        return out + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
            fields.forEach((key, value) -> result.set(key, sorted(value)));
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> result.add(sorted(element)));
            return result;
        }
        return node;
    }

    /** The changed lines, with three of context, in the manner of a unified diff. */
    static String diff(List<String> expected, List<String> actual) {
        int prefix = 0;
        while (prefix < expected.size() && prefix < actual.size() && expected.get(prefix).equals(actual.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < expected.size() - prefix && suffix < actual.size() - prefix
                && expected.get(expected.size() - 1 - suffix).equals(actual.get(actual.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> a = expected.subList(prefix, expected.size() - suffix);
        List<String> b = actual.subList(prefix, actual.size() - suffix);
        StringBuilder out = new StringBuilder("--- checked-in copy\n+++ served document\n@@ line " + (prefix + 1)
                + " @@\n");
        for (int i = Math.max(0, prefix - 3); i < prefix; i++) {
            out.append("  ").append(expected.get(i)).append('\n');
        }
        final int maxLines = 200;
        List<String> changes = a.size() * (long) b.size() <= 4_000_000L ? lcsDiff(a, b) : blockDiff(a, b);
        changes.stream().limit(maxLines).forEach(line -> out.append(line).append('\n'));
        if (changes.size() > maxLines) {
            out.append("… ").append(changes.size() - maxLines).append(" more changed lines\n");
        }
        for (int i = expected.size() - suffix; i < Math.min(expected.size(), expected.size() - suffix + 3); i++) {
            out.append("  ").append(expected.get(i)).append('\n');
        }
        return out.toString();
    }

    private static List<String> lcsDiff(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                lines.add("  " + a.get(i));
                i++;
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                lines.add("+ " + b.get(j++));
            } else {
                lines.add("- " + a.get(i++));
            }
        }
        return lines;
    }

    private static List<String> blockDiff(List<String> a, List<String> b) {
        List<String> lines = new ArrayList<>();
        a.forEach(line -> lines.add("- " + line));
        b.forEach(line -> lines.add("+ " + line));
        return lines;
    }
}
