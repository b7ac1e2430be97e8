package io.returnflow.dropoff;

import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
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

import io.returnflow.platform.Roles;

/**
 * The store network and the counter over HTTP: operations manage stores and clerks, clerks preview
 * and check codes in at their own stores, wrong codes are limited, every attempt is audited. Each test
 * works at a store and with clerks of its own, so that the limits of one do not reach another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "returnflow.drop-off.check-in.store-failures=8")
@ActiveProfiles("test")
@DirtiesContext
class StoreCounterApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdentityService identity;

    @Autowired
    StoreSeeder seeder;

    TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, user);
    }

    ResponseEntity<JsonNode> send(TestRestTemplate client, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return client.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    /** A consolidation schedule that never fires during a test: no shipment leaves behind a test's back. */
    static final String NEVER_DURING_THE_TEST = "0 0 3 1 1 ?";

    static Map<String, Object> storeBody(String id) {
        return map("id", id, "name", "测试店 " + id, "province", "广东省", "city", "深圳市", "district", "南山区",
                "address", "科技园 1 号", "postCode", "518057", "phone", "0755-26000000", "openingHours", "10:00-22:00",
                "carrierAccount", "7550009999", "consolidationParcels", 3, "consolidationSchedule", NEVER_DURING_THE_TEST);
    }

    /** A store of the test's own, created by operations. */
    String newStore() {
        String id = "S-T-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(send(as("ops"), HttpMethod.POST, "/api/stores", storeBody(id)).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        return id;
    }

    /** A clerk of the test's own (password: the id), bound by operations to the stores given. */
    String newClerk(String... storeIds) {
        String id = "clerk" + UUID.randomUUID().toString().substring(0, 8);
        User user = identity.newUser(id);
        user.setFirstName("Li");
        user.setLastName("Si");
        user.setPassword(id);
        identity.saveUser(user);
        identity.createMembership(id, Roles.STORE_CLERK);
        for (String storeId : storeIds) {
            assertThat(send(as("ops"), HttpMethod.PUT, "/api/stores/" + storeId + "/clerks/" + id, null)
                    .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        }
        return id;
    }

    /** A drop-off return at the store: its id and its code. */
    String[] dropOffAt(String storeId) {
        ResponseEntity<JsonNode> created = send(as("merchant"), HttpMethod.POST, "/api/returns",
                storeDropOff(newOrderId(), storeId));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return new String[] {created.getBody().path("id").asText(), created.getBody().path("dropOff").path("code").asText()};
    }

    ResponseEntity<JsonNode> checkIn(String clerk, String storeId, String code) {
        return send(as(clerk), HttpMethod.POST, "/api/stores/" + storeId + "/check-ins", map("code", code));
    }

    ResponseEntity<JsonNode> preview(String clerk, String storeId, String code) {
        return send(as(clerk), HttpMethod.POST, "/api/stores/" + storeId + "/check-in-previews", map("code", code));
    }

    Map<String, Long> outcomesOf(String clerk) {
        return jdbc.sql("select outcome, count(*) from check_in_attempts where clerk_id = ? group by outcome")
                .param(clerk).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static String unknownCode() {
        return DropOffCode.generate(new java.security.SecureRandom()).display();
    }

    static List<String> fields(ResponseEntity<JsonNode> response) {
        return response.getBody().path("errors").findValuesAsText("field");
    }

    @Test
    void aPreviewShowsWhoseParcelAndWhichItemsWithoutCheckingItIn() {
        String store = newStore();
        String clerk = newClerk(store);
        String[] dropOff = dropOffAt(store);

        ResponseEntity<JsonNode> preview = preview(clerk, store, dropOff[1].toLowerCase());

        assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = preview.getBody();
        assertThat(body.path("returnId").asText()).isEqualTo(dropOff[0]);
        assertThat(body.path("orderId").asText()).startsWith("SO-");
        assertThat(body.path("customer").asText()).isEqualTo("张*");
        assertThat(body.path("items")).hasSize(1);
        assertThat(body.path("items").get(0).path("sku").asText()).isEqualTo("SKU-1");
        assertThat(body.path("items").get(0).path("name").asText()).isEqualTo("T 恤");
        assertThat(body.path("items").get(0).path("quantity").asInt()).isEqualTo(1);
        assertThat(OffsetDateTime.parse(body.path("expiresAt").asText())).isAfter(OffsetDateTime.now());
        assertThat(body.path("storeId").asText()).isEqualTo(store);
        assertThat(body.toString()).doesNotContain("张三", "13800000000");

        ResponseEntity<JsonNode> checkedIn = checkIn(clerk, store, dropOff[1]);
        assertThat(checkedIn.getStatusCode()).as("the preview did not use the code").isEqualTo(HttpStatus.OK);
        assertThat(checkedIn.getBody().path("status").asText()).isEqualTo("IN_TRANSIT");

        ResponseEntity<JsonNode> again = preview(clerk, store, dropOff[1]);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().path("detail").asText()).contains("already used");
        assertThat(outcomesOf(clerk)).isEqualTo(Map.of("PREVIEWED", 1L, "CHECKED_IN", 1L, "USED", 1L));
    }

    @Test
    void usedExpiredCancelledAndOtherStoreCodesAre409SayingWhichAndEveryAttemptIsAudited() {
        String store = newStore();
        String otherStore = newStore();
        String clerk = newClerk(store, otherStore);

        String[] used = dropOffAt(store);
        assertThat(checkIn(clerk, store, used[1]).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> reused = checkIn(clerk, store, used[1]);
        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reused.getBody().path("type").asText()).endsWith("/code-used");
        assertThat(reused.getBody().path("detail").asText()).contains("already used");

        String[] elsewhere = dropOffAt(store);
        ResponseEntity<JsonNode> wrongStore = checkIn(clerk, otherStore, elsewhere[1]);
        assertThat(wrongStore.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(wrongStore.getBody().path("type").asText()).endsWith("/code-other-store");
        assertThat(wrongStore.getBody().path("detail").asText()).contains("issued for store " + store);

        String[] cancelled = dropOffAt(store);
        assertThat(send(as("merchant"), HttpMethod.POST, "/api/returns/" + cancelled[0] + "/cancellation",
                map("reason", "changed my mind")).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> void_ = checkIn(clerk, store, cancelled[1]);
        assertThat(void_.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(void_.getBody().path("type").asText()).endsWith("/code-cancelled");
        assertThat(void_.getBody().path("detail").asText()).contains("cancelled");

        // the expiry timer has not fired yet, the code's time is up
        String[] expired = dropOffAt(store);
        jdbc.sql("update drop_off_codes set expires_at = ? where return_id = ?")
                .params(OffsetDateTime.now().minusMinutes(1), expired[0]).update();
        ResponseEntity<JsonNode> late = checkIn(clerk, store, expired[1]);
        assertThat(late.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(late.getBody().path("type").asText()).endsWith("/code-expired");
        assertThat(late.getBody().path("detail").asText()).contains("expired");

        assertThat(outcomesOf(clerk)).isEqualTo(Map.of("CHECKED_IN", 1L, "USED", 1L, "OTHER_STORE", 1L,
                "CANCELLED", 1L, "EXPIRED", 1L));
        // the audit names returns, and never holds a readable code
        assertThat(jdbc.sql("select return_id from check_in_attempts where clerk_id = ? and outcome = 'OTHER_STORE'")
                .param(clerk).query(String.class).single()).isEqualTo(elsewhere[0]);
        for (String[] r : List.of(used, elsewhere, cancelled, expired)) {
            String plain = r[1].replace("-", "");
            assertThat(jdbc.sql("""
                            select count(*) from check_in_attempts where code_hash like ? or code_hash like ?
                              or return_id like ?""")
                    .params("%" + plain + "%", "%" + r[1] + "%", "%" + plain + "%").query(Long.class).single())
                    .isZero();
        }
        assertThat(jdbc.sql("select count(*) from check_in_attempts where clerk_id = ? and code_hash is null")
                .param(clerk).query(Long.class).single()).isZero();
    }

    @Test
    void aMistypedCodeIs400NamingTheFieldAndAuditedAsMalformed() {
        String store = newStore();
        String clerk = newClerk(store);
        String code = dropOffAt(store)[1];
        String typo = (code.charAt(0) == '2' ? '3' : '2') + code.substring(1);

        ResponseEntity<JsonNode> mistyped = checkIn(clerk, store, typo);
        ResponseEntity<JsonNode> blank = preview(clerk, store, " ");
        ResponseEntity<JsonNode> missing = send(as(clerk), HttpMethod.POST, "/api/stores/" + store + "/check-ins",
                map());

        for (ResponseEntity<JsonNode> response : List.of(mistyped, blank, missing)) {
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(fields(response)).containsExactly("code");
        }
        assertThat(outcomesOf(clerk)).isEqualTo(Map.of("MALFORMED", 3L));
        assertThat(jdbc.sql("select count(*) from check_in_attempts where clerk_id = ? and code_hash is null")
                .param(clerk).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void theSixthWrongCodeWithinAMinuteIs429AndTheStoreHasItsOwnLimit() {
        String store = newStore();
        String first = newClerk(store);
        String second = newClerk(store);
        String[] dropOff = dropOffAt(store);

        for (int i = 0; i < 5; i++) {
            assertThat(checkIn(first, store, unknownCode()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
        ResponseEntity<JsonNode> sixth = checkIn(first, store, dropOff[1]);
        assertThat(sixth.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(sixth.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(sixth.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(sixth.getBody().path("retryAfter").asLong()).isEqualTo(retryAfter);
        assertThat(sixth.getBody().path("type").asText()).endsWith("/too-many-attempts");
        assertThat(preview(first, store, dropOff[1]).getStatusCode()).as("previews wait too")
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        // another client is not limited by the first one's failures: the 7th attempt at the store is answered
        assertThat(checkIn(second, store, unknownCode()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(checkIn(second, store, unknownCode()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(checkIn(second, store, unknownCode()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // eight wrong codes at this store within the minute: the store's limit (8 in this test) applies to all
        ResponseEntity<JsonNode> storeLimited = checkIn(second, store, dropOff[1]);
        assertThat(storeLimited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(storeLimited.getBody().path("detail").asText()).contains("at store " + store);
        assertThat(checkIn("admin", store, dropOff[1]).getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        // other stores are not affected
        String elsewhere = newStore();
        String[] there = dropOffAt(elsewhere);
        assertThat(send(as("ops"), HttpMethod.PUT, "/api/stores/" + elsewhere + "/clerks/" + second, null)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(checkIn(second, elsewhere, there[1]).getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(outcomesOf(first)).isEqualTo(Map.of("UNKNOWN", 5L, "RATE_LIMITED", 2L));
        assertThat(outcomesOf(second)).isEqualTo(Map.of("UNKNOWN", 3L, "RATE_LIMITED", 1L, "CHECKED_IN", 1L));
    }

    @Test
    void aClerkNotBoundToTheStoreIs403AndAnAdminMayCheckInAnywhere() {
        String store = newStore();
        String stranger = newClerk();
        String[] dropOff = dropOffAt(store);

        ResponseEntity<JsonNode> refused = checkIn(stranger, store, dropOff[1]);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(refused.getBody().path("type").asText()).endsWith("/not-your-store");
        assertThat(preview(stranger, store, dropOff[1]).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(outcomesOf(stranger)).isEqualTo(Map.of("NOT_YOUR_STORE", 2L));

        // a user who is no clerk at all is stopped by their role
        assertThat(checkIn("merchant", store, dropOff[1]).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(outcomesOf("merchant")).isEmpty();

        assertThat(checkIn("admin", store, dropOff[1]).getStatusCode()).isEqualTo(HttpStatus.OK);

        // unbound again: refused again
        String clerk = newClerk(store);
        assertThat(send(as("ops"), HttpMethod.DELETE, "/api/stores/" + store + "/clerks/" + clerk, null)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(checkIn(clerk, store, unknownCode()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aClerkOperationsUnboundFromASeededStoreStaysUnboundAfterARestart() throws Exception {
        // the seed file binds the demo clerk to S-SZ-002; operations take that back
        assertThat(send(as("ops"), HttpMethod.DELETE, "/api/stores/S-SZ-002/clerks/clerk", null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);

        seeder.run(new org.springframework.boot.DefaultApplicationArguments());   // what a restart does

        assertThat(checkIn("clerk", "S-SZ-002", unknownCode()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send(as("ops"), HttpMethod.PUT, "/api/stores/S-SZ-002/clerks/clerk", null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void theClerkSeesWhoTheyAreAndTheirStores() {
        String store = newStore();
        String clerk = newClerk(store);

        JsonNode me = as(clerk).getForObject("/api/store-clerks/me", JsonNode.class);
        assertThat(me.path("userId").asText()).isEqualTo(clerk);
        assertThat(me.path("name").asText()).isEqualTo("Li Si");
        assertThat(me.path("stores").findValuesAsText("id")).containsExactly(store);
        JsonNode listed = me.path("stores").get(0);
        assertThat(listed.path("name").asText()).isEqualTo("测试店 " + store);
        assertThat(listed.path("city").asText()).isEqualTo("深圳市");
        assertThat(listed.path("address").asText()).isEqualTo("科技园 1 号");
        assertThat(listed.path("openingHours").asText()).isEqualTo("10:00-22:00");
        assertThat(listed.has("carrierAccount")).isFalse();

        JsonNode demo = as("clerk").getForObject("/api/store-clerks/me", JsonNode.class);
        assertThat(demo.path("stores").findValuesAsText("id")).contains("S-SZ-001", "S-SZ-002", "S-SH-001");

        JsonNode admin = as("admin").getForObject("/api/store-clerks/me", JsonNode.class);
        assertThat(admin.path("stores").findValuesAsText("id")).contains("S-SZ-001", store);

        assertThat(as("merchant").getForEntity("/api/store-clerks/me", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void operationsCreateChangeAndDeactivateStores() {
        String id = "S-OPS-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();

        ResponseEntity<JsonNode> created = send(as("ops"), HttpMethod.POST, "/api/stores", storeBody(id));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasToString("/api/stores/" + id);
        assertThat(created.getBody().path("consolidationParcels").asInt()).isEqualTo(3);
        assertThat(created.getBody().path("consolidationSchedule").asText()).isEqualTo(NEVER_DURING_THE_TEST);
        assertThat(created.getBody().path("carrierAccount").asText()).isEqualTo("7550009999");
        assertThat(created.getBody().path("active").asBoolean()).isTrue();
        assertThat(send(as("ops"), HttpMethod.POST, "/api/stores", storeBody(id)).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);

        // buyers see it, without its carrier contract
        JsonNode buyers = as("merchant").getForObject("/api/stores?city=深圳市", JsonNode.class);
        assertThat(buyers.findValuesAsText("id")).contains(id, "S-SZ-001");
        assertThat(buyers.toString()).doesNotContain("7550009999", "consolidation");

        Map<String, Object> changed = storeBody(id);
        changed.remove("id");
        changed.put("consolidationParcels", 12);
        changed.put("consolidationSchedule", "0 0 18 * * ?");
        changed.put("carrierAccount", null);
        ResponseEntity<JsonNode> updated = send(as("ops"), HttpMethod.PUT, "/api/stores/" + id, changed);
        assertThat(updated.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(updated.getBody().path("consolidationParcels").asInt()).isEqualTo(12);
        assertThat(updated.getBody().path("carrierAccount").isNull()).isTrue();
        Store stored = jdbc.sql("select * from stores where id = ?").param(id)
                .query((rs, n) -> new Store(rs.getString("id"), rs.getString("name"), rs.getString("province"),
                        rs.getString("city"), rs.getString("district"), rs.getString("address"),
                        rs.getString("post_code"), rs.getString("phone"), rs.getString("opening_hours"),
                        rs.getString("carrier_account"), rs.getInt("consolidation_parcels"),
                        rs.getString("consolidation_schedule"), rs.getBoolean("active"))).single();
        assertThat(stored.consolidationParcels()).isEqualTo(12);
        assertThat(stored.consolidationSchedule()).isEqualTo("0 0 18 * * ?");

        assertThat(send(as("ops"), HttpMethod.PUT, "/api/stores/S-NOWHERE", changed).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        changed.put("id", "S-OTHER");
        assertThat(fields(send(as("ops"), HttpMethod.PUT, "/api/stores/" + id, changed))).containsExactly("id");

        // a code issued before the store closes can still be checked in there
        String clerk = newClerk(id);
        String[] dropOff = dropOffAt(id);
        assertThat(send(as("ops"), HttpMethod.DELETE, "/api/stores/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(as("merchant").getForObject("/api/stores?city=深圳市", JsonNode.class).findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(send(as("merchant"), HttpMethod.POST, "/api/returns", storeDropOff(newOrderId(), id)).getStatusCode())
                .as("no new return goes to a closed store").isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode details = as("ops").getForObject("/api/stores/" + id, JsonNode.class);
        assertThat(details.path("active").asBoolean()).isFalse();
        assertThat(details.path("clerks").toString()).contains(clerk);
        assertThat(as(clerk).getForObject("/api/store-clerks/me", JsonNode.class).path("stores")
                .findValuesAsText("id")).containsExactly(id);
        assertThat(checkIn(clerk, id, dropOff[1]).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(send(as("ops"), HttpMethod.DELETE, "/api/stores/S-NOWHERE", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        // PUT brings it back
        changed.remove("id");
        assertThat(send(as("ops"), HttpMethod.PUT, "/api/stores/" + id, changed).getBody().path("active").asBoolean())
                .isTrue();
    }

    @Test
    void invalidStoresAre400NamingTheFieldsAndNothingIsWritten() {
        Map<String, Object> body = storeBody("S-BAD-1");
        body.put("consolidationParcels", 0);
        body.remove("name");
        body.put("city", " ");
        body.remove("phone");
        ResponseEntity<JsonNode> invalid = send(as("ops"), HttpMethod.POST, "/api/stores", body);
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(invalid.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(fields(invalid)).containsExactlyInAnyOrder("consolidationParcels", "name", "city", "phone");

        for (String cron : List.of("every evening", "0 0 18 * *", "0 61 18 * * ?", "0 0 18 1 1 ? 2001")) {
            Map<String, Object> badCron = storeBody("S-BAD-1");
            badCron.put("consolidationSchedule", cron);
            ResponseEntity<JsonNode> refused = send(as("ops"), HttpMethod.POST, "/api/stores", badCron);
            assertThat(refused.getStatusCode()).as(cron).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(fields(refused)).as(cron).containsExactly("consolidationSchedule");
        }
        Map<String, Object> badId = storeBody("S BAD/1");
        assertThat(fields(send(as("ops"), HttpMethod.POST, "/api/stores", badId))).containsExactly("id");
        Map<String, Object> noId = storeBody("S-BAD-1");
        noId.remove("id");
        assertThat(fields(send(as("ops"), HttpMethod.POST, "/api/stores", noId))).containsExactly("id");
        Map<String, Object> wordy = storeBody("S-BAD-1");
        wordy.put("consolidationParcels", "three");
        assertThat(fields(send(as("ops"), HttpMethod.POST, "/api/stores", wordy))).containsExactly("consolidationParcels");

        assertThat(jdbc.sql("select count(*) from stores where id like 'S-BAD%' or id = 'S BAD/1'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void onlyOperationsManageStoresAndOnlyRealClerksAreBound() {
        String store = newStore();
        for (String user : List.of("merchant", "clerk", "cs")) {
            assertThat(send(as(user), HttpMethod.POST, "/api/stores", storeBody("S-NOPE-1")).getStatusCode())
                    .as(user).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(send(as(user), HttpMethod.DELETE, "/api/stores/" + store, null).getStatusCode())
                    .as(user).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(send(as(user), HttpMethod.PUT, "/api/stores/" + store + "/clerks/clerk", null).getStatusCode())
                    .as(user).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(as(user).getForEntity("/api/stores/" + store, JsonNode.class).getStatusCode())
                    .as(user).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(send(as("admin"), HttpMethod.PUT, "/api/stores/" + store + "/clerks/clerk", null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);

        ResponseEntity<JsonNode> nobody = send(as("ops"), HttpMethod.PUT, "/api/stores/" + store + "/clerks/nobody",
                null);
        assertThat(nobody.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(fields(nobody)).containsExactly("userId");
        ResponseEntity<JsonNode> notAClerk = send(as("ops"), HttpMethod.PUT, "/api/stores/" + store + "/clerks/cs",
                null);
        assertThat(notAClerk.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(notAClerk.getBody().path("detail").asText()).contains("store-clerk");
        assertThat(send(as("ops"), HttpMethod.PUT, "/api/stores/S-NOWHERE/clerks/clerk", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(as("ops").getForObject("/api/stores/" + store, JsonNode.class).path("clerks").toString())
                .contains("\"clerk\"").doesNotContain("cs", "nobody");
    }

    @Test
    void aScriptsUnauthenticatedRequestGetsNoBasicChallenge() {
        HttpHeaders script = new HttpHeaders();
        script.set("X-Requested-With", "XMLHttpRequest");
        ResponseEntity<String> fromPage = rest.exchange("/api/store-clerks/me", HttpMethod.GET,
                new HttpEntity<>(script), String.class);
        assertThat(fromPage.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(fromPage.getHeaders().containsKey(HttpHeaders.WWW_AUTHENTICATE)).isFalse();
        assertThat(fromPage.getHeaders().getContentType().toString()).startsWith("application/problem+json");

        ResponseEntity<String> wrongPassword = rest.withBasicAuth("clerk", "wrong").exchange("/api/store-clerks/me",
                HttpMethod.GET, new HttpEntity<>(script), String.class);
        assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(wrongPassword.getHeaders().containsKey(HttpHeaders.WWW_AUTHENTICATE)).isFalse();

        ResponseEntity<String> other = rest.getForEntity("/api/store-clerks/me", String.class);
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(other.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");
    }

    @Test
    void aCodeSealedWithAKeyThisServerLacksIsA503NamingTheKeyNeverA500() {
        String store = newStore();
        String clerk = newClerk(store);
        String[] dropOff = dropOffAt(store);
        String sealed = jdbc.sql("select code_sealed from drop_off_codes where return_id = ?").param(dropOff[0])
                .query(String.class).single();
        assertThat(sealed).as("sealed with the active key, which it names").startsWith("local1:");

        // as if the code was sealed with a key operations retired too early
        jdbc.sql("update drop_off_codes set code_sealed = ? where return_id = ?")
                .params("k0:" + sealed.substring("local1:".length()), dropOff[0]).update();

        ResponseEntity<JsonNode> view = send(as("merchant"), HttpMethod.GET, "/api/returns/" + dropOff[0], null);
        assertThat(view.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(view.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(view.getBody().path("type").asText()).endsWith("/unavailable");
        assertThat(view.getBody().path("detail").asText()).contains("key 'k0'");

        ResponseEntity<JsonNode> checkedIn = checkIn(clerk, store, dropOff[1]);
        assertThat(checkedIn.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(checkedIn.getBody().path("detail").asText()).contains("key 'k0'");
    }
}
