package io.returnflow.events;

import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.returns.ReturnTimeline;

/**
 * The merchant's event log: an event is written with the change that causes it (and not at all when that change
 * rolls back), gets its place only once committed, is read in place order over {@code GET /api/events}, and is
 * handed to each reader once. The job executor and the schedules are off: the test places and feeds itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false", "returnflow.events.sequence-interval=3650d",
        "returnflow.events.feed-interval=3650d"})
@ActiveProfiles("test")
@DirtiesContext
class MerchantEventLogTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventSequencer sequencer;
    @Autowired
    EventFeed feed;
    @Autowired
    ReturnTimeline timeline;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ObjectMapper json;
    @Autowired
    EventLog log;
    @Autowired
    EventProperties properties;

    @Test
    void anEventIsWrittenWithItsChangeAndReadInOrderOnceItsChangeCommitted() throws Exception {
        String id = create();
        long before = jdbc.sql("select count(*) from return_events_outbox where return_id = ? and position is null")
                .param(id).query(Long.class).single();
        assertThat(before).as("written unplaced with the return (requested, code issued)").isEqualTo(2);
        assertThat(page(0, id).path("events")).as("not readable before it is placed").isEmpty();

        sequencer.placeAll();

        JsonNode events = page(0, id).path("events");
        assertThat(types(events)).containsExactly("return.requested", "dropoff.code_issued");
        assertThat(events.get(1).path("position").asLong()).isGreaterThan(events.get(0).path("position").asLong());
        JsonNode requested = events.get(0);
        assertThat(requested.path("type").asText()).isEqualTo("return.requested");
        assertThat(requested.path("returnId").asText()).isEqualTo(id);
        JsonNode body = requested.path("event");
        assertThat(body.path("id").asText()).isEqualTo(requested.path("id").asText()).startsWith("evt_");
        assertThat(body.path("orderId").asText()).isEqualTo(requested.path("orderId").asText());
        assertThat(body.path("data").path("object").path("id").asText()).isEqualTo(id);
        assertThat(body.path("data").path("object").path("method").asText()).isEqualTo("STORE_DROPOFF");
        assertThat(body.toString()).as("no buyer contact in an event").doesNotContain("zs@example.com")
                .doesNotContain("13800000000");

        assertThat(events.get(1).path("event").path("data").path("object").path("dropOff").path("code").asText())
                .isNotBlank();
        long after = events.get(1).path("position").asLong();
        assertThat(page(after, id).path("events")).isEmpty();
        assertThat(page(after, id).path("next").asLong()).isEqualTo(after);
    }

    @Test
    void aChangeThatRollsBackLeavesNoEvent() {
        String id = create();
        sequencer.placeAll();
        long written = count(id);

        try {
            transactions.executeWithoutResult(status -> {
                timeline.record(id, "CANCELLED", "rolled back", "test");
                throw new IllegalStateException("the change fails after its timeline entry");
            });
        } catch (IllegalStateException expected) {
            // the whole change rolled back
        }
        transactions.executeWithoutResult(status -> timeline.record(id, "EXPIRED", "committed", "test"));
        sequencer.placeAll();

        assertThat(count(id)).isEqualTo(written + 1);
        JsonNode events = page(0, id).path("events");
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("return.expired");
        assertThat(types(events)).doesNotContain("return.cancelled");
    }

    @Test
    void entriesOfNoInterestToAMerchantMakeNoEvent() {
        String id = create();
        sequencer.placeAll();
        long written = count(id);
        transactions.executeWithoutResult(status -> timeline.record(id, "FREIGHT_PAYER", "a note", "test"));
        assertThat(count(id)).isEqualTo(written);
    }

    @Test
    void aReaderTakesEachEventOnceInPlaceOrder() {
        List<MerchantEvent> taken = new ArrayList<>();
        String name = "test-reader-" + System.nanoTime();
        EventSubscriber reader = new EventSubscriber() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void take(MerchantEvent event) {
                taken.add(event);
            }
        };
        String first = create();
        String second = create();
        sequencer.placeAll();

        int n = feed.feed(reader);
        assertThat(feed.feed(reader)).as("nothing twice").isZero();

        assertThat(n).isEqualTo(taken.size());
        assertThat(taken).extracting(MerchantEvent::returnId).contains(first, second);
        assertThat(taken).extracting(MerchantEvent::position).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aReaderWhoseFirstSetUpFailedIsSetUpOnTheNextPass() {
        String name = "test-reader-" + System.nanoTime();
        List<MerchantEvent> taken = new ArrayList<>();
        EventSubscriber reader = new EventSubscriber() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void take(MerchantEvent event) {
                taken.add(event);
            }
        };
        java.util.concurrent.atomic.AtomicInteger setUps = new java.util.concurrent.atomic.AtomicInteger();
        EventLog flaky = new EventLog(jdbc) {
            @Override
            void ensureReader(String reader, java.time.OffsetDateTime now) {
                if (setUps.getAndIncrement() == 0) {
                    throw new org.springframework.dao.DataAccessResourceFailureException("database away");
                }
                super.ensureReader(reader, now);
            }
        };
        EventFeed fresh = new EventFeed(List.of(reader), flaky, properties, transactions, java.time.Clock.systemUTC());
        create();
        sequencer.placeAll();

        fresh.feedAll();
        assertThat(taken).as("the database was away").isEmpty();
        assertThat(setUps).hasValue(1);
        fresh.feedAll();

        assertThat(taken).as("set up on the next pass, then fed").isNotEmpty();
        assertThat(log.positionOf(name)).isEqualTo(taken.get(taken.size() - 1).position());
    }

    @Test
    void badParametersAreA400NamingTheField() {
        ResponseEntity<JsonNode> negative = merchant().getForEntity("/api/events?after=-1", JsonNode.class);
        assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(negative.getBody().path("errors").get(0).path("field").asText()).isEqualTo("after");
        ResponseEntity<JsonNode> type = merchant().getForEntity("/api/events?type=nope", JsonNode.class);
        assertThat(type.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(type.getBody().path("errors").get(0).path("field").asText()).isEqualTo("type");
        ResponseEntity<JsonNode> limit = merchant().getForEntity("/api/events?limit=0", JsonNode.class);
        assertThat(limit.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<JsonNode> clerk = rest.withBasicAuth("clerk", "clerk").getForEntity("/api/events",
                JsonNode.class);
        assertThat(clerk.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private String create() {
        ResponseEntity<JsonNode> created = merchant().postForEntity("/api/returns",
                storeDropOff(newOrderId(), "S-SZ-001"), JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    private long count(String id) {
        return jdbc.sql("select count(*) from return_events_outbox where return_id = ?").param(id)
                .query(Long.class).single();
    }

    private JsonNode page(long after, String returnId) {
        ResponseEntity<JsonNode> page = merchant().getForEntity("/api/events?after=" + after + "&returnId=" + returnId,
                JsonNode.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        return page.getBody();
    }

    private TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }
}
