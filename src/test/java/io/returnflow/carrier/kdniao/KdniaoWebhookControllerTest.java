package io.returnflow.carrier.kdniao;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.returnflow.carrier.inbox.CarrierInbox;
import io.returnflow.carrier.inbox.CarrierInboxProperties;
import io.returnflow.carrier.inbox.InboxEntry;
import io.returnflow.carrier.inbox.InboxStatus;
import io.returnflow.carrier.inbox.PushSizeLimit;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.DatabaseOutage;
import io.returnflow.platform.DatabaseOutageProperties;
import io.returnflow.support.MutableClock;
import io.returnflow.carrier.support.Recorded;
import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;

class KdniaoWebhookControllerTest {

    private static final String APP_KEY = "push-app-key";
    private static final DataSize MAX_PUSH_SIZE = CarrierInboxProperties.defaults().maxPushSize();
    private static final String TOO_LONG_CODE = "RF-R-" + "X".repeat(CarrierInbox.MAX_ORDER_CODE_LENGTH - 6) + "-1";

    private MigratedDatabase db;
    private CarrierInbox inbox;
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.migrated();
        inbox = new CarrierInbox(db.jdbc());
        mvc = webhook(inbox);
    }

    /** The webhook behind the size limit, as {@code CarrierInboxConfiguration} registers it. */
    private static MockMvc webhook(CarrierInbox inbox) {
        KdniaoProperties properties = new KdniaoProperties("http://unused", "1000001", APP_KEY);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:05:12Z"));
        return MockMvcBuilders.standaloneSetup(new KdniaoWebhookController(properties, inbox, clock,
                        new DatabaseOutage(new DatabaseOutageProperties(Duration.ofSeconds(5)))))
                .addFilter(new PushSizeLimit(MAX_PUSH_SIZE, Jackson2ObjectMapperBuilder.json().build()),
                        "/webhooks/carriers/*")
                .build();
    }

    @Test
    void aSignedPushIsStoredEntryByEntryAndAcknowledged() throws Exception {
        String requestData = Recorded.kdniao("push-101-multi.json");

        push("101", requestData, DataSign.sign(requestData, APP_KEY))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.EBusinessID").value("1000001"))
                .andExpect(jsonPath("$.UpdateTime").value("2026-11-27 16:05:12"))
                .andExpect(jsonPath("$.Success").value(true))
                .andExpect(jsonPath("$.Reason").value(""));

        List<InboxEntry> pending = inbox.list(InboxStatus.PENDING, 10);
        assertThat(pending).extracting(InboxEntry::orderCode)
                .containsExactly("RF-R-AAAA01-1", "RF-R-BBBB02-2", "RF-R-CCCC03-1");
        assertThat(pending).extracting(InboxEntry::returnId).containsExactly("R-AAAA01", "R-BBBB02", "R-CCCC03");
        assertThat(pending).allSatisfy(e -> {
            assertThat(e.requestType()).isEqualTo("101");
            assertThat(e.pushedAt()).isEqualTo("2026-11-28T09:00:00+08:00");
        });
        // each payload is that entry alone, readable on its own
        KdniaoPush.Entry second = KdniaoPushReader.readEntry(pending.get(1).payload());
        assertThat(second.stateEx()).isEqualTo("406");
    }

    @Test
    void aRepushIsAcknowledgedAndIgnoredEvenWithFieldsInAnotherOrder() throws Exception {
        String requestData = Recorded.kdniao("push-103-pickup-collected.json");
        push("103", requestData, DataSign.sign(requestData, APP_KEY)).andExpect(status().isOk());

        String reordered = reversedKeys(requestData);
        assertThat(reordered).isNotEqualTo(requestData);
        push("103", reordered, DataSign.sign(reordered, APP_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.Success").value(true));

        assertThat(inbox.list(InboxStatus.PENDING, 10)).hasSize(1);
    }

    /** The same JSON with every object's fields in the opposite order. */
    private static String reversedKeys(String json) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        return mapper.writeValueAsString(reverse(mapper.readTree(json)));
    }

    private static Object reverse(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            java.util.List<String> names = new java.util.ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            java.util.Collections.reverse(names);
            java.util.Map<String, Object> reversed = new java.util.LinkedHashMap<>();
            names.forEach(name -> reversed.put(name, reverse(node.get(name))));
            return reversed;
        }
        if (node.isArray()) {
            java.util.List<Object> items = new java.util.ArrayList<>();
            node.forEach(item -> items.add(reverse(item)));
            return items;
        }
        return node;
    }

    @Test
    void aNewerSnapshotOfTheSameOrderIsANewEntry() throws Exception {
        String first = "{\"PushTime\":\"2026-11-27 10:00:00\",\"Data\":[{\"OrderCode\":\"RF-R-1-1\",\"State\":\"1\"}]}";
        String second = "{\"PushTime\":\"2026-11-27 11:00:00\",\"Data\":[{\"OrderCode\":\"RF-R-1-1\",\"State\":\"2\"}]}";
        push("101", first, DataSign.sign(first, APP_KEY)).andExpect(status().isOk());
        push("101", second, DataSign.sign(second, APP_KEY)).andExpect(status().isOk());

        assertThat(inbox.list(InboxStatus.PENDING, 10)).hasSize(2);
    }

    @Test
    void aWrongSignatureIs401AndStoresNothing() throws Exception {
        String requestData = Recorded.kdniao("push-101-signed-snapshot.json");

        push("101", requestData, DataSign.sign(requestData, "someone-elses-key"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.title").value("Invalid signature"))
                .andExpect(jsonPath("$.type").value("https://returnflow.dev/problems/invalid-signature"));
        push("101", requestData + " ", DataSign.sign(requestData, APP_KEY)).andExpect(status().isUnauthorized());

        assertThat(count()).isZero();
    }

    @Test
    void aMissingSignatureIs401AndStoresNothing() throws Exception {
        mvc.perform(post("/webhooks/carriers/kdniao").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("RequestType=101&RequestData=" + URLEncoder.encode("{\"Data\":[]}", StandardCharsets.UTF_8)))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/webhooks/carriers/kdniao").contentType(MediaType.APPLICATION_FORM_URLENCODED))
                .andExpect(status().isUnauthorized());

        assertThat(count()).isZero();
    }

    @Test
    void aSignedButUnreadablePushIsAcknowledgedAndParked() throws Exception {
        String requestData = Recorded.kdniao("push-malformed.txt");

        push("101", requestData, DataSign.sign(requestData, APP_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.Success").value(true));

        assertThat(inbox.list(InboxStatus.PARKED, 10)).singleElement().satisfies(e -> {
            assertThat(e.payload()).isEqualTo(requestData);
            assertThat(e.lastError()).startsWith("RequestData is not JSON");
        });
        assertThat(inbox.list(InboxStatus.PENDING, 10)).isEmpty();
    }

    @Test
    void theSignatureIsCheckedOnTheDecodedFieldOfARealFormBody() throws Exception {
        // what Kdniao sends on the wire: every field URL-encoded once
        String requestData = Recorded.kdniao("push-101-signed-snapshot.json");
        String body = "RequestData=" + URLEncoder.encode(requestData, StandardCharsets.UTF_8)
                + "&RequestType=101&DataSign=" + URLEncoder.encode(DataSign.sign(requestData, APP_KEY), StandardCharsets.UTF_8);

        mvc.perform(post("/webhooks/carriers/kdniao")
                        .contentType("application/x-www-form-urlencoded;charset=utf-8")
                        .characterEncoding("UTF-8")
                        .content(body))
                .andExpect(status().isOk());

        assertThat(inbox.list(InboxStatus.PENDING, 10)).singleElement()
                .satisfies(e -> assertThat(e.payload()).contains("快件已签收"));
    }

    // --- what cannot be stored as it is: parked whole and acknowledged, never refused for ever -----------

    @Test
    void anEntryWhoseOrderCodeDoesNotFitIsParkedWholeAndTheOtherEntriesAreStored() throws Exception {
        assertThat(TOO_LONG_CODE).hasSize(CarrierInbox.MAX_ORDER_CODE_LENGTH + 1);
        String requestData = Recorded.kdniao("push-101-multi.json").replace("RF-R-BBBB02-2", TOO_LONG_CODE);

        for (int delivery = 1; delivery <= 2; delivery++) {
            push("101", requestData, DataSign.sign(requestData, APP_KEY))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.Success").value(true))
                    .andExpect(jsonPath("$.Reason").value(""));
        }

        assertThat(inbox.list(InboxStatus.PENDING, 10)).extracting(InboxEntry::orderCode)
                .containsExactly("RF-R-AAAA01-1", "RF-R-CCCC03-1");
        // the re-push is a duplicate: one parked row, kept whole
        assertThat(inbox.list(InboxStatus.PARKED, 10)).singleElement().satisfies(e -> {
            assertThat(e.requestType()).isEqualTo("101");
            assertThat(e.orderCode()).isNull();
            assertThat(e.returnId()).isNull();
            assertThat(e.lastError()).isEqualTo("does not fit the inbox: OrderCode 65 characters, at most 64");
            KdniaoPush.Entry parked = KdniaoPushReader.readEntry(e.payload());
            assertThat(parked.orderCode()).isEqualTo(TOO_LONG_CODE);
            assertThat(parked.stateEx()).isEqualTo("406");
        });
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void anEntryWhoseCallBackDoesNotFitIsParkedWhole() throws Exception {
        String callBack = "R-" + "9".repeat(CarrierInbox.MAX_RETURN_ID_LENGTH);
        String requestData = "{\"PushTime\":\"2026-11-27 10:00:00\",\"Data\":[{\"OrderCode\":\"RF-R-1-1\","
                + "\"CallBack\":\"" + callBack + "\",\"State\":\"1\"}]}";

        push("103", requestData, DataSign.sign(requestData, APP_KEY)).andExpect(status().isOk());
        push("103", requestData, DataSign.sign(requestData, APP_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.Success").value(true));

        assertThat(inbox.list(InboxStatus.PENDING, 10)).isEmpty();
        assertThat(inbox.list(InboxStatus.PARKED, 10)).singleElement().satisfies(e -> {
            assertThat(e.lastError()).isEqualTo("does not fit the inbox: CallBack 66 characters, at most 64");
            assertThat(e.payload()).contains(callBack).contains("RF-R-1-1");
        });
    }

    @Test
    void anEntryWithoutOrderCodeIsKeyedByItsWaybillAndParkedWhenTheWaybillDoesNotFit() throws Exception {
        String longWaybill = "SF" + "1".repeat(CarrierInbox.MAX_ORDER_CODE_LENGTH);
        String requestData = "{\"PushTime\":\"2026-11-27 10:00:00\",\"Data\":["
                + "{\"LogisticCode\":\"SF1402983417341\",\"State\":\"2\"},"
                + "{\"LogisticCode\":\"" + longWaybill + "\",\"State\":\"2\"}]}";

        push("101", requestData, DataSign.sign(requestData, APP_KEY)).andExpect(status().isOk());

        assertThat(inbox.list(InboxStatus.PENDING, 10)).singleElement()
                .satisfies(e -> assertThat(e.orderCode()).isEqualTo("SF1402983417341"));
        assertThat(inbox.list(InboxStatus.PARKED, 10)).singleElement().satisfies(e -> {
            assertThat(e.lastError()).isEqualTo("does not fit the inbox: LogisticCode 66 characters, at most 64");
            assertThat(e.payload()).contains(longWaybill);
        });
    }

    @Test
    void aRequestTypeThatDoesNotFitParksTheWholePushAsReceived() throws Exception {
        String requestData = Recorded.kdniao("push-101-multi.json");
        String requestType = "101-tracking-push";

        push(requestType, requestData, DataSign.sign(requestData, APP_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.Success").value(true));
        push(requestType, requestData, DataSign.sign(requestData, APP_KEY)).andExpect(status().isOk());

        assertThat(inbox.list(InboxStatus.PENDING, 10)).isEmpty();
        assertThat(inbox.list(InboxStatus.PARKED, 10)).singleElement().satisfies(e -> {
            assertThat(e.payload()).isEqualTo(requestData);
            assertThat(e.requestType()).isEqualTo("101-tra…");
            assertThat(e.lastError())
                    .isEqualTo("RequestType does not fit the inbox (17 characters, at most 8): 101-tracking-push");
        });

        // the key is made of the type as received, not as cut to fit: another type is another push
        push("101-tracking-snapshot", requestData, DataSign.sign(requestData, APP_KEY)).andExpect(status().isOk());
        assertThat(inbox.list(InboxStatus.PARKED, 10)).hasSize(2);
    }

    @Test
    void onlyADatabaseThatCannotBeReachedRefusesThePushSoThatItComesAgain() throws Exception {
        // nothing listens on port 1: the connection is refused
        CarrierInbox unreachable = new CarrierInbox(JdbcClient.create(
                new DriverManagerDataSource("jdbc:h2:tcp://localhost:1/mem:unreachable", "sa", "")));
        String requestData = Recorded.kdniao("push-101-multi.json");

        webhook(unreachable).perform(form("101", requestData, DataSign.sign(requestData, APP_KEY)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.EBusinessID").value("1000001"))
                .andExpect(jsonPath("$.Success").value(false))
                .andExpect(jsonPath("$.Reason").value("temporarily unable to store the push"));
    }

    // --- size --------------------------------------------------------------------------------------------

    @Test
    void nulCharactersWhichPostgresCannotHoldAreStoredEscapedAndNeverRefuseThePush() throws Exception {
        MigratedDatabase postgres = MigratedDatabase.onPostgres();
        CarrierInbox onPostgres = new CarrierInbox(postgres.jdbc());
        MockMvc webhook = webhook(onPostgres);
        // JSON's escape for U+0000 in an order code and a callback; and a RequestData that is not JSON with a raw NUL
        String escaped = "{\"PushTime\":\"2026-11-27 10:00:00\",\"Data\":[{\"OrderCode\":\"RF-R-1\\u0000-1\","
                + "\"CallBack\":\"R\\u0000-1\",\"State\":\"301\"}]}";
        String raw = "{\"Data\":[\u0000";

        for (String requestData : List.of(escaped, raw)) {
            webhook.perform(form("103", requestData, DataSign.sign(requestData, APP_KEY)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.Success").value(true));
        }
        // and again: recognised as the same pushes
        for (String requestData : List.of(escaped, raw)) {
            webhook.perform(form("103", requestData, DataSign.sign(requestData, APP_KEY))).andExpect(status().isOk());
        }

        List<InboxEntry> pending = onPostgres.list(InboxStatus.PENDING, 10);
        assertThat(pending).singleElement().satisfies(e -> {
            assertThat(e.orderCode()).isEqualTo("RF-R-1\\u0000-1");
            assertThat(e.returnId()).isEqualTo("R\\u0000-1");
        });
        assertThat(onPostgres.list(InboxStatus.PARKED, 10)).singleElement()
                .satisfies(e -> assertThat(e.payload()).isEqualTo("{\"Data\":[\\u0000"));
        // the reader parks the pending one: no code of ours holds a control character
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new KdniaoInboxEntryReader().read(pending.get(0))))
                .isInstanceOf(io.returnflow.carrier.inbox.InboxEntryReader.UnreadableEntryException.class)
                .hasMessageContaining("control characters");
    }

    @Test
    void aBodyAboveTheLimitIs413AndStoresNothingWhileOneOfExactlyTheLimitIsTaken() throws Exception {
        int limit = Math.toIntExact(MAX_PUSH_SIZE.toBytes());
        String requestData = Recorded.kdniao("push-101-signed-snapshot.json");

        mvc.perform(post("/webhooks/carriers/kdniao").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content(paddedTo(limit + 1, requestData)))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(413))
                .andExpect(jsonPath("$.type").value(ApiProblem.TYPE_BASE + "payload-too-large"))
                .andExpect(jsonPath("$.title").value("Payload too large"))
                .andExpect(jsonPath("$.detail").value("A carrier push may have at most 1048576 bytes."));
        assertThat(count()).isZero();

        mvc.perform(post("/webhooks/carriers/kdniao").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content(paddedTo(limit, requestData)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.Success").value(true));
        assertThat(inbox.list(InboxStatus.PENDING, 10)).hasSize(1);
    }

    /** A signed push's form body, with a field Kdniao does not sign (and we do not read) filling it up to size. */
    private static byte[] paddedTo(int size, String requestData) {
        String body = formBody("101", requestData, DataSign.sign(requestData, APP_KEY)) + "&Padding=";
        byte[] bytes = (body + "x".repeat(size - body.getBytes(StandardCharsets.UTF_8).length))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(size);
        return bytes;
    }

    private ResultActions push(String requestType, String requestData, String dataSign) throws Exception {
        return mvc.perform(form(requestType, requestData, dataSign));
    }

    /** What Kdniao sends on the wire: a form body, every field URL-encoded once. */
    private static MockHttpServletRequestBuilder form(String requestType, String requestData, String dataSign) {
        return post("/webhooks/carriers/kdniao")
                .contentType("application/x-www-form-urlencoded;charset=utf-8")
                .content(formBody(requestType, requestData, dataSign));
    }

    static String formBody(String requestType, String requestData, String dataSign) {
        return "RequestData=" + URLEncoder.encode(requestData, StandardCharsets.UTF_8)
                + "&EBusinessID=1000001&RequestType=" + URLEncoder.encode(requestType, StandardCharsets.UTF_8)
                + "&DataSign=" + URLEncoder.encode(dataSign, StandardCharsets.UTF_8) + "&DataType=2";
    }

    private long count() {
        return db.jdbc().sql("select count(*) from carrier_inbox").query(Long.class).single();
    }
}
