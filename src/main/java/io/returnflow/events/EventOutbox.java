package io.returnflow.events;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.returnflow.platform.RandomIds;
import io.returnflow.returns.ReturnSnapshots;
import io.returnflow.returns.TimelineListener;

/**
 * Writes the merchant's events into the outbox, in the transaction of the change that causes them: an event
 * exists if and only if its change committed. The timeline tells of each entry as it is recorded; the events are
 * written just before the transaction commits, so that each carries the return as that transaction leaves it
 * (several entries of one transaction, such as a check-in and the refund at hand-over, carry the same snapshot).
 */
@Component
class EventOutbox implements TimelineListener {

    private final ReturnSnapshots snapshots;
    private final EventLog log;
    private final ObjectMapper json;
    private final Clock clock;

    EventOutbox(ReturnSnapshots snapshots, EventLog log, ObjectMapper json, Clock clock) {
        this.snapshots = snapshots;
        this.log = log;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void recorded(String returnId, String timelineType, String detail) {
        Entry entry = new Entry(returnId, timelineType, detail, OffsetDateTime.now(clock));
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            write(List.of(entry));
            return;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(Pending.class);
        if (pending != null && pending.written) {
            // recorded while the transaction commits (another synchronization's work): written at once, still in it
            write(List.of(entry));
            return;
        }
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(Pending.class, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.entries.add(entry);
    }

    private void write(List<Entry> entries) {
        // the return and its resource are read once per transaction, in as few statements as the resource takes
        Map<String, Optional<ReturnSnapshots.Shown>> shown = new LinkedHashMap<>();
        for (Entry entry : entries) {
            Optional<String> type = MerchantEventTypes.of(entry.timelineType);
            if (type.isEmpty()) {
                // most entries are no merchant's concern: they cost no read
                continue;
            }
            Optional<ReturnSnapshots.Shown> r = shown.computeIfAbsent(entry.returnId, snapshots::shown);
            if (r.isEmpty()) {
                continue;
            }
            String orderId = r.get().ret().orderId();
            String id = RandomIds.next("evt_", RandomIds.ALPHANUMERIC, 24);
            log.append(id, type.get(), entry.returnId, orderId, entry.at,
                    payload(id, type.get(), entry, orderId, r.get().resource()));
        }
    }

    private String payload(String id, String type, Entry entry, String orderId, Object snapshot) {
        ObjectNode event = json.createObjectNode();
        event.put("id", id);
        event.put("type", type);
        event.put("createdAt", json.valueToTree(entry.at).asText());
        event.put("returnId", entry.returnId);
        event.put("orderId", orderId);
        event.put("detail", entry.detail);
        event.putObject("data").set("object", json.valueToTree(snapshot));
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event of return " + entry.returnId + " could not be written", e);
        }
    }

    private record Entry(String returnId, String timelineType, String detail, OffsetDateTime at) {
    }

    /** The entries of one transaction, written as it commits. */
    private final class Pending implements TransactionSynchronization {

        private final List<Entry> entries = new ArrayList<>();
        private boolean written;

        @Override
        public void beforeCommit(boolean readOnly) {
            written = true;
            write(entries);
            entries.clear();
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(Pending.class);
        }
    }
}
