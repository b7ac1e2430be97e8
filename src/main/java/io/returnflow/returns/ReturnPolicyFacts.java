package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

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
        return returns.items(returnId).stream().map(ReturnItem::lineId).toList();
    }

    /** The line's item category, in lower case as the eligibility table writes it. */
    public String category(String returnId, String lineId) {
        return returns.items(returnId).stream().filter(item -> item.lineId().equals(lineId)).findFirst()
                .map(item -> EligibilityPolicy.category(item.category()))
                .orElseThrow(() -> new IllegalStateException("Return " + returnId + " has no line " + lineId));
    }

    /**
     * Calendar days from the delivery to the request (the return windows count in China's calendar
     * days, see {@link EligibilityPolicy}).
     */
    public int daysSinceDelivery(String returnId) {
        CustomerReturn r = returns.get(returnId);
        return EligibilityPolicy.daysSinceDelivery(r.deliveredAt(), r.createdAt());
    }

    public String reason(String returnId) {
        return returns.policyFacts(returnId).reason().name();
    }

    public String customerTier(String returnId) {
        String tier = returns.policyFacts(returnId).customerTier();
        return tier == null || tier.isBlank() ? "STANDARD" : tier.trim().toUpperCase(Locale.ROOT);
    }

    /** The value of the returned items (before inspection). */
    public BigDecimal itemsTotal(String returnId) {
        return returns.policyFacts(returnId).itemsTotal();
    }
}
