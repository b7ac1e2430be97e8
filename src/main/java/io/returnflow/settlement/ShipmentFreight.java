package io.returnflow.settlement;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Port through which a carrier booking is entered in the freight ledger, in the booking's
 * transaction: a booking rolled back leaves no entry behind.
 */
public interface ShipmentFreight {

    /** For wiring by hand where freight is not looked at. */
    ShipmentFreight NOT_RECORDED = shipment -> { };

    /** Records what the shipment is expected to cost; booking the same order code again records nothing more. */
    void booked(BookedShipment shipment);

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
}
