package io.returnflow.storecredit;

import java.util.Optional;

/**
 * The merchant's store-credit (gift-card) system as the "Issue store credit" step sees it.
 *
 * <p>Every issue carries the credit's idempotency key ({@code credit:{returnId}}); the provider answers a repeated
 * key with its first answer, so a retried job never credits twice. Outcomes other than a credit are exceptions of
 * three kinds, and only these:
 * <ul>
 *   <li>{@link StoreCreditUnavailableException}: no answer, or one that says "try again" (timeouts, 5xx, the key
 *       in use): retried with the same key;</li>
 *   <li>{@link StoreCreditRefusedException}: the provider refused the credit for good, with its code; nothing was
 *       credited;</li>
 *   <li>{@link StoreCreditParkedException}: an answer that is neither (a code not in the protocol, a different
 *       request under our key): never guessed, it stops for a person, and nothing is recorded as issued.</li>
 * </ul>
 */
public interface StoreCreditGateway {

    /** Asks the provider to credit {@code order}, under its idempotency key; the provider's credit is ISSUED. */
    ProviderCredit issue(CreditOrder order);

    /**
     * The credit the provider holds for our reference (the return id), whoever's try made it: how an outcome that
     * was lost (a timeout, an answer that never came) is found before the credit is sent again.
     *
     * @throws StoreCreditUnavailableException the provider could not be reached or answered with an error
     */
    Optional<ProviderCredit> findByReference(String reference);
}
