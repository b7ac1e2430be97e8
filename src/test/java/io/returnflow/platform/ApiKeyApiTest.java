package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * API keys over HTTP: operations create, list, read and revoke them; a key acts with its roles only; a wrong,
 * unknown or revoked key is a 401 that locks nobody out; the database holds nothing a key can be made from; and a
 * merchant user locked out by wrong passwords does not stop the merchant system's key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ApiKeyApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdentityService identity;

    ResponseEntity<JsonNode> send(TestRestTemplate client, HttpMethod method, String path, Object body,
                                  String bearer) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (bearer != null) {
            headers.setBearerAuth(bearer);
        }
        return client.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    ResponseEntity<JsonNode> asOps(HttpMethod method, String path, Object body) {
        return send(rest.withBasicAuth("ops", "ops"), method, path, body, null);
    }

    ResponseEntity<JsonNode> withKey(String key, HttpMethod method, String path) {
        return send(rest, method, path, method == HttpMethod.GET ? null : Map.of(), key);
    }

    /** A key created by operations with these roles: its creation answer. */
    JsonNode newKey(String... roles) {
        ResponseEntity<JsonNode> created = asOps(HttpMethod.POST, "/api/api-keys",
                Map.of("name", "Shop " + UUID.randomUUID(), "roles", List.of(roles)));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody();
    }

    /** A user of the test's own in group merchant-api, password {@code secret-<id>}. */
    String newMerchantUser() {
        String id = "merchant" + UUID.randomUUID().toString().substring(0, 8);
        User user = identity.newUser(id);
        user.setFirstName("Shop");
        user.setLastName("Integration");
        user.setPassword("secret-" + id);
        identity.saveUser(user);
        identity.createMembership(id, Roles.MERCHANT_API);
        return id;
    }

    @Test
    void operationsCreateListReadAndRevokeKeys() {
        ResponseEntity<JsonNode> created = asOps(HttpMethod.POST, "/api/api-keys",
                Map.of("name", "Shop A storefront", "roles", List.of("merchant-api")));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode body = created.getBody();
        String id = body.path("id").asText();
        String key = body.path("key").asText();
        assertThat(created.getHeaders().getLocation()).hasToString("/api/api-keys/" + id);
        assertThat(key).startsWith("rfk_" + id + "_");
        assertThat(body.path("roles")).hasSize(1);
        assertThat(body.path("roles").get(0).asText()).isEqualTo("merchant-api");
        assertThat(body.path("createdBy").asText()).isEqualTo("ops");

        ResponseEntity<JsonNode> list = asOps(HttpMethod.GET, "/api/api-keys", null);
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode listed = null;
        for (JsonNode k : list.getBody()) {
            if (k.path("id").asText().equals(id)) {
                listed = k;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("name").asText()).isEqualTo("Shop A storefront");
        assertThat(listed.has("key")).as("the key is shown in its creation answer only").isFalse();
        assertThat(list.getBody().toString()).doesNotContain(key.substring(("rfk_" + id + "_").length()));
        assertThat(listed.path("revokedAt").isNull()).isTrue();
        assertThat(listed.path("lastUsedAt").isNull()).isTrue();

        assertThat(withKey(key, HttpMethod.GET, "/api/stores").getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode read = asOps(HttpMethod.GET, "/api/api-keys/" + id, null).getBody();
        assertThat(read.path("lastUsedAt").isNull()).as("its use is recorded").isFalse();
        assertThat(read.has("key")).isFalse();

        ResponseEntity<JsonNode> revoked = asOps(HttpMethod.DELETE, "/api/api-keys/" + id, null);
        assertThat(revoked.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(revoked.getBody().path("revokedAt").isNull()).isFalse();
        assertThat(revoked.getBody().path("revokedBy").asText()).isEqualTo("ops");
        String firstRevocation = revoked.getBody().path("revokedAt").asText();
        ResponseEntity<JsonNode> again = send(rest.withBasicAuth("admin", "admin"), HttpMethod.DELETE,
                "/api/api-keys/" + id, null, null);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("revokedAt").asText()).as("the first revocation stays")
                .isEqualTo(firstRevocation);
        assertThat(again.getBody().path("revokedBy").asText()).isEqualTo("ops");

        assertThat(asOps(HttpMethod.GET, "/api/api-keys/0000000000000000", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(asOps(HttpMethod.DELETE, "/api/api-keys/0000000000000000", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void onlyOperationsAndAdminsManageKeysAndOnlyPeopleDo() {
        Map<String, Object> request = Map.of("name", "Shop B", "roles", List.of("merchant-api"));
        assertThat(send(rest.withBasicAuth("merchant", "merchant"), HttpMethod.POST, "/api/api-keys", request, null)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send(rest.withBasicAuth("cs", "cs"), HttpMethod.GET, "/api/api-keys", null, null)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send(rest.withBasicAuth("admin", "admin"), HttpMethod.POST, "/api/api-keys", request, null)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        // a key with the ops role still cannot make keys: a leaked key must not mint more
        String opsKey = newKey("ops").path("key").asText();
        ResponseEntity<JsonNode> byKey = send(rest, HttpMethod.POST, "/api/api-keys", request, opsKey);
        assertThat(byKey.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(byKey.getBody().path("type").asText()).endsWith("/forbidden");
        assertThat(withKey(opsKey, HttpMethod.GET, "/api/api-keys").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(withKey(opsKey, HttpMethod.GET, "/api/carrier-inbox").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aBadRequestNamesTheFieldAtFault() {
        ResponseEntity<JsonNode> unknownRole = asOps(HttpMethod.POST, "/api/api-keys",
                Map.of("name", "Shop C", "roles", List.of("merchant-api", "superuser")));
        assertThat(unknownRole.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknownRole.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(unknownRole.getBody().path("errors").get(0).path("field").asText()).isEqualTo("roles[1]");
        // people's roles: the counter binds clerks by user, and admins are people
        for (String personal : List.of(Roles.STORE_CLERK, Roles.ADMIN)) {
            ResponseEntity<JsonNode> refused = asOps(HttpMethod.POST, "/api/api-keys",
                    Map.of("name", "Shop C", "roles", List.of(personal)));
            assertThat(refused.getStatusCode()).as(personal).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody().path("errors").get(0).path("field").asText()).isEqualTo("roles[0]");
        }
        // a null in the list is a 400 naming it, as any unknown role
        Map<String, Object> nullRole = new java.util.HashMap<>(Map.of("name", "Shop C"));
        nullRole.put("roles", java.util.Arrays.asList("merchant-api", null));
        ResponseEntity<JsonNode> nullRefused = asOps(HttpMethod.POST, "/api/api-keys", nullRole);
        assertThat(nullRefused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nullRefused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        assertThat(nullRefused.getBody().path("errors").get(0).path("field").asText()).isEqualTo("roles[1]");
        ResponseEntity<JsonNode> noName = asOps(HttpMethod.POST, "/api/api-keys",
                Map.of("name", " ", "roles", List.of("merchant-api")));
        assertThat(noName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noName.getBody().path("errors").get(0).path("field").asText()).isEqualTo("name");
        ResponseEntity<JsonNode> noRoles = asOps(HttpMethod.POST, "/api/api-keys",
                Map.of("name", "Shop C", "roles", List.of()));
        assertThat(noRoles.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noRoles.getBody().path("errors").get(0).path("field").asText()).isEqualTo("roles");
        ResponseEntity<JsonNode> longName = asOps(HttpMethod.POST, "/api/api-keys",
                Map.of("name", "x".repeat(ApiKeyRequest.MAX_NAME + 1), "roles", List.of("merchant-api")));
        assertThat(longName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(longName.getBody().path("errors").get(0).path("field").asText()).isEqualTo("name");
    }

    @Test
    void aKeyActsWithItsRolesOnly() {
        String merchantKey = newKey("merchant-api").path("key").asText();
        assertThat(withKey(merchantKey, HttpMethod.GET, "/api/stores").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(withKey(merchantKey, HttpMethod.GET, "/api/returns/R-NOSUCH").getStatusCode())
                .as("past the role check").isEqualTo(HttpStatus.NOT_FOUND);
        for (String[] outside : List.of(new String[] {"POST", "/api/stores"},
                new String[] {"GET", "/api/carrier-inbox"}, new String[] {"GET", "/api/model-deployments"},
                new String[] {"GET", "/actuator/prometheus"},
                new String[] {"POST", "/api/stores/S-SZ-001/check-ins"})) {
            ResponseEntity<JsonNode> answer = withKey(merchantKey, HttpMethod.valueOf(outside[0]), outside[1]);
            assertThat(answer.getStatusCode()).as(outside[0] + " " + outside[1]).isEqualTo(HttpStatus.FORBIDDEN);
        }
        ResponseEntity<JsonNode> forbidden = withKey(merchantKey, HttpMethod.POST, "/api/stores");
        assertThat(forbidden.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(forbidden.getBody().path("type").asText()).endsWith("/forbidden");

        String scrapeKey = newKey("monitoring").path("key").asText();
        assertThat(send(rest, HttpMethod.GET, "/actuator/prometheus", null, scrapeKey).getStatusCode())
                .isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
        assertThat(withKey(scrapeKey, HttpMethod.GET, "/api/stores").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aRevokedKeyIsUnauthorized() {
        JsonNode created = newKey("merchant-api");
        String key = created.path("key").asText();
        assertThat(withKey(key, HttpMethod.GET, "/api/stores").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(asOps(HttpMethod.DELETE, "/api/api-keys/" + created.path("id").asText(), null).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> refused = withKey(key, HttpMethod.GET, "/api/stores");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(refused.getBody().path("type").asText()).endsWith("/unauthorized");
        assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer ");
    }

    /**
     * Wrong keys, unknown ones and nonsense: 401 problem+json every time, and nobody is locked out, the merchant
     * user whose system holds a key included.
     */
    @Test
    void wrongKeysAreUnauthorizedAndLockNothing() {
        String merchantUser = newMerchantUser();
        JsonNode created = newKey("merchant-api");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        char last = key.charAt(key.length() - 1);
        List<String> wrong = List.of(
                key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A'),      // the right id, a wrong secret
                "rfk_0000000000000000_" + key.substring(("rfk_" + id + "_").length()), // an unknown id
                "rfk_" + id,                                                          // no secret
                key + "x",                                                            // too long
                "not-a-key", "");
        for (int round = 0; round < 10; round++) {
            for (String presented : wrong) {
                ResponseEntity<JsonNode> answer = send(rest, HttpMethod.GET, "/api/stores", null, presented);
                assertThat(answer.getStatusCode()).as("'" + presented + "'").isEqualTo(HttpStatus.UNAUTHORIZED);
                assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
                assertThat(answer.getBody().path("type").asText()).endsWith("/unauthorized");
            }
        }
        assertThat(withKey(key, HttpMethod.GET, "/api/stores").getStatusCode()).isEqualTo(HttpStatus.OK);
        // no failed login counted for the merchant users (a successful one below would reset the count: looked at
        // first)
        assertThat(jdbc.sql("select count(*) from act_id_user where id_ in (?, 'merchant') and (attempts_ > 0 "
                + "or lock_exp_time_ is not null)").param(merchantUser).query(Integer.class).single()).isZero();
        assertThat(send(rest.withBasicAuth(merchantUser, "secret-" + merchantUser), HttpMethod.GET, "/api/stores",
                null, null).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /**
     * The finding this answers: ten wrong passwords lock a merchant user for good (the engine's login throttling,
     * which stays for people), and the merchant system's key goes on working.
     */
    @Test
    void tenWrongPasswordsForTheMerchantUserDoNotStopTheMerchantsKey() {
        String merchantUser = newMerchantUser();
        String key = newKey("merchant-api").path("key").asText();
        Date start = ClockUtil.getCurrentTime();
        try {
            for (int attempt = 1; attempt <= 10; attempt++) {
                // past the engine's growing lock (at most a minute) before each attempt, so that every one counts
                ClockUtil.setCurrentTime(new Date(start.getTime() + Duration.ofMinutes(2L * attempt).toMillis()));
                assertThat(send(rest.withBasicAuth(merchantUser, "wrong"), HttpMethod.GET, "/api/stores", null, null)
                        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            }
            ClockUtil.setCurrentTime(new Date(start.getTime() + Duration.ofDays(1).toMillis()));
            assertThat(send(rest.withBasicAuth(merchantUser, "secret-" + merchantUser), HttpMethod.GET, "/api/stores",
                    null, null).getStatusCode()).as("the user is locked for good").isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(withKey(key, HttpMethod.GET, "/api/stores").getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(withKey(key, HttpMethod.GET, "/api/returns/R-NOSUCH").getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
        } finally {
            ClockUtil.reset();
        }
    }

    /**
     * The document's {@code apiKey} requirement of each operation is what the security configuration grants a key:
     * every operation is called with a key of each role a key may carry (ids that exist nowhere, empty bodies, so
     * nothing changes); the documented roles get past the role check, the others get its 403.
     */
    @Test
    void everyOperationDocumentsTheRolesAKeyMayCallItWith() throws Exception {
        Map<String, String> keyOfRole = new java.util.TreeMap<>();
        for (String role : Roles.API_KEY_ROLES) {
            keyOfRole.put(role, newKey(role).path("key").asText());
        }
        JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(rest.getForObject("/v3/api-docs", String.class));
        List<String> mismatches = new java.util.ArrayList<>();
        int checked = 0;
        for (var paths = api.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            for (var ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                JsonNode security = op.getValue().path("security");
                boolean rolesChecked = false;
                for (JsonNode requirement : security) {
                    for (JsonNode roles : requirement) {
                        rolesChecked |= !roles.isEmpty();
                    }
                }
                if (!rolesChecked) {
                    continue; // no role check: the webhooks, and the clerk's page's own session calls
                }
                List<String> documented = new java.util.ArrayList<>();
                security.forEach(requirement -> requirement.path(ApiDocumentation.API_KEY_AUTH)
                        .forEach(role -> documented.add(role.asText())));
                HttpMethod method = HttpMethod.valueOf(op.getKey().toUpperCase());
                String uri = path.getKey().replaceAll("\\{[^}]+}", "0");
                JsonNode content = op.getValue().path("requestBody").path("content");
                HttpHeaders headers = new HttpHeaders();
                Object body = null;
                if (content.has(MediaType.APPLICATION_JSON_VALUE)) {
                    headers.setContentType(MediaType.APPLICATION_JSON);
                    body = "{}";
                } else if (content.has("text/csv")) {
                    headers.setContentType(MediaType.parseMediaType("text/csv"));
                    body = "";
                }
                for (Map.Entry<String, String> key : keyOfRole.entrySet()) {
                    headers.setBearerAuth(key.getValue());
                    ResponseEntity<JsonNode> answer = rest.exchange(uri, method, new HttpEntity<>(body, headers),
                            JsonNode.class);
                    assertThat(answer.getStatusCode()).as(method + " " + uri).isNotEqualTo(HttpStatus.UNAUTHORIZED);
                    boolean refused = answer.getStatusCode() == HttpStatus.FORBIDDEN && answer.getBody() != null
                            && answer.getBody().path("type").asText().endsWith("/forbidden");
                    if (documented.contains(key.getKey()) == refused) {
                        mismatches.add(method + " " + uri + " with a key of " + key.getKey() + ": documented "
                                + (refused ? "allowed" : "refused") + ", answered " + answer.getStatusCode());
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(mismatches).as("documented key roles that the security configuration does not grant, or the "
                + "other way round").isEmpty();
    }

    /** What the database keeps of a key is its id and hash: neither the key nor anything that works as one. */
    @Test
    void theDatabaseHoldsNoUsableKey() {
        JsonNode created = newKey("merchant-api");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        String secret = key.substring(("rfk_" + id + "_").length());
        Map<String, Object> row = jdbc.sql("select * from api_keys where id = ?").param(id).query().singleRow();
        for (Object column : row.values()) {
            String value = String.valueOf(column);
            assertThat(value).doesNotContain(secret).doesNotContain(key);
        }
        String hash = row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("key_hash"))
                .map(e -> (String) e.getValue()).findFirst().orElseThrow();
        assertThat(hash).isEqualTo(HexFormat.of().formatHex(ApiKeys.sha256(key)));
        for (String fromTheRow : List.of(hash, "rfk_" + id + "_" + hash, "rfk_" + id + "_" + hash.substring(0, 43))) {
            assertThat(send(rest, HttpMethod.GET, "/api/stores", null, fromTheRow).getStatusCode())
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(withKey(key, HttpMethod.GET, "/api/stores").getStatusCode()).isEqualTo(HttpStatus.OK);
    }
}
