package io.returnflow.risk;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.returnflow.platform.Money;

/**
 * What the analysts' table {@code return-risk} reads about a return and its buyer, computed from the product's own
 * tables at request ({@link RiskHistory}). Numbers and flags only, plus the reason and method: no name, phone,
 * e-mail or address, neither here nor in the engine (contacts are compared by key, and only counted).
 *
 * <p>The history covers the {@link RiskProperties#lookback() lookback} (90 days) before the assessment; "other"
 * returns are the buyer's (same customer id) except this one.
 *
 * @param lookbackDays              the length of that history, in days
 * @param returnCount               the buyer's other returns requested within it, whatever became of them
 * @param returnedValue             the items' value of those returns
 * @param knownOrders               the buyer's orders the product knows of within it: those of their returns (this
 *                                  one included) and of the return links merchants created for them
 * @param returnedOrders            of those, the orders with a return (this one included)
 * @param returnedShare             returnedOrders / knownOrders, 0 to 1 (two decimals); the table weighs it by
 *                                  knownOrders, since a buyer known by one order has returned "all" of them
 * @param highestItemValue          the highest unit price among the returned items
 * @param itemsTotal                the returned items' value
 * @param reason                    the return's reason (enum name)
 * @param method                    the return's method (enum name)
 * @param newCustomer               no other return and no return link for another order, ever: no history
 * @param buyerCityKnown            the buyer's city is known within the lookback: from the shipping address of
 *                                  their return links, or from their latest home pickup
 * @param farStore                  a drop-off at a store in another city than the buyer's known city
 * @param earlierFarDropOffs        the buyer's other drop-offs within the lookback checked in at a store in another
 *                                  city than their known city
 * @param sharedAddressCustomers    other buyers whose assessed returns within the lookback had this pickup address
 *                                  (normalised: case, spaces and punctuation ignored)
 * @param sharedPhoneCustomers      other buyers whose assessed returns within the lookback had this phone
 *                                  (normalised: digits only, without China's country code)
 */
public record RiskFacts(int lookbackDays, int returnCount, BigDecimal returnedValue, int knownOrders,
                        int returnedOrders, BigDecimal returnedShare, BigDecimal highestItemValue,
                        BigDecimal itemsTotal, String reason, String method, boolean newCustomer,
                        boolean buyerCityKnown, boolean farStore, int earlierFarDropOffs, int sharedAddressCustomers,
                        int sharedPhoneCustomers) {

    /**
     * The facts by name, as the table's inputs and the return's view name them: money and the share as decimal
     * strings, counts as numbers, flags as booleans.
     */
    public Map<String, Object> byName() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("lookbackDays", lookbackDays);
        facts.put("returnCount", returnCount);
        facts.put("returnedValue", Money.text(returnedValue));
        facts.put("knownOrders", knownOrders);
        facts.put("returnedOrders", returnedOrders);
        facts.put("returnedShare", returnedShare.toPlainString());
        facts.put("highestItemValue", Money.text(highestItemValue));
        facts.put("itemsTotal", Money.text(itemsTotal));
        facts.put("reason", reason);
        facts.put("method", method);
        facts.put("newCustomer", newCustomer);
        facts.put("buyerCityKnown", buyerCityKnown);
        facts.put("farStore", farStore);
        facts.put("earlierFarDropOffs", earlierFarDropOffs);
        facts.put("sharedAddressCustomers", sharedAddressCustomers);
        facts.put("sharedPhoneCustomers", sharedPhoneCustomers);
        return facts;
    }
}
