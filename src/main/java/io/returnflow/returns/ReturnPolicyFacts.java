package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.returnflow.returns.eligibility.EligibilityPolicy;

/**
 * The facts the journey's business rule tasks feed the analysts' tables with, read from the return's
 * own tables (the process keeps only the return id): {@code ${returnPolicyFacts.reason(returnId)}} and
 * the like, as input parameters local to the task. Values are normalised as the tables expect them:
 * enum names, the customer tier in upper case ({@code STANDARD} when the shop sent none).
 */
@Component("returnPolicyFacts")
public class ReturnPolicyFacts {

    private final ReturnRepository returns;

    public ReturnPolicyFacts(ReturnRepository returns) {
        this.returns = returns;
    }

    /** The returned order lines, one "Check eligibility" each. */
    public List<String> lineIds(String returnId) {
        return read(returnId).items().stream().map(ReturnItem::lineId).toList();
    }

    /** The line's item category, in lower case as the eligibility table writes it. */
    public String category(String returnId, String lineId) {
        return read(returnId).items().stream().filter(item -> item.lineId().equals(lineId)).findFirst()
                .map(item -> EligibilityPolicy.category(item.category()))
                .orElseThrow(() -> new IllegalStateException("Return " + returnId + " has no line " + lineId));
    }

    /**
     * Calendar days from the delivery to the request (the return windows count in China's calendar
     * days, see {@link EligibilityPolicy}).
     */
    public int daysSinceDelivery(String returnId) {
        CustomerReturn r = read(returnId);
        return EligibilityPolicy.daysSinceDelivery(r.deliveredAt(), r.createdAt());
    }

    public String reason(String returnId) {
        return read(returnId).reason().name();
    }

    public String customerTier(String returnId) {
        return FreightPayerPolicy.tier(read(returnId).customer().tier());
    }

    /** The value of the returned items (before inspection). */
    public BigDecimal itemsTotal(String returnId) {
        return read(returnId).refundPlan().itemsTotal();
    }

    /**
     * The return as the tables' facts were read in this transaction: for what a return is asked with (its
     * items, reason, customer, dates, payment, freight amount), never for what the journey changes on it
     * (status, reasons, freight payer, refund, store).
     */
    public CustomerReturn asRequested(String returnId) {
        return read(returnId);
    }

    /**
     * The return, read once per transaction: the tasks ask for its facts a dozen times in a row (every
     * input parameter of every table, every line), and nothing they ask about changes meanwhile.
     */
    @SuppressWarnings("unchecked")
    private CustomerReturn read(String returnId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return returns.get(returnId);
        }
        Map<String, CustomerReturn> read = (Map<String, CustomerReturn>) TransactionSynchronizationManager
                .getResource(this);
        if (read == null) {
            Map<String, CustomerReturn> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(ReturnPolicyFacts.this);
                }
            });
            read = fresh;
        }
        return read.computeIfAbsent(returnId, returns::get);
    }
}
