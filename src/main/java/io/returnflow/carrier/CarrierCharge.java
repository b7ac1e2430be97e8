package io.returnflow.carrier;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the carrier itself says a shipment weighed and costs, as it reported it (Kdniao: the 103 pickup
 * push 301 "collected", and 601 "settlement fee" for the products that settle later). These are the
 * carrier's own figures, kept beside our quote so that reconciliation can compare the two; they never
 * change what the buyer is refunded.
 *
 * @param kind      whether the figures came with the collection or as the later settlement
 * @param weightKg  the weight the carrier weighed (its settlement weight), when it said one
 * @param volume    the volume it measured, as it reported it (cm³ or its own unit), when it said one
 * @param totalFee  the total fee it will charge, when it said one (the settlement basis)
 * @param cost      the freight alone ("Cost"), when it said one
 * @param feeLines  every other fee it itemised, by the carrier's own name for it (e.g. insurance, packing)
 */
public record CarrierCharge(Kind kind, BigDecimal weightKg, BigDecimal volume, BigDecimal totalFee, BigDecimal cost,
                            Map<String, BigDecimal> feeLines) {

    public CarrierCharge {
        if (kind == null) {
            throw new IllegalArgumentException("a carrier charge needs its kind");
        }
        feeLines = feeLines == null ? Map.of() : Map.copyOf(new TreeMap<>(feeLines));
    }

    /** Whether the carrier said anything worth recording. */
    public boolean isEmpty() {
        return weightKg == null && volume == null && totalFee == null && cost == null && feeLines.isEmpty();
    }

    /** When the carrier's figures were given. */
    public enum Kind {
        /** With the courier's collection: the weight on the scale and the fee it implies. */
        COLLECTION,
        /** Settled later by the carrier (only some products): replaces the collection's figures. */
        SETTLEMENT
    }
}
