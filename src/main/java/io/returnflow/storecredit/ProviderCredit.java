package io.returnflow.storecredit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A credit as the provider holds it. The protocol knows one status of a credit, {@code ISSUED}: a credit is on the
 * buyer's account, or there is none.
 *
 * @param reference  the return id the credit was issued for
 * @param customerId the account the credit is on, when the system's answer names it ({@code null} otherwise: the
 *                   protocol's credit object may leave it out)
 */
public record ProviderCredit(String id, Status status, BigDecimal amount, BigDecimal bonus, String currency,
                             String reference, String customerId, OffsetDateTime createdAt) {

    public enum Status {
        ISSUED
    }
}
