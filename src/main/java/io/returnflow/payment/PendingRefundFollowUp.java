package io.returnflow.payment;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The fallback for refund webhooks that never come: a refund the provider left pending for
 * {@code returnflow.payment.follow-up.pending-after} (and not asked about for as long) is looked up at the
 * provider, and a settled answer is recorded in the ledger. A refund that is still pending, or a provider
 * that cannot be reached, is asked about again {@code pending-after} later.
 *
 * <p>The refund step itself keeps retrying a pending refund; once the ledger says SUCCEEDED its next try
 * completes without calling the provider.
 *
 * <p>Every node runs it: a node claims each refund before it asks ({@link RefundLedger#claimFollowUp}, a
 * conditional update), so each refund is asked about by one node per round, and what the answer settles is
 * recorded once (the ledger only advances from PENDING).
 */
@Component
public class PendingRefundFollowUp {

    private static final Logger log = LoggerFactory.getLogger(PendingRefundFollowUp.class);
    private static final String MDC_RETURN_ID = "returnId";

    private final RefundLedger ledger;
    private final RefundService refunds;
    private final PaymentGateway gateway;
    private final PaymentProperties properties;
    private final Clock clock;

    public PendingRefundFollowUp(RefundLedger ledger, RefundService refunds, PaymentGateway gateway,
                                 PaymentProperties properties, Clock clock) {
        this.ledger = ledger;
        this.refunds = refunds;
        this.gateway = gateway;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.payment.follow-up.interval:1m}")
    public void run() {
        try {
            followUpDue();
        } catch (RuntimeException e) {
            log.warn("Pending refund follow-up failed: {}", e.toString());
        }
    }

    /**
     * Asks the provider about the due pending refunds (at most a batch).
     *
     * @return how many of them the provider had settled (succeeded or failed) and the ledger now records
     */
    public int followUpDue() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime before = now.minus(properties.followUp().pendingAfter());
        int settled = 0;
        for (Refund refund : ledger.pendingSince(before, properties.followUp().batchSize())) {
            MDC.put(MDC_RETURN_ID, refund.returnId());
            try {
                if (followUp(refund, before, now)) {
                    settled++;
                }
            } finally {
                MDC.remove(MDC_RETURN_ID);
            }
        }
        return settled;
    }

    private boolean followUp(Refund refund, OffsetDateTime before, OffsetDateTime now) {
        if (!ledger.claimFollowUp(refund.returnId(), before, now)) {
            // another node asked about it (or it settled) since it was read
            return false;
        }
        ProviderRefund answer;
        try {
            answer = gateway.refundStatus(refund.providerRefundId());
        } catch (PaymentUnavailableException | RefundRefusedException unanswered) {
            log.warn("Refund {} ({}) could not be looked up, asking again later: {}", refund.idempotencyKey(),
                    refund.providerRefundId(), unanswered.getMessage());
            return false;
        }
        if (!refund.providerRefundId().equals(answer.providerRefundId())) {
            log.warn("Refund {}: asked about {}, the provider answered about {}; ignored", refund.idempotencyKey(),
                    refund.providerRefundId(), answer.providerRefundId());
            return false;
        }
        if (answer.status() == ProviderRefund.Status.PENDING) {
            log.debug("Refund {} ({}) still pending at the provider", refund.idempotencyKey(),
                    refund.providerRefundId());
            return false;
        }
        return refunds.recordProviderStatus(answer).isPresent();
    }
}
