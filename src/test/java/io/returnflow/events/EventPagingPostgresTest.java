package io.returnflow.events;

import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.returns.ReturnTimeline;
import io.returnflow.support.SharedPostgres;

/**
 * On PostgreSQL (READ COMMITTED, as in production): a reader paging with {@code after=} never skips an event whose
 * transaction commits after a later-written one did. The first transaction writes its event and stays open; a
 * second writes and commits; the reader reads what is placed; then the first commits, is placed, and the reader's
 * next page (after where it stopped) has it. Paging by write order would have passed it for good.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false", "returnflow.events.sequence-interval=3650d",
        "returnflow.events.feed-interval=3650d"})
@ActiveProfiles("test")
@DirtiesContext
class EventPagingPostgresTest {

    /** Generous: the other transaction only has to reach its next statement on a busy machine. */
    private static final long WAIT_MINUTES = 2;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "eventpaging");
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventLog log;
    @Autowired
    EventSequencer sequencer;
    @Autowired
    ReturnTimeline timeline;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anEventThatCommitsLateIsReadOnTheNextPageNotSkipped() throws Exception {
        String early = create();
        String late = create();
        sequencer.placeAll();
        long cursor = readAfter(0).next;

        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        // written first, committed last: an event of a change that takes its time to commit
        AtomicLong slowWriteOrder = new AtomicLong();
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            log.append("evt_slowcommit" + System.nanoTime(), MerchantEventTypes.RETURN_CANCELLED, early, "SO-SLOW",
                    OffsetDateTime.now(), "{}");
            // seen from its own transaction only, until it commits
            slowWriteOrder.set(writeOrder(early, MerchantEventTypes.RETURN_CANCELLED));
            written.countDown();
            await(commit);
        }));
        await(written);
        transactions.executeWithoutResult(status -> timeline.record(late, "EXPIRED", "committed first", "test"));
        assertThat(slowWriteOrder.get()).as("the open transaction's event was written first")
                .isLessThan(writeOrder(late, MerchantEventTypes.RETURN_EXPIRED));

        sequencer.placeAll();
        Page first = readAfter(cursor);
        assertThat(first.types).containsExactly(MerchantEventTypes.RETURN_EXPIRED);
        assertThat(first.returnIds).containsExactly(late);

        commit.countDown();
        slow.get(WAIT_MINUTES, TimeUnit.MINUTES);
        sequencer.placeAll();
        Page second = readAfter(first.next);
        assertThat(second.types).as("the late commit is after where the reader stopped")
                .containsExactly(MerchantEventTypes.RETURN_CANCELLED);
        assertThat(second.returnIds).containsExactly(early);
        assertThat(readAfter(second.next).types).isEmpty();
    }

    private long writeOrder(String returnId, String type) {
        return jdbc.sql("select seq from return_events_outbox where return_id = ? and type = ?")
                .params(returnId, type).query(Long.class).single();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT_MINUTES, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private String create() {
        ResponseEntity<JsonNode> created = merchant().postForEntity("/api/returns",
                storeDropOff(newOrderId(), "S-SZ-001"), JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    private Page readAfter(long after) {
        ResponseEntity<JsonNode> page = merchant().getForEntity("/api/events?after=" + after, JsonNode.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> types = new ArrayList<>();
        List<String> returnIds = new ArrayList<>();
        page.getBody().path("events").forEach(e -> {
            types.add(e.path("type").asText());
            returnIds.add(e.path("returnId").asText());
        });
        return new Page(types, returnIds, page.getBody().path("next").asLong());
    }

    private TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    private record Page(List<String> types, List<String> returnIds, long next) {
    }
}
