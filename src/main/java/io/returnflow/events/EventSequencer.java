package io.returnflow.events;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed events their place in the log. Identity values are handed out when a row is written, not when
 * it commits, so a reader paging by them could pass a row whose transaction was still open; places are handed
 * out only to committed rows, by one node at a time (the sequencer's row in {@code event_cursors} is locked).
 */
@Component
public class EventSequencer {

    static final String READER = "sequencer";

    private static final Logger log = LoggerFactory.getLogger(EventSequencer.class);

    private final EventLog events;
    private final EventProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public EventSequencer(EventLog events, EventProperties properties, TransactionTemplate transactions,
                          Clock clock) {
        this.events = events;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.events.sequence-interval:500ms}")
    void scheduled() {
        try {
            placeAll();
        } catch (RuntimeException e) {
            // the database away, or another node's lock: the next pass places them
            log.warn("Events not placed this time: {}", e.toString());
        }
    }

    /**
     * Places every committed event not yet placed; answers how many. An idle pass is one unlocked look (no
     * transaction, no lock) on an index.
     */
    public int placeAll() {
        if (!events.anyUnplaced()) {
            return 0;
        }
        int total = 0;
        int placed;
        do {
            placed = transactions.execute(status -> events.place(properties.batch(), OffsetDateTime.now(clock)));
            total += placed;
        } while (placed == properties.batch());
        return total;
    }
}
