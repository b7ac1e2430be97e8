package io.returnflow.events;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands each {@link EventSubscriber} the events placed after its place, in place order, and moves its place in
 * the same transaction as whatever the subscriber wrote. A failing pass changes nothing and is tried again.
 */
@Component
public class EventFeed {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    private final List<EventSubscriber> subscribers;
    private final EventLog events;
    private final EventProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public EventFeed(List<EventSubscriber> subscribers, EventLog events, EventProperties properties,
                     TransactionTemplate transactions, Clock clock) {
        this.subscribers = List.copyOf(subscribers);
        this.events = events;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.events.feed-interval:500ms}")
    void scheduled() {
        feedAll();
    }

    /**
     * Feeds every subscriber that is behind. An idle pass costs two statements whatever the number of subscribers
     * (the last place given, every reader's place, neither locked): on an idle log no row is locked and no
     * transaction is opened, on every node, every pass.
     */
    public void feedAll() {
        long last;
        Map<String, Long> places;
        try {
            last = events.lastPosition();
            places = events.positions();
        } catch (RuntimeException e) {
            log.warn("Events not handed on this time: {}", e.toString());
            return;
        }
        for (EventSubscriber subscriber : subscribers) {
            Long place = places.get(subscriber.name());
            if (place != null && place >= last) {
                continue;
            }
            try {
                feed(subscriber);
            } catch (RuntimeException e) {
                log.warn("Events not handed to {} this time: {}", subscriber.name(), e.toString());
            }
        }
    }

    /** Hands the subscriber everything placed after its place; answers how many events it took. */
    public int feed(EventSubscriber subscriber) {
        if (!known.contains(subscriber.name())) {
            // known only once its row committed: a first pass that fails (the database away) tries again next time
            transactions.executeWithoutResult(s -> events.ensureReader(subscriber.name(), now()));
            known.add(subscriber.name());
        }
        int total = 0;
        int taken;
        do {
            taken = transactions.execute(status -> {
                long position = events.lockPosition(subscriber.name());
                List<MerchantEvent> batch = events.after(position, properties.batch(), null, null);
                for (MerchantEvent event : batch) {
                    subscriber.take(event);
                }
                if (!batch.isEmpty()) {
                    events.movePosition(subscriber.name(), batch.get(batch.size() - 1).position(), now());
                }
                return batch.size();
            });
            total += taken;
        } while (taken == properties.batch());
        return total;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
