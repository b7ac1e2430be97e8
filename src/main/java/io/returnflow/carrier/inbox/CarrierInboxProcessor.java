package io.returnflow.carrier.inbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler;
import io.returnflow.carrier.TrackingUpdateHandler.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works off the carrier inbox after the pushes were acknowledged: hands each due entry, as a
 * {@link TrackingUpdate}, to the journey's {@link TrackingUpdateHandler}, one entry per transaction.
 *
 * <ul>
 *   <li>Applied → PROCESSED (in the same transaction as whatever the journey wrote), and the
 *       {@link AppliedUpdateListener} hears of it in that transaction too;</li>
 *   <li>NotReady → stays PENDING and is tried again after the backoff; PARKED once it has waited
 *       longer than {@code max-not-ready-age};</li>
 *   <li>Rejected, or unreadable → PARKED with the reason, for operations;</li>
 *   <li>an exception (e.g. the engine's optimistic locking) → rolled back, stays PENDING with the
 *       error and is tried again after the backoff; PARKED after {@code max-failures} failures.</li>
 * </ul>
 * Entries of one order code are handled in arrival order: an entry waits while an earlier one of the
 * same order code is still pending, so a later snapshot is never overtaken by an earlier one.
 *
 * <p>Every node polls the same inbox: an entry is handed over under its row lock, and only while it is still
 * pending and due ({@link CarrierInbox#lockPending}), so of several nodes that read it in one round one hands it
 * over and the others leave it.
 */
@Component
public class CarrierInboxProcessor {

    private static final Logger log = LoggerFactory.getLogger(CarrierInboxProcessor.class);
    // bounds one poll, so a flood of pushes cannot keep the scheduler thread forever
    private static final int MAX_PASSES_PER_POLL = 20;

    private final CarrierInbox inbox;
    private final InboxEntryReader reader;
    private final TrackingUpdateHandler handler;
    private final AppliedUpdateListener listener;
    private final TransactionTemplate transaction;
    private final CarrierInboxProperties properties;
    private final Clock clock;

    public CarrierInboxProcessor(CarrierInbox inbox, InboxEntryReader reader, TrackingUpdateHandler handler,
                                 AppliedUpdateListener listener, PlatformTransactionManager transactionManager,
                                 CarrierInboxProperties properties, Clock clock) {
        this.inbox = inbox;
        this.reader = reader;
        this.handler = handler;
        this.listener = listener;
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.carrier.inbox.poll-interval:500ms}")
    public void poll() {
        try {
            drain();
        } catch (RuntimeException e) {
            // e.g. the database is briefly away: the next poll tries again
            log.warn("Carrier inbox poll failed: {}", e.toString());
        }
    }

    /**
     * Passes over the due entries until one finds nothing to do: an entry that waited behind an earlier
     * one of its order is taken in the next pass, not a poll interval later. Entries that are not ready
     * or failed are due only after their backoff, so this ends.
     *
     * @return how many entries were handed to the journey or parked
     */
    public int drain() {
        int total = 0;
        for (int pass = 0; pass < MAX_PASSES_PER_POLL; pass++) {
            int worked = processDue();
            total += worked;
            if (worked == 0) {
                break;
            }
        }
        return total;
    }

    /**
     * One pass over the due entries (at most a batch).
     *
     * @return how many entries were handed to the journey or parked
     */
    public int processDue() {
        List<InboxEntry> due = inbox.due(now(), properties.batchSize());
        int worked = 0;
        for (InboxEntry entry : due) {
            if (process(entry)) {
                worked++;
            }
        }
        return worked;
    }

    private boolean process(InboxEntry candidate) {
        String previousReturnId = MDC.get("returnId");
        if (candidate.returnId() != null) {
            MDC.put("returnId", candidate.returnId());
        }
        try {
            Boolean worked = transaction.execute(status -> inbox.lockPending(candidate.id(), now())
                    .map(this::handOver)
                    .orElse(false));
            return Boolean.TRUE.equals(worked);
        } catch (RuntimeException e) {
            // the entry's transaction is rolled back, together with whatever the journey wrote in it
            recordFailure(candidate, e);
            return true;
        } finally {
            if (previousReturnId != null) {
                MDC.put("returnId", previousReturnId);
            } else {
                MDC.remove("returnId");
            }
        }
    }

    private boolean handOver(InboxEntry entry) {
        OffsetDateTime now = now();
        TrackingUpdate update;
        try {
            update = reader.read(entry);
        } catch (InboxEntryReader.UnreadableEntryException e) {
            inbox.park(entry.id(), "unreadable: " + e.getMessage(), now);
            log.warn("Carrier inbox entry {} ({} {}) parked: unreadable: {}", entry.id(), entry.requestType(),
                    entry.orderCode(), e.getMessage());
            return true;
        }
        Outcome outcome = handler.apply(update);
        if (outcome instanceof Outcome.Applied) {
            // in this entry's transaction: e.g. the waybill a collection push brought is subscribed to
            listener.applied(entry, update, reader.carrier(entry));
            inbox.markProcessed(entry.id(), now);
            log.info("Carrier update {} for order {} applied (inbox entry {})", update.state(), entry.orderCode(),
                    entry.id());
        } else if (outcome instanceof Outcome.NotReady notReady) {
            Optional<OffsetDateTime> givingUpAt = Optional.ofNullable(entry.pendingSince())
                    .map(since -> since.plus(properties.maxNotReadyAge()));
            if (givingUpAt.isPresent() && !now.isBefore(givingUpAt.get())) {
                inbox.park(entry.id(), "not ready for " + properties.maxNotReadyAge() + ": " + notReady.why(), now);
                log.warn("Carrier inbox entry {} for order {} parked: not ready for {}: {}", entry.id(),
                        entry.orderCode(), properties.maxNotReadyAge(), notReady.why());
            } else {
                inbox.notReady(entry.id(), notReady.why(), now.plus(properties.retryBackoff()));
                log.debug("Carrier inbox entry {} not ready yet: {}", entry.id(), notReady.why());
            }
        } else if (outcome instanceof Outcome.Rejected rejected) {
            inbox.park(entry.id(), "rejected: " + rejected.why(), now);
            log.warn("Carrier inbox entry {} for order {} parked: rejected: {}", entry.id(), entry.orderCode(),
                    rejected.why());
        } else {
            throw new IllegalStateException("the tracking update handler answered " + outcome);
        }
        return true;
    }

    private void recordFailure(InboxEntry entry, RuntimeException failure) {
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        OffsetDateTime now = now();
        transaction.executeWithoutResult(status -> {
            int failures = inbox.find(entry.id()).map(InboxEntry::failures).orElse(entry.failures()) + 1;
            if (failures >= properties.maxFailures()) {
                inbox.park(entry.id(), "failed " + failures + " times, last: " + error, now);
                log.warn("Carrier inbox entry {} for order {} parked after {} failures: {}", entry.id(),
                        entry.orderCode(), failures, error);
            } else {
                inbox.failed(entry.id(), error, now.plus(properties.retryBackoff()));
                log.info("Carrier inbox entry {} for order {} failed, retrying: {}", entry.id(), entry.orderCode(),
                        error);
            }
        });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
