package io.returnflow.operations;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundSettled;
import io.returnflow.storecredit.StoreCreditSettled;
import io.returnflow.returns.ReturnRequested;

/**
 * Counts what happens, where it happens: the features publish their events and these meters count them once
 * the transaction that made them committed (a rolled-back request or refund is not counted). Counters are this
 * node's: across a cluster, sum them.
 *
 * <ul>
 *   <li>{@code returnflow_returns_requested_total{method, store, eligible}}: return requests recorded;</li>
 *   <li>{@code returnflow_refunds_total{outcome, channel, currency}}: refunds that succeeded or failed;</li>
 *   <li>{@code returnflow_refunds_amount_total{outcome, currency}}: their amounts, in the currency's major
 *       unit (money is {@code BigDecimal} up to here, a double only in the metric);</li>
 *   <li>{@code returnflow_returns_request_to_refund_seconds{method}}: from the request to the refund's success,
 *       a histogram (for p50/p95 across nodes);</li>
 *   <li>{@code returnflow_store_credits_total{outcome, channel, currency}}: store credits issued or refused;</li>
 *   <li>{@code returnflow_store_credits_amount_total{outcome, currency}} and
 *       {@code returnflow_store_credits_bonus_total{outcome, currency}}: their credited value and their bonus,
 *       apart (the bonus is a cost of its own).</li>
 * </ul>
 * Metrics never get in the journey's way: a failure here is logged and forgotten.
 */
@Component
class JourneyMeters {

    /** Tag value for a home pickup's store. */
    static final String NO_STORE = "none";
    private static final Logger log = LoggerFactory.getLogger(JourneyMeters.class);

    private final MeterRegistry registry;
    private final BusinessFigures figures;

    public JourneyMeters(MeterRegistry registry, BusinessFigures figures) {
        this.registry = registry;
        this.figures = figures;
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void returnRequested(ReturnRequested requested) {
        try {
            Counter.builder("returnflow.returns.requested")
                    .description("Return requests recorded, by method and drop-off store (this node)")
                    .tag("method", requested.method().name())
                    .tag("store", requested.storeId() == null ? NO_STORE : requested.storeId())
                    .tag("eligible", String.valueOf(requested.eligible()))
                    .register(registry)
                    .increment();
        } catch (RuntimeException e) {
            log.warn("Metrics: return {} not counted: {}", requested.returnId(), e.toString());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void refundSettled(RefundSettled refund) {
        try {
            String outcome = refund.status().name().toLowerCase(Locale.ROOT);
            String currency = refund.currency().toUpperCase(Locale.ROOT);
            Counter.builder("returnflow.refunds")
                    .description("Refunds that succeeded or failed (this node)")
                    .tag("outcome", outcome)
                    .tag("channel", refund.madeElsewhere() ? "elsewhere" : "provider")
                    .tag("currency", currency)
                    .register(registry)
                    .increment();
            Counter.builder("returnflow.refunds.amount")
                    .description("Amount of the refunds that succeeded or failed, in the currency's major unit"
                            + " (this node)")
                    .tag("outcome", outcome)
                    .tag("currency", currency)
                    .register(registry)
                    .increment(refund.amount().doubleValue());
            if (refund.status() == Refund.Status.SUCCEEDED) {
                timeToRefund(refund);
            }
        } catch (RuntimeException e) {
            log.warn("Metrics: refund of return {} not counted: {}", refund.returnId(), e.toString());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void storeCreditSettled(StoreCreditSettled credit) {
        try {
            String outcome = credit.status().name().toLowerCase(Locale.ROOT);
            String currency = credit.currency().toUpperCase(Locale.ROOT);
            Counter.builder("returnflow.store_credits")
                    .description("Store credits issued or refused (this node)")
                    .tag("outcome", outcome)
                    .tag("channel", credit.byHand() ? "by_hand" : "provider")
                    .tag("currency", currency)
                    .register(registry)
                    .increment();
            Counter.builder("returnflow.store_credits.amount")
                    .description("Credited value of the store credits issued or refused, in the currency's major"
                            + " unit (this node)")
                    .tag("outcome", outcome)
                    .tag("currency", currency)
                    .register(registry)
                    .increment(credit.amount().doubleValue());
            Counter.builder("returnflow.store_credits.bonus")
                    .description("Bonus of the store credits issued or refused, apart from their value, in the"
                            + " currency's major unit (this node)")
                    .tag("outcome", outcome)
                    .tag("currency", currency)
                    .register(registry)
                    .increment(credit.bonus().doubleValue());
        } catch (RuntimeException e) {
            log.warn("Metrics: store credit of return {} not counted: {}", credit.returnId(), e.toString());
        }
    }

    private void timeToRefund(RefundSettled refund) {
        figures.request(refund.returnId()).ifPresent(request -> Timer.builder("returnflow.returns.request.to.refund")
                .description("From the return's request to its refund's success (this node)")
                .tag("method", request.method().name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofDays(60))
                .register(registry)
                .record(nonNegative(Duration.between(request.requestedAt(), refund.at()))));
    }

    /** A refund dated before its request can only be the nodes' clocks: it took no time. */
    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
