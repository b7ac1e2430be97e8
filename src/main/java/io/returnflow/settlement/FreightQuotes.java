package io.returnflow.settlement;

import java.math.BigDecimal;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.carrier.CarrierProperties;
import io.returnflow.returns.BusinessProperties;
import io.returnflow.returns.WarehouseProperties;
import io.returnflow.settlement.RateTable.Priced;

/**
 * Freight from the rate table: what a return's parcel costs to bring to the warehouse (quoted to the
 * buyer before any carrier is booked) and what a booked shipment is expected to cost.
 */
@Component
public class FreightQuotes {

    private final RateTable rates;
    private final CarrierProperties carrier;
    private final WarehouseProperties warehouse;
    private final BusinessProperties business;

    public FreightQuotes(SettlementProperties settlement, CarrierProperties carrier, WarehouseProperties warehouse,
                         BusinessProperties business) {
        this.rates = new RateTable(settlement.rates());
        this.carrier = carrier;
        this.warehouse = warehouse;
        this.business = business;
    }

    /**
     * A return's freight before booking: the default carrier, from the origin province to the
     * warehouse, for the declared weight of its pieces.
     */
    public Optional<Priced> forReturn(FreightService service, String originProvince, int pieces) {
        return quote(carrier.defaultCarrier(), service, originProvince, warehouse.province(), declaredWeight(pieces));
    }

    public Optional<Priced> quote(String carrierCode, FreightService service, String from, String to,
                                  BigDecimal weightKg) {
        return rates.price(carrierCode, service, from, to, weightKg);
    }

    /** The weight declared for this many pieces (the order gives none). */
    public BigDecimal declaredWeight(int pieces) {
        return business.itemWeightKg().multiply(BigDecimal.valueOf(pieces));
    }
}
