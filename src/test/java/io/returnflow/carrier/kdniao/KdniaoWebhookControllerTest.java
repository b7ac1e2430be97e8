package io.returnflow.carrier.kdniao;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import io.returnflow.carrier.inbox.CarrierInbox;
import io.returnflow.carrier.inbox.InboxEntry;
import io.returnflow.carrier.inbox.InboxStatus;
import io.returnflow.support.MutableClock;
import io.returnflow.carrier.support.Recorded;
import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class KdniaoWebhookControllerTest {

    private static final String APP_KEY = "push-app-key";

    private MigratedDatabase db;
    private CarrierInbox inbox;
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.migrated();
        inbox = new CarrierInbox(db.jdbc());
        KdniaoProperties properties = new KdniaoProperties("http://unused", "1000001", APP_KEY);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:05:12Z"));
        mvc = MockMvcBuilders.standaloneSetup(new KdniaoWebhookController(properties, inbox, clock)).build();
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

        String reordered = "{\"Count\":1,\"PushTime\":\"2026-11-27 10:20:00\",\"Data\":[{\"CallBack\":\"R-8F3K2Q\","
                + "\"State\":104,\"OrderCode\":\"RF-R-8F3K2Q-1\",\"EBusinessID\":\"1000001\",\"ShipperCode\":\"SF\","
                + "\"LogisticCode\":\"SF1402983417341\",\"Success\":\"true\",\"Reason\":\"\","
                + "\"CreateTime\":\"2026-11-27 10:14:58\",\"PickerInfo\":{\"StationAddress\":\"深圳市南山区科技园\","
                + "\"StationName\":\"南山科技园营业点\",\"PersonCode\":\"755A123\",\"PersonTel\":\"13900000000\","
                + "\"PersonName\":\"李师傅\"}}],\"EBusinessID\":\"1000001\"}";
        push("103", reordered, DataSign.sign(reordered, APP_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.Success").value(true));

        assertThat(inbox.list(InboxStatus.PENDING, 10)).hasSize(1);
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
                        .param("RequestType", "101").param("RequestData", "{\"Data\":[]}"))
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
        String body = "RequestData=" + java.net.URLEncoder.encode(requestData, java.nio.charset.StandardCharsets.UTF_8)
                + "&RequestType=101&DataSign="
                + java.net.URLEncoder.encode(DataSign.sign(requestData, APP_KEY), java.nio.charset.StandardCharsets.UTF_8);

        mvc.perform(post("/webhooks/carriers/kdniao")
                        .contentType("application/x-www-form-urlencoded;charset=utf-8")
                        .characterEncoding("UTF-8")
                        .content(body))
                .andExpect(status().isOk());

        assertThat(inbox.list(InboxStatus.PENDING, 10)).singleElement()
                .satisfies(e -> assertThat(e.payload()).contains("快件已签收"));
    }

    private ResultActions push(String requestType, String requestData, String dataSign) throws Exception {
        return mvc.perform(post("/webhooks/carriers/kdniao")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .characterEncoding("UTF-8")
                .param("RequestData", requestData)
                .param("RequestType", requestType)
                .param("DataSign", dataSign));
    }

    private long count() {
        return db.jdbc().sql("select count(*) from carrier_inbox").query(Long.class).single();
    }
}
