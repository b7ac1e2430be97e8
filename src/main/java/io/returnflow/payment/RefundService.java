package io.returnflow.payment;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.platform.Money;
import io.returnflow.platform.Text;

/**
 * Refunds a return to its original payment, exactly once.
 *
 * <p>The refund step calls {@link #issue} from a Camunda job, inside the job's transaction, and the
 * job is retried when the provider is unavailable. Two things make that safe:
 * <ul>
 *   <li>every try sends the same idempotency key ({@code refund:{returnId}}), recorded in the ledger
 *       before the first call, so the provider replays its first answer instead of refunding again;</li>
 *   <li>once the ledger says {@code SUCCEEDED}, the provider is not called at all.</li>
 * </ul>
 * Each ledger write commits in a transaction of its own, not in the caller's: a try that reached the
 * provider stays recorded (attempts, first attempt) even when the job's transaction rolls back for a
 * retry, and a recorded success or refusal cannot be undone by the caller's rollback.
 *
 * <p>The provider forgets idempotency keys after a while ({@code returnflow.payment.idempotency-key-lifetime}):
 * a refund first sent longer ago than that is looked for among the charge's refunds (by its
 * {@code return_id} metadata and amount) and, when the provider holds it, adopted into the ledger instead of
 * being sent again under a key the provider no longer knows.
 */
@Service
public class RefundService {

    private static final Logger log = LoggerFactory.getLogger(RefundService.class);
    private static final String MDC_RETURN_ID = "returnId";
    /** Matches {@code refunds.failure_reason}. */
    private static final int FAILURE_REASON_LENGTH = 1000;

    private final RefundLedger ledger;
    private final PaymentGateway gateway;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final PaymentProperties properties;
    private final ApplicationEventPublisher events;

    public RefundService(RefundLedger ledger, PaymentGateway gateway, PlatformTransactionManager transactions,
                         Clock clock, PaymentProperties properties, ApplicationEventPublisher events) {
        this.ledger = ledger;
        this.gateway = gateway;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.properties = properties;
        this.events = events;
    }

    /**
     * Makes the refund described by {@code order}, or returns the one already made.
     *
     * @return the ledger entry after the provider's answer: {@code SUCCEEDED}, {@code PENDING} (followed up
     *         later) or {@code FAILED} (the provider accepted the request but the refund failed)
     * @throws PaymentUnavailableException the provider could not be reached or failed technically; retry
     *                                     (the next try sends the same key)
     * @throws RefundRefusedException      the provider refused the refund; the ledger says {@code FAILED}
     * @throws IllegalStateException       the return already has a refund for another charge, amount or
     *                                     currency, or its key belongs to another return: a second refund
     *                                     is never made under a second key
     * @throws IllegalArgumentException    the amount is not positive or has fractions of the currency's
     *                                     minor unit
     */
    public Refund issue(RefundOrder order) {
        return issue(order, ledger.find(order.returnId()).orElse(null));
    }

    /**
     * As {@link #issue(RefundOrder)}, for a caller that has just read the return's ledger entry ({@link #find})
     * in this transaction: it is not read again.
     *
     * @param recorded that entry; null when the return had none
     */
    public Refund issue(RefundOrder order, Refund recorded) {
        return issue(order, recorded, false);
    }

    /**
     * Tries a refund that FAILED at the provider once more, because a person decided so: under a fresh
     * key (no money moved under the old one, and the provider would only replay its refusal). Any other
     * refund is handled as by {@link #issue(RefundOrder)}.
     */
    public Refund retryAfterFailure(RefundOrder order) {
        return retryAfterFailure(order, ledger.find(order.returnId()).orElse(null));
    }

    /** As {@link #retryAfterFailure(RefundOrder)}, with the ledger entry as {@link #issue(RefundOrder, Refund)}. */
    public Refund retryAfterFailure(RefundOrder order, Refund recorded) {
        return issue(order, recorded, true);
    }

    private Refund issue(RefundOrder order, Refund recorded, boolean freshTryApproved) {
        validate(order);
        String previousReturnId = MDC.get(MDC_RETURN_ID);
        MDC.put(MDC_RETURN_ID, order.returnId());
        try {
            return issueLogged(order, recorded, freshTryApproved);
        } finally {
            if (previousReturnId == null) {
                MDC.remove(MDC_RETURN_ID);
            } else {
                MDC.put(MDC_RETURN_ID, previousReturnId);
            }
        }
    }

    /**
     * Records that the buyer got the return's refund through another channel (a bank transfer, a voucher),
     * because a person said so with that channel's reference: the return's one ledger row becomes
     * {@code SUCCEEDED}, made elsewhere, with the reference, who recorded it and when, and the provider is
     * never asked to refund this return again (a succeeded row is final). A return that has no ledger row yet
     * gets one for {@code order} first. Listeners hear of it ({@link RefundSettled}, made elsewhere).
     *
     * <p>Unlike the provider's refunds this writes in the caller's transaction: it is a person's decision,
     * recorded together with the task that took it, or not at all.
     *
     * @param order      the return's refund as its terms say, for a return the ledger does not know yet
     * @param reference  the other channel's reference
     * @param recordedBy who recorded it
     * @return the ledger entry, {@code SUCCEEDED} and made elsewhere
     * @throws IllegalArgumentException the reference is missing or not one the task's form would take
     *                                  ({@link ExternalRefundReference})
     * @throws IllegalStateException    the refund is sent, pending or succeeded at the provider: recording a
     *                                  second refund would pay the buyer twice
     */
    public Refund recordMadeElsewhere(RefundOrder order, String reference, String recordedBy) {
        String returnId = order.returnId();
        String trimmed = reference == null ? null : reference.trim();
        List<String> problems = ExternalRefundReference.problems(trimmed);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Return " + returnId + ": not a reference of a refund made elsewhere: "
                    + String.join("; ", problems));
        }
        OffsetDateTime now = now();
        if (ledger.find(returnId).isEmpty()) {
            ledger.intend(order, now);
        }
        if (!ledger.recordMadeElsewhere(returnId, trimmed, recordedBy, now)) {
            // the task's rules refuse this decision while the provider holds the refund; should the provider
            // have moved in between, recording a second refund would pay the buyer twice
            Optional<Refund> recorded = ledger.find(returnId);
            throw new IllegalStateException("Return " + returnId + ": the refund is "
                    + recorded.map(Refund::status).orElse(null) + " at the provider ("
                    + recorded.map(Refund::providerRefundId).orElse(null) + "); not recording " + trimmed
                    + " as made elsewhere");
        }
        Refund made = ledger.find(returnId).orElseThrow();
        events.publishEvent(new RefundSettled(returnId, Refund.Status.SUCCEEDED, made.amount(), made.currency(),
                now, true));
        log.info("Refund of return {} recorded as made elsewhere ({}) by {}", returnId, trimmed, recordedBy);
        return made;
    }

    /** The ledger's entry for a return's refund, if one was ever intended. */
    public Optional<Refund> find(String returnId) {
        return ledger.find(returnId);
    }

    /**
     * Records where the provider says one of our refunds stands (its webhook, or the answer to a follow-up),
     * only as a step forward: a settled refund never moves, so a repeated or late event changes nothing.
     *
     * @return the ledger entry after the change; empty when nothing changed (already known, older news, or
     *         not a refund of ours)
     */
    public Optional<Refund> recordProviderStatus(ProviderRefund observed) {
        Optional<Refund> known = ledger.findByProviderRefundId(observed.providerRefundId());
        if (known.isEmpty()) {
            log.info("Provider refund {} is not in the ledger; ignored", observed.providerRefundId());
            return Optional.empty();
        }
        String returnId = known.get().returnId();
        String previousReturnId = MDC.get(MDC_RETURN_ID);
        MDC.put(MDC_RETURN_ID, returnId);
        try {
            Refund.Status status = Refund.Status.of(observed.status());
            boolean changed = inOwnTransaction(() -> {
                boolean advanced = ledger.advance(observed.providerRefundId(), status,
                        Text.cut(observed.failureReason(), FAILURE_REASON_LENGTH), now());
                if (advanced) {
                    settled(ledger.find(returnId).orElseThrow());
                }
                return advanced;
            });
            if (!changed) {
                log.debug("Refund {} stays {}; the provider reported {}", known.get().idempotencyKey(),
                        known.get().status(), status);
                return Optional.empty();
            }
            Refund updated = ledger.find(returnId).orElseThrow();
            log.info("Refund {} {} at the provider as {} (was {})", updated.idempotencyKey(), updated.status(),
                    updated.providerRefundId(), known.get().status());
            return Optional.of(updated);
        } finally {
            if (previousReturnId == null) {
                MDC.remove(MDC_RETURN_ID);
            } else {
                MDC.put(MDC_RETURN_ID, previousReturnId);
            }
        }
    }

    private Refund issueLogged(RefundOrder requested, Refund entry, boolean freshTryApproved) {
        Optional<Refund> recorded = Optional.ofNullable(entry);
        if (recorded.isEmpty()) {
            intend(requested);
        } else {
            ensureSameRefund(recorded.get(), requested);
            if (recorded.get().status() == Refund.Status.SUCCEEDED) {
                log.info("Refund {} already succeeded as {}; provider not called", requested.idempotencyKey(),
                        recorded.get().providerRefundId());
                return recorded.get();
            }
            if (recorded.get().status() == Refund.Status.FAILED && !freshTryApproved) {
                return recorded.get();  // failed for good until a person decides: the journey hands it over
            }
            if (recorded.get().status() == Refund.Status.FAILED) {
                // refused or failed at the provider: no money moved, and under the old key the provider would
                // only replay its refusal. Trying again (a person decided to) is a new request, with a new key.
                String renewed = renewedKey(recorded.get().idempotencyKey(), requested.idempotencyKey());
                inOwnTransaction(() -> ledger.renewKey(requested.returnId(), renewed, now()));
                log.info("Refund {} failed before; trying again under key {}", requested.idempotencyKey(), renewed);
            } else if (keyMayBeForgotten(recorded.get())) {
                Optional<Refund> adopted = adoptEarlierRefund(recorded.get(), requested);
                if (adopted.isPresent()) {
                    return adopted.get();
                }
            }
        }
        Refund sent = inOwnTransaction(() -> {
            ledger.markSent(requested.returnId(), now());
            return ledger.find(requested.returnId()).orElseThrow();
        });
        RefundOrder order = requested.withIdempotencyKey(sent.idempotencyKey());
        if (sent.status() == Refund.Status.SUCCEEDED || sent.status() == Refund.Status.FAILED) {
            return sent;    // the provider's webhook or the follow-up settled it in between
        }
        log.info("Refund {} sent to the provider: {} {} on charge {} (attempt {})", order.idempotencyKey(),
                order.amount().toPlainString(), order.currency(), order.chargeId(), sent.attempts());

        ProviderRefund answer;
        try {
            answer = gateway.refund(order);
        } catch (RefundRefusedException refused) {
            String reason = Text.cut(refused.code() + ": " + refused.getMessage(), FAILURE_REASON_LENGTH);
            record(order.returnId(), Refund.Status.FAILED, null, reason);
            log.warn("Refund {} refused by the provider: {}", order.idempotencyKey(), reason);
            throw refused;
        } catch (PaymentUnavailableException unavailable) {
            log.warn("Refund {} not answered (attempt {}), will be retried with the same key: {}",
                    order.idempotencyKey(), sent.attempts(), unavailable.getMessage());
            throw unavailable;
        }

        Refund.Status status = Refund.Status.of(answer.status());
        Refund outcome = record(order.returnId(), status, answer.providerRefundId(),
                status == Refund.Status.FAILED ? Text.cut(answer.failureReason(), FAILURE_REASON_LENGTH) : null);
        log.info("Refund {} {} at the provider as {}", order.idempotencyKey(), outcome.status(),
                answer.providerRefundId());
        return outcome;
    }

    /**
     * Whether the provider may have forgotten the refund's key: it was sent (and never answered, or answered
     * pending) longer ago than the provider keeps keys, so a re-send could be taken as a new refund.
     */
    private boolean keyMayBeForgotten(Refund recorded) {
        return (recorded.status() == Refund.Status.SENT || recorded.status() == Refund.Status.PENDING)
                && recorded.firstAttemptAt() != null
                && !recorded.firstAttemptAt().isAfter(now().minus(properties.idempotencyKeyLifetime()));
    }

    /**
     * Looks for this return's refund among the charge's refunds at the provider and, when one is there,
     * records it instead of sending again. A succeeded one is preferred over a pending one; failed or
     * cancelled ones moved no money and are not adopted: sending again is then safe.
     *
     * @throws PaymentUnavailableException the charge's refunds could not be listed: nothing is sent blind
     */
    private Optional<Refund> adoptEarlierRefund(Refund recorded, RefundOrder requested) {
        List<ChargeRefund> onCharge = gateway.refundsOf(recorded.chargeId());
        Optional<ChargeRefund> earlier = onCharge.stream()
                .filter(refund -> recorded.returnId().equals(refund.returnId()))
                .filter(refund -> refund.amount() != null && refund.amount().compareTo(recorded.amount()) == 0)
                .filter(refund -> recorded.currency().equalsIgnoreCase(refund.currency()))
                .filter(refund -> refund.status() != ProviderRefund.Status.FAILED)
                // stable: among equals the provider's order (newest first) is kept
                .min(Comparator.comparing(refund -> refund.status() == ProviderRefund.Status.SUCCEEDED ? 0 : 1));
        if (earlier.isEmpty()) {
            log.info("Refund {} was first sent at {}, longer ago than the provider keeps keys; no refund of return "
                            + "{} among the {} refunds of charge {}: sending it again", recorded.idempotencyKey(),
                    recorded.firstAttemptAt(), recorded.returnId(), onCharge.size(), recorded.chargeId());
            return Optional.empty();
        }
        ChargeRefund found = earlier.get();
        Refund adopted = record(requested.returnId(), Refund.Status.of(found.status()), found.providerRefundId(), null);
        log.info("Refund {} found at the provider as {} ({}); adopted instead of sending it again",
                recorded.idempotencyKey(), found.providerRefundId(), adopted.status());
        return Optional.of(adopted);
    }

    /** Records the intent before anything is sent; a concurrent first try may have recorded it already. */
    private void intend(RefundOrder order) {
        try {
            // its own transaction, and the duplicate caught outside it: PostgreSQL aborts a transaction
            // whose statement failed
            inOwnTransaction(() -> {
                ledger.intend(order, now());
                return null;
            });
        } catch (DuplicateKeyException alreadyRecorded) {
            Refund existing = ledger.find(order.returnId()).orElseThrow(() -> new IllegalStateException(
                    "Idempotency key " + order.idempotencyKey() + " is already used by another return's refund"));
            ensureSameRefund(existing, order);
        }
    }

    private Refund record(String returnId, Refund.Status status, String providerRefundId, String failureReason) {
        return inOwnTransaction(() -> {
            boolean changed = ledger.recordOutcome(returnId, status, providerRefundId, failureReason, now());
            Refund recorded = ledger.find(returnId).orElseThrow();
            if (changed) {
                settled(recorded);
            }
            return recorded;
        });
    }

    /** Tells who listens (operations' figures) that a refund settled, in the transaction that recorded it. */
    private void settled(Refund refund) {
        if (RefundSettled.settles(refund.status())) {
            events.publishEvent(RefundSettled.of(refund, now()));
        }
    }

    /** {@code refund:R-1} → {@code refund:R-1:2} → {@code refund:R-1:3} … */
    static String renewedKey(String current, String base) {
        int renewal = current.equals(base) ? 1 : Integer.parseInt(current.substring(base.length() + 1));
        return base + ":" + (renewal + 1);
    }

    private static void ensureSameRefund(Refund recorded, RefundOrder order) {
        if (!recorded.describes(order)) {
            throw new IllegalStateException("Return " + order.returnId() + " already has a refund of "
                    + recorded.amount().toPlainString() + " " + recorded.currency() + " on charge "
                    + recorded.chargeId() + " under key " + recorded.idempotencyKey() + "; refusing a refund of "
                    + order.amount().toPlainString() + " " + order.currency() + " on charge " + order.chargeId()
                    + " under key " + order.idempotencyKey());
        }
    }

    private static void validate(RefundOrder order) {
        Objects.requireNonNull(order.returnId(), "returnId");
        Objects.requireNonNull(order.idempotencyKey(), "idempotencyKey");
        Objects.requireNonNull(order.chargeId(), "chargeId");
        Objects.requireNonNull(order.amount(), "amount");
        Objects.requireNonNull(order.currency(), "currency");
        if (order.amount().signum() <= 0) {
            throw new IllegalArgumentException("A refund must be positive, was " + order.amount().toPlainString());
        }
        if (!Money.inWholeMinorUnits(order.amount(), order.currency())) {
            throw new IllegalArgumentException("A refund of " + order.amount().toPlainString() + " "
                    + order.currency() + " has fractions of the currency's minor unit");
        }
    }

    private <T> T inOwnTransaction(Supplier<T> work) {
        return ownTransaction.execute(status -> work.get());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
