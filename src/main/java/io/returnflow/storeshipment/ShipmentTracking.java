package io.returnflow.storeshipment;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.returnflow.carrier.LegUpdate;
import io.returnflow.carrier.ReceiptGuard;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler.Outcome;
import io.returnflow.carrier.tracking.TrackingSubscriptions;
import io.returnflow.platform.Text;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.settlement.ShipmentFreight;

/**
 * What a carrier's tracking update about a store's consolidated shipment means. Idempotent and
 * order-tolerant like the returns' own tracking: each state enters every carried return's timeline
 * once, the shipment's state never moves backwards, and an update that comes before the booking was
 * recorded is handed back to be tried again. Only receipt, as {@link ReceiptGuard} decides it (a signature
 * on the waybill the shipment travels on now, after its collection), receives the returns: the shipment's
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
    private final TrackingSubscriptions subscriptions;

    public ShipmentTracking(StoreShipments shipments, StoreShipmentProcess process, ConsolidatedShipments consolidated,
                            ReturnTimeline timeline, ShipmentFreight freight, TrackingSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
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
        List<String> riders = shipments.returnIds(s.id());
        LegUpdate leg = LegUpdate.read(update, new ReceiptGuard.Leg(s.waybill(), s.collectedAt() != null,
                ReceiptGuard.Destination.WAREHOUSE));
        if (leg.kind() == LegUpdate.Kind.AMENDMENT) {
            return amend(s, update, riders);
        }
        if (leg.kind() == LegUpdate.Kind.SUPERSEDED) {
            for (String returnId : riders) {
                timeline.recordOnce(returnId, update.at(), "TRACKING_SUPERSEDED_WAYBILL", Text.fit("Not counted, waybill "
                                + update.waybill() + " was replaced by " + leg.waybill() + ": " + describe(update, s),
                        MAX_DETAIL), "carrier", "tracking:" + s.orderCode() + ":" + update.state().name() + ":"
                        + update.waybill());
            }
            return leg.receipt() instanceof ReceiptGuard.Verdict.NotReceipt no
                    ? new Outcome.Rejected("Shipment " + s.id() + ": " + no.why()) : new Outcome.Applied();
        }
        if (leg.waybillAdopted()) {
            replaceWaybill(s, leg.waybill(), update, riders);
        }
        if (update.state().isNoEarlierThan(s.trackingState())) {
            shipments.track(s.id(), leg.waybill(), update.state());
        }
        if (leg.waybill() != null) {
            freight.waybillNamed(s.orderCode(), leg.waybill());
        }
        if (update.charge() != null) {
            freight.carrierCharged(s.orderCode(), leg.waybill(), update.charge(), update.at());
        }
        if (leg.collects()) {
            shipments.collected(s.id(), leg.waybill(), update.at());
        } else if (leg.takesCollectionBack()) {
            shipments.collectionTakenBack(s.id());
        }
        String detail = describe(update, s);
        for (String returnId : riders) {
            timeline.recordOnce(returnId, update.at(), "TRACKING_" + update.state().name(), detail, "carrier",
                    "tracking:" + s.orderCode() + ":" + update.state().name());
            if (leg.collects()) {
                // the parcel's own journey fact (the merchant's parcel.in_transit): once per shipment, whichever
                // of the carrier's facts proved the collection first, and however often it is pushed again
                timeline.recordOnce(returnId, update.at(), "SHIPMENT_COLLECTED", Text.fit("On its way to the"
                                + " warehouse: consolidated shipment " + s.id() + " collected from store " + s.storeId()
                                + " (" + s.orderCode() + ")", MAX_DETAIL), "carrier",
                        "shipment-collected:" + s.id());
            }
        }
        if (leg.receipt() == null) {
            return new Outcome.Applied();
        }
        if (leg.receipt() instanceof ReceiptGuard.Verdict.NotReceipt no) {
            return new Outcome.Rejected("Shipment " + s.id() + ": " + no.why());
        }
        if (leg.receipt() instanceof ReceiptGuard.Verdict.NotYet notYet) {
            return new Outcome.NotReady("Shipment " + s.id() + ": " + notYet.why());
        }
        return switch (s.status()) {
            case SIGNED -> new Outcome.Applied();
            case LOST -> {
                consolidated.receiveAfterLoss(s.id(), update.at());
                yield new Outcome.Applied();
            }
            default -> {
                if (!process.tellIfWaiting(s.processInstanceId(), StoreShipmentProcess.MSG_SHIPMENT_SIGNED)) {
                    // e.g. its lost timer just fired and the step that hands the returns on has not run yet
                    yield new Outcome.NotReady("Shipment " + s.id() + " is not waiting for the warehouse right now");
                }
                // the instance receives the returns in a job of its own, after this commit
                shipments.signed(s.id(), update.at());
                log.info("Shipment {} of store {} signed at the warehouse ({} parcels)", s.id(), s.storeId(),
                        riders.size());
                yield new Outcome.Applied();
            }
        };
    }

    /** The carrier changed the shipment's booking; nothing else moves. */
    private Outcome amend(StoreShipment s, TrackingUpdate update, List<String> riders) {
        TrackingUpdate.Amendment change = update.amendment();
        switch (update.state()) {
            case WAYBILL_CHANGED -> {
                String waybill = Text.trimToNull(change.waybill());
                if (waybill != null && !waybill.equals(s.waybill())) {
                    replaceWaybill(s, waybill, update, riders);
                }
            }
            case REDISPATCHED -> {
                String waybill = Text.trimToNull(change.waybill());
                shipments.amend(s.id(), change.carrier(), waybill, true, null);
                subscriptions.supersede(s.waybill(), waybill);
                if (waybill != null) {
                    freight.waybillNamed(s.orderCode(), waybill);
                }
                note(riders, update, "PICKUP_REDISPATCHED", "Carrier re-dispatched consolidated shipment " + s.id()
                        + " from " + s.carrier() + " to " + change.carrier() + " (waybill "
                        + (waybill == null ? "—" : waybill) + ")", change.carrier() + ":" + waybill);
            }
            case ORDER_CHANGED -> {
                if (change.accepted()) {
                    String waybill = Text.trimToNull(change.waybill());
                    shipments.amend(s.id(), change.carrier(), waybill, false, change.carrierOrderRef());
                    if (waybill != null) {
                        subscriptions.supersede(s.waybill(), waybill);
                    }
                }
                note(riders, update, "TRACKING_ORDER_CHANGED", describe(update, s), change.accepted() + ":"
                        + change.carrierOrderRef() + ":" + change.waybill());
            }
            case CHARGED -> {
                freight.carrierCharged(s.orderCode(), s.waybill(), update.charge(), update.at());
                note(riders, update, "TRACKING_CHARGED", describe(update, s),
                        update.charge().kind() + ":" + update.charge().totalFee());
            }
            default -> throw new IllegalStateException(update.state() + " is not an amendment");
        }
        return new Outcome.Applied();
    }

    private void replaceWaybill(StoreShipment s, String waybill, TrackingUpdate update, List<String> riders) {
        shipments.amend(s.id(), null, waybill, false, null);
        subscriptions.supersede(s.waybill(), waybill);
        freight.waybillNamed(s.orderCode(), waybill);
        note(riders, update, "PICKUP_WAYBILL_CHANGED", "Consolidated shipment " + s.id() + " travels on waybill "
                + waybill + " now (was " + (s.waybill() == null ? "—" : s.waybill()) + ")", waybill);
        log.info("Shipment {} travels on waybill {} now (was {})", s.id(), waybill, s.waybill());
    }


    private void note(List<String> riders, TrackingUpdate update, String type, String detail, String discriminator) {
        for (String returnId : riders) {
            timeline.recordOnce(returnId, update.at(), type, Text.fit(detail, MAX_DETAIL), "carrier",
                    "tracking:" + type + ":" + discriminator);
        }
    }

    private static String describe(TrackingUpdate update, StoreShipment s) {
        return Text.fit(update.describe("consolidated shipment " + s.id()), MAX_DETAIL);
    }
}
