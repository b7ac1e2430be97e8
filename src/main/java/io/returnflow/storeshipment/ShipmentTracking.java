package io.returnflow.storeshipment;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler.Outcome;
import io.returnflow.platform.Text;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.settlement.ShipmentFreight;

/**
 * What a carrier's tracking update about a store's consolidated shipment means. Idempotent and
 * order-tolerant like the returns' own tracking: each state enters every carried return's timeline
 * once, the shipment's state never moves backwards, and an update that comes before the booking was
 * recorded is handed back to be tried again. Only {@code SIGNED} receives the returns: the shipment's
 * process hears {@code ShipmentSigned} and receives them in a step of its own.
 */
@Component
public class ShipmentTracking {

    private static final Logger log = LoggerFactory.getLogger(ShipmentTracking.class);
    private static final int MAX_DETAIL = 1000;

    private final StoreShipments shipments;
    private final StoreShipmentProcess process;
    private final ConsolidatedShipments consolidated;
    private final ReturnTimeline timeline;
    private final ShipmentFreight freight;

    public ShipmentTracking(StoreShipments shipments, StoreShipmentProcess process, ConsolidatedShipments consolidated,
                            ReturnTimeline timeline, ShipmentFreight freight) {
        this.shipments = shipments;
        this.process = process;
        this.consolidated = consolidated;
        this.timeline = timeline;
        this.freight = freight;
    }

    /** Whether the update is about a store shipment: its order code is one, or it names a shipment's waybill. */
    public boolean concerns(TrackingUpdate update) {
        if (ConsolidatedShipments.isShipmentOrderCode(update.orderCode())) {
            return true;
        }
        String waybill = Text.trimToNull(update.waybill());
        return Text.trimToNull(update.orderCode()) == null && waybill != null
                && shipments.byWaybill(waybill).isPresent();
    }

    public Outcome apply(TrackingUpdate update) {
        Optional<StoreShipment> found = Text.trimToNull(update.orderCode()) != null
                ? shipments.byOrderCode(update.orderCode().trim())
                : shipments.byWaybill(Text.trimToNull(update.waybill()));
        if (found.isEmpty()) {
            // the carrier may push before the shipment that books it committed
            return new Outcome.NotReady("No store shipment with order code " + update.orderCode() + " yet");
        }
        StoreShipment s = found.get();
        if (Text.trimToNull(update.returnId()) != null && !update.returnId().trim().equals(s.id())) {
            return new Outcome.Rejected("Order code " + s.orderCode() + " belongs to shipment " + s.id() + ", not "
                    + update.returnId());
        }
        if (s.status() == ShipmentStatus.OPEN || s.status() == ShipmentStatus.CLOSED) {
            return new Outcome.NotReady("Shipment " + s.id() + " is " + s.status() + " and not booked yet");
        }
        String waybill = Text.trimToNull(update.waybill());
        if (update.state().isNoEarlierThan(s.trackingState())) {
            shipments.track(s.id(), waybill, update.state());
        }
        if (waybill != null) {
            freight.waybillNamed(s.orderCode(), waybill);
        }
        List<String> riders = shipments.returnIds(s.id());
        String detail = describe(update, s);
        for (String returnId : riders) {
            timeline.recordOnce(returnId, update.at(), "TRACKING_" + update.state().name(), detail, "carrier",
                    "tracking:" + s.orderCode() + ":" + update.state().name());
        }
        if (update.state() != TrackingState.SIGNED) {
            return new Outcome.Applied();
        }
        return switch (s.status()) {
            case SIGNED -> new Outcome.Applied();
            case LOST -> {
                consolidated.receiveAfterLoss(s.id(), update.at());
                yield new Outcome.Applied();
            }
            default -> {
                if (!process.isWaitingFor(s.processInstanceId(), StoreShipmentProcess.MSG_SHIPMENT_SIGNED)) {
                    // e.g. its lost timer just fired and the step that hands the returns on has not run yet
                    yield new Outcome.NotReady("Shipment " + s.id() + " is not waiting for the warehouse right now");
                }
                shipments.signed(s.id(), update.at());
                process.tell(s.processInstanceId(), StoreShipmentProcess.MSG_SHIPMENT_SIGNED);
                log.info("Shipment {} of store {} signed at the warehouse ({} parcels)", s.id(), s.storeId(),
                        riders.size());
                yield new Outcome.Applied();
            }
        };
    }

    private static String describe(TrackingUpdate update, StoreShipment s) {
        return Text.fit(update.describe("consolidated shipment " + s.id()), MAX_DETAIL);
    }
}
