package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.Locale;

import org.springframework.stereotype.Component;

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
