package io.returnflow.settlement;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.returnflow.carrier.CarrierCharge;

/**
 * Port through which a carrier booking is entered in the freight ledger, in the booking's
 * transaction: a booking rolled back leaves no entry behind; and through which the carrier's own
 * figures for the shipment are kept beside it.
 */
public interface ShipmentFreight {

    /** For wiring by hand where freight is not looked at. */
    ShipmentFreight NOT_RECORDED = new ShipmentFreight() {
        @Override
        public void booked(BookedShipment shipment) {
        }

        @Override
        public void bookedConsolidated(ConsolidatedShipment shipment) {
        }

        @Override
        public void waybillNamed(String orderCode, String waybill) {
        }

        @Override
        public void carrierCharged(String orderCode, String waybill, CarrierCharge charge, OffsetDateTime at) {
        }
    };

    /** Records what the shipment is expected to cost; booking the same order code again records nothing more. */
    void booked(BookedShipment shipment);

    /**
     * Records what a shipment of several returns (a store's consolidated shipment) is expected to cost, as
     * one entry whose amount is shared out over its returns; the same order code again records nothing more.
     */
    void bookedConsolidated(ConsolidatedShipment shipment);

    /** The carrier named the waybill of a booked shipment (often only at collection). */
    void waybillNamed(String orderCode, String waybill);

    /**
     * The carrier reported its own figures for a booked shipment (weight, volume, fees): Kdniao's pickup
     * push 301 "collected" ({@link CarrierCharge.Kind#COLLECTION}) or 601 "settlement fee"
     * ({@link CarrierCharge.Kind#SETTLEMENT}). They are kept beside what the shipment is expected to cost, for
     * reconciliation; they change nothing the buyer is refunded.
     * <ul>
     *   <li>Idempotent: the same figures again change nothing, whenever they come.</li>
     *   <li>A settlement's fees stand over the collection's, whichever arrives first: a collection after a
     *       settlement never replaces them. The weight and volume weighed at collection stand where the
     *       settlement names none.</li>
     *   <li>Another report of the same kind with other figures replaces the earlier one only when it was
     *       reported later ({@code at}); an older or simultaneous one changes nothing.</li>
     *   <li>A charge with no figures at all is not recorded.</li>
     *   <li>An order code with no ledger entry (yet): the figures are kept by order code and belong to the
     *       entry once the booking enters it; nothing fails and nothing needs retrying.</li>
     * </ul>
     *
     * @param orderCode our order code of the booking (the ledger entry's key)
     * @param waybill   the waybill the carrier named with the figures, or {@code null}; kept for reference (the
     *                  entry's waybill is named by {@link #waybillNamed})
     * @param at        when the carrier reported the figures
     * @throws IllegalArgumentException without an order code, a charge or its time
     */
    void carrierCharged(String orderCode, String waybill, CarrierCharge charge, OffsetDateTime at);

    /**
     * A carrier booking for one return.
     *
     * @param waybill       {@code null} when the carrier names it only at collection
     * @param quotedAmount  the freight quoted with the return: what the shipment is expected to cost
     *                      when the rate table has no row for the booked carrier
     * @param payer         who bears the freight ({@code MERCHANT} or {@code BUYER})
     */
    record BookedShipment(String orderCode, String carrier, String waybill, String returnId, FreightService service,
                          String fromProvince, String toProvince, BigDecimal weightKg, String payer,
                          BigDecimal quotedAmount, String currency, OffsetDateTime bookedAt) {
    }

    /**
     * One carrier booking for several returns (a store's consolidated shipment).
     *
     * @param waybill {@code null} when the carrier names it only at collection
     * @param riders  the returns it carries, at least one
     */
    record ConsolidatedShipment(String orderCode, String carrier, String waybill, FreightService service,
                                String fromProvince, String toProvince, BigDecimal weightKg, String currency,
                                OffsetDateTime bookedAt, List<Rider> riders) {

        public ConsolidatedShipment {
            riders = List.copyOf(riders);
            if (riders.isEmpty()) {
                throw new IllegalArgumentException("Shipment " + orderCode + " carries no return");
            }
        }
    }

    /**
     * A return in a consolidated shipment.
     *
     * @param weightKg     its declared weight: its share of the freight is in proportion to it
     * @param payer        who bears its freight ({@code MERCHANT} or {@code BUYER})
     * @param quotedAmount the freight quoted with it: the shipment is expected to cost the sum of these
     *                     when the rate table has no row for the booked carrier
     */
    record Rider(String returnId, BigDecimal weightKg, String payer, BigDecimal quotedAmount) {
    }
}
