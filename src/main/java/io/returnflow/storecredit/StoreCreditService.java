package io.returnflow.storecredit;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
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
 * Issues a return's store credit, exactly once.
 *
 * <p>The "Issue store credit" step calls {@link #issue} from a Camunda job, which is retried when the provider is
 * unavailable. What makes that safe:
 * <ul>
 *   <li>the intent is recorded before the first call, and every try sends the same idempotency key
 *       ({@code credit:{returnId}}), so the provider replays its first answer instead of crediting again;</li>
 *   <li>once the ledger says {@code ISSUED}, the provider is not called at all;</li>
 *   <li>a credit sent before without a known outcome ({@code SENT}: a timeout, a lost answer, a parked code) is first
 *       looked up by its reference, and adopted when the provider holds it, before it is sent again;</li>
 *   <li>a credit the provider answers is adopted only when it is the one asked for: this return's reference, this
 *       buyer's account (when the answer names it), this money; any other is parked, never recorded as issued.</li>
 * </ul>
 * Each ledger write commits in a transaction of its own, not the caller's: a try that reached the provider stays
 * recorded (attempts, first attempt) even when the job's transaction rolls back for a retry, and a recorded outcome
 * cannot be undone by the caller's rollback.
 */
@Service
public class StoreCreditService {

    private static final Logger log = LoggerFactory.getLogger(StoreCreditService.class);
    private static final String MDC_RETURN_ID = "returnId";
    /** Matches {@code store_credits.failure_reason}. */
    private static final int FAILURE_REASON_LENGTH = 1000;
    /** Matches {@code store_credits.external_reference}. */
    static final int REFERENCE_LENGTH = 64;

    private final StoreCreditLedger ledger;
    private final StoreCreditGateway gateway;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public StoreCreditService(StoreCreditLedger ledger, StoreCreditGateway gateway,
                              PlatformTransactionManager transactions, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.ledger = ledger;
        this.gateway = gateway;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Issues the credit described by {@code order}, or returns the one already issued.
     *
     * @return the ledger entry: {@code ISSUED}, or {@code FAILED} when an earlier try was refused and no person has
     *         decided to try again ({@link #retryAfterRefusal})
     * @throws StoreCreditUnavailableException retry (the next try sends the same key)
     * @throws StoreCreditRefusedException     refused for good; the ledger says {@code FAILED}
     * @throws StoreCreditParkedException      an answer that is neither; the ledger still says {@code SENT}
     * @throws IllegalStateException           the return already has a credit of another customer, currency, amount
     *                                         or bonus: a second credit is never made under a second key
     * @throws IllegalArgumentException        the amount is not positive, the bonus negative, or either has
     *                                         fractions of the currency's minor unit
     */
    public StoreCredit issue(CreditOrder order) {
        return issue(order, false);
    }

    /**
     * Tries a credit the provider refused once more, because a person decided so: under a fresh key (nothing was
     * credited under the old one, and the provider would only replay its refusal). Any other credit is handled as
     * by {@link #issue}.
     */
    public StoreCredit retryAfterRefusal(CreditOrder order) {
        return issue(order, true);
    }

    /** The ledger's entry for a return's credit, if one was ever intended. */
    public Optional<StoreCredit> find(String returnId) {
        return ledger.find(returnId);
    }

    /**
     * Records that the credit was issued by hand in the merchant's credit system, with that system's reference:
     * the ledger says {@code ISSUED}, and the provider is never asked to credit this return again. In the caller's
     * transaction: a person's decision, recorded together with the task that took it, or not at all.
     *
     * @throws IllegalArgumentException the reference is blank or longer than {@value #REFERENCE_LENGTH}
     * @throws IllegalStateException    the credit was sent to the provider or issued there: recording a second one
     *                                  would credit the buyer twice
     */
    public StoreCredit recordIssuedByHand(CreditOrder order, String reference, String recordedBy) {
        String trimmed = reference == null ? "" : reference.trim();
        if (trimmed.isEmpty() || trimmed.length() > REFERENCE_LENGTH) {
            throw new IllegalArgumentException("Return " + order.returnId() + ": a credit issued by hand needs the "
                    + "credit system's reference (1 to " + REFERENCE_LENGTH + " characters)");
        }
        OffsetDateTime now = now();
        if (ledger.find(order.returnId()).isEmpty()) {
            ledger.intend(order, now);
        }
        if (!ledger.recordIssuedByHand(order.returnId(), trimmed, recordedBy, now)) {
            StoreCredit recorded = ledger.find(order.returnId()).orElseThrow();
            throw new IllegalStateException("Return " + order.returnId() + ": the store credit is "
                    + recorded.status() + " at the provider (" + recorded.providerCreditId() + "); not recording "
                    + trimmed + " as issued by hand");
        }
        log.info("Store credit of return {} recorded as issued by hand ({}) by {}", order.returnId(), trimmed,
                recordedBy);
        StoreCredit byHand = ledger.find(order.returnId()).orElseThrow();
        events.publishEvent(StoreCreditSettled.of(byHand, now));
        return byHand;
    }

    private StoreCredit issue(CreditOrder order, boolean freshTryApproved) {
        validate(order);
        String previous = MDC.get(MDC_RETURN_ID);
        MDC.put(MDC_RETURN_ID, order.returnId());
        try {
            return issueLogged(order, freshTryApproved);
        } finally {
            if (previous == null) {
                MDC.remove(MDC_RETURN_ID);
            } else {
                MDC.put(MDC_RETURN_ID, previous);
            }
        }
    }

    private StoreCredit issueLogged(CreditOrder requested, boolean freshTryApproved) {
        Optional<StoreCredit> recorded = ledger.find(requested.returnId());
        if (recorded.isEmpty()) {
            intend(requested);
        } else {
            StoreCredit known = recorded.get();
            ensureSameCredit(known, requested);
            if (known.status() == StoreCredit.Status.ISSUED) {
                log.info("Store credit {} already issued as {}; provider not called", known.idempotencyKey(),
                        known.providerCreditId() != null ? known.providerCreditId() : known.externalReference());
                return known;
            }
            if (known.status() == StoreCredit.Status.FAILED && !freshTryApproved) {
                return known;   // refused for good until a person decides: the journey hands it over
            }
            if (known.status() == StoreCredit.Status.FAILED) {
                String renewed = renewedKey(known.idempotencyKey(), requested.idempotencyKey());
                inOwnTransaction(() -> ledger.renewKey(requested.returnId(), renewed, now()));
                log.info("Store credit {} was refused before; trying again under key {}", known.idempotencyKey(),
                        renewed);
            } else if (known.status() == StoreCredit.Status.SENT) {
                Optional<StoreCredit> adopted = adoptEarlierCredit(known);
                if (adopted.isPresent()) {
                    return adopted.get();
                }
            }
        }
        StoreCredit sent = inOwnTransaction(() -> {
            ledger.markSent(requested.returnId(), now());
            return ledger.find(requested.returnId()).orElseThrow();
        });
        if (sent.status() == StoreCredit.Status.ISSUED || sent.status() == StoreCredit.Status.FAILED) {
            return sent;    // a concurrent try settled it in between
        }
        CreditOrder order = requested.withIdempotencyKey(sent.idempotencyKey());
        log.info("Store credit {} sent: {} + bonus {} {} to customer {} (attempt {})", order.idempotencyKey(),
                order.amount().toPlainString(), order.bonus().toPlainString(), order.currency(), order.customerId(),
                sent.attempts());
        ProviderCredit credit;
        try {
            credit = gateway.issue(order);
            ensureMatches(credit, sent);
        } catch (StoreCreditRefusedException refused) {
            String reason = Text.cut(refused.code() + ": " + refused.getMessage(), FAILURE_REASON_LENGTH);
            inOwnTransaction(() -> {
                boolean changed = ledger.recordRefused(order.returnId(), reason, now());
                if (changed) {
                    events.publishEvent(StoreCreditSettled.of(ledger.find(order.returnId()).orElseThrow(), now()));
                }
                return changed;
            });
            log.warn("Store credit {} refused by the provider: {}", order.idempotencyKey(), reason);
            throw refused;
        } catch (StoreCreditParkedException parked) {
            String reason = Text.cut("parked: " + parked.getMessage(), FAILURE_REASON_LENGTH);
            inOwnTransaction(() -> {
                ledger.noteProblem(order.returnId(), reason, now());
                return null;
            });
            log.error("Store credit {} parked: {}", order.idempotencyKey(), parked.getMessage());
            throw parked;
        } catch (StoreCreditUnavailableException unavailable) {
            log.warn("Store credit {} not answered (attempt {}), will be retried with the same key: {}",
                    order.idempotencyKey(), sent.attempts(), unavailable.getMessage());
            throw unavailable;
        }
        StoreCredit issued = recordIssued(order.returnId(), credit.id());
        log.info("Store credit {} issued as {}", order.idempotencyKey(), credit.id());
        return issued;
    }

    /**
     * A credit sent before without a known outcome: the provider is asked for a credit under our reference, and the
     * one it holds is adopted instead of sending again.
     *
     * @throws StoreCreditUnavailableException the lookup failed: nothing is sent blind
     */
    private Optional<StoreCredit> adoptEarlierCredit(StoreCredit recorded) {
        Optional<ProviderCredit> found = gateway.findByReference(recorded.returnId());
        if (found.isEmpty()) {
            log.info("Store credit {} was sent before ({} tries) without a known outcome; the provider holds none for "
                    + "return {}: sending it again", recorded.idempotencyKey(), recorded.attempts(),
                    recorded.returnId());
            return Optional.empty();
        }
        ensureMatches(found.get(), recorded);
        StoreCredit adopted = recordIssued(recorded.returnId(), found.get().id());
        log.info("Store credit {} found at the provider as {}; adopted instead of sending it again",
                recorded.idempotencyKey(), found.get().id());
        return Optional.of(adopted);
    }

    /**
     * The provider's credit is this return's only when it is the credit the ledger sent: for this return (its
     * reference), on this buyer's account (when the answer names the account), for this money. Anything else is not
     * adopted and not recorded as issued: a person compares them (parked).
     */
    private static void ensureMatches(ProviderCredit credit, StoreCredit recorded) {
        if (!recorded.returnId().equals(credit.reference())) {
            throw new StoreCreditParkedException(null, "The provider answered for return " + recorded.returnId()
                    + " with credit " + credit.id() + " of reference " + credit.reference()
                    + ": not this return's credit; look at both before retrying");
        }
        if (credit.customerId() != null && !recorded.customerId().equals(credit.customerId())) {
            throw new StoreCreditParkedException(null, "The provider's credit " + credit.id() + " for return "
                    + recorded.returnId() + " is on the account of customer " + credit.customerId() + ", the ledger's "
                    + "customer is " + recorded.customerId() + ": compare them before retrying");
        }
        boolean same = credit.amount() != null && credit.amount().compareTo(recorded.amount()) == 0
                && credit.bonus() != null && credit.bonus().compareTo(recorded.bonus()) == 0
                && recorded.currency().equalsIgnoreCase(credit.currency());
        if (!same) {
            throw new StoreCreditParkedException(null, "The provider's credit " + credit.id() + " for return "
                    + recorded.returnId() + " is " + credit.amount() + " + bonus " + credit.bonus() + " "
                    + credit.currency() + ", the ledger's " + recorded.amount().toPlainString() + " + bonus "
                    + recorded.bonus().toPlainString() + " " + recorded.currency() + ": compare them before retrying");
        }
    }

    private void intend(CreditOrder order) {
        try {
            // its own transaction, and the duplicate caught outside it: PostgreSQL aborts a transaction whose
            // statement failed
            inOwnTransaction(() -> {
                ledger.intend(order, now());
                return null;
            });
        } catch (DuplicateKeyException alreadyRecorded) {
            StoreCredit existing = ledger.find(order.returnId()).orElseThrow(() -> new IllegalStateException(
                    "Idempotency key " + order.idempotencyKey() + " is already used by another return's credit"));
            ensureSameCredit(existing, order);
        }
    }

    private StoreCredit recordIssued(String returnId, String providerCreditId) {
        return inOwnTransaction(() -> {
            boolean changed = ledger.recordIssued(returnId, providerCreditId, now());
            StoreCredit recorded = ledger.find(returnId).orElseThrow();
            if (changed) {
                // in the transaction that recorded it: counted once it committed, never for a rollback
                events.publishEvent(StoreCreditSettled.of(recorded, now()));
            }
            return recorded;
        });
    }

    /** {@code credit:R-1} → {@code credit:R-1:2} → {@code credit:R-1:3} … */
    static String renewedKey(String current, String base) {
        int renewal = current.equals(base) ? 1 : Integer.parseInt(current.substring(base.length() + 1));
        return base + ":" + (renewal + 1);
    }

    private static void ensureSameCredit(StoreCredit recorded, CreditOrder order) {
        if (!recorded.describes(order)) {
            throw new IllegalStateException("Return " + order.returnId() + " already has a store credit of "
                    + recorded.amount().toPlainString() + " + bonus " + recorded.bonus().toPlainString() + " "
                    + recorded.currency() + " for customer " + recorded.customerId() + " under key "
                    + recorded.idempotencyKey() + "; refusing a credit of " + order.amount().toPlainString()
                    + " + bonus " + order.bonus().toPlainString() + " " + order.currency() + " for customer "
                    + order.customerId());
        }
    }

    private static void validate(CreditOrder order) {
        Objects.requireNonNull(order.returnId(), "returnId");
        Objects.requireNonNull(order.idempotencyKey(), "idempotencyKey");
        Objects.requireNonNull(order.customerId(), "customerId");
        Objects.requireNonNull(order.orderId(), "orderId");
        Objects.requireNonNull(order.currency(), "currency");
        Objects.requireNonNull(order.amount(), "amount");
        Objects.requireNonNull(order.bonus(), "bonus");
        if (order.amount().signum() <= 0) {
            throw new IllegalArgumentException("A store credit must be positive, was "
                    + order.amount().toPlainString());
        }
        if (order.bonus().signum() < 0) {
            throw new IllegalArgumentException("A store credit's bonus cannot be negative, was "
                    + order.bonus().toPlainString());
        }
        for (BigDecimal money : new BigDecimal[] {order.amount(), order.bonus()}) {
            if (!Money.inWholeMinorUnits(money, order.currency())) {
                throw new IllegalArgumentException("A store credit of " + money.toPlainString() + " "
                        + order.currency() + " has fractions of the currency's minor unit");
            }
        }
    }

    private <T> T inOwnTransaction(Supplier<T> work) {
        return ownTransaction.execute(status -> work.get());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
