package io.returnflow.storeshipment;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.carrier.PickupRequest;
import io.returnflow.dropoff.DropOffCodes;
import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.Stores;
import io.returnflow.pickup.CarrierBooker;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.pickup.PickupWindows;
import io.returnflow.platform.RandomIds;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnStatus;

/**
 * A store's consolidated shipments (批量寄件), from the first parcel that joins one to the warehouse's
 * signature. The {@code store-shipment} process's delegates and the shipment tracking call these; each
 * runs in the caller's (the engine's) transaction.
 */
@Service
@Transactional
class ConsolidatedShipments {

    private static final Logger log = LoggerFactory.getLogger(ConsolidatedShipments.class);
    private static final String ID_PREFIX = "SH-";
    private static final int ID_LENGTH = 10;

    private final StoreShipments shipments;
    private final StoreShipmentProcess process;
    private final Stores stores;
    private final ReturnRepository returns;
    private final ReturnProgress progress;
    private final ReturnJourney journey;
    private final DropOffCodes codes;
    private final PickupWindows windows;
    private final CarrierBooker booker;
    private final Clock clock;

    public ConsolidatedShipments(StoreShipments shipments, StoreShipmentProcess process, Stores stores,
                                 ReturnRepository returns, ReturnProgress progress, ReturnJourney journey,
                                 DropOffCodes codes, PickupWindows windows, CarrierBooker booker, Clock clock) {
        this.shipments = shipments;
        this.process = process;
        this.stores = stores;
        this.returns = returns;
        this.progress = progress;
        this.journey = journey;
        this.codes = codes;
        this.windows = windows;
        this.booker = booker;
        this.clock = clock;
    }

    /**
     * Puts a checked-in parcel in its store's open shipment, opening one (and starting its process) when
     * the store has none. When the parcels waiting reach the store's rule, the shipment's process hears
     * so. A return that already joined a shipment stays where it is (a retried step).
     *
     * @return the shipment the return rides in
     */
    public StoreShipment join(String returnId) {
        Optional<StoreShipment> joined = shipments.ofReturn(returnId);
        if (joined.isPresent()) {
            return joined.get();
        }
        String storeId = returns.dropOffStoreId(returnId);
        // the store may have been closed since the code was issued: the parcel is there all the same
        Store store = stores.findAny(storeId == null ? "" : storeId).orElseThrow(() -> new IllegalStateException(
                "Return " + returnId + " was checked in at store " + storeId + ", which does not exist"));
        // from here until commit no other join or close of this store's shipment runs
        shipments.lockStore(store.id());
        OffsetDateTime now = now();
        StoreShipment open = shipments.open(store.id()).orElse(null);
        boolean opened = open == null;
        String shipmentId = opened ? newId() : open.id();
        if (opened) {
            shipments.insertOpen(shipmentId, store.id(), orderCode(shipmentId), now);
        }
        shipments.addReturn(shipmentId, returnId, now);
        int parcels = shipments.parcels(shipmentId);
        int rule = Math.max(1, store.consolidationParcels());
        boolean full = parcels >= rule;
        codes.assignShipment(returnId, shipmentId);
        progress.note(returnId, "SHIPMENT_JOINED", "Waits at store " + store.id() + " for consolidated shipment "
                + shipmentId + " (parcel " + parcels + " of " + rule + ")", "system");
        log.info("Return {} joined shipment {} of store {} ({} of {} parcels)", returnId, shipmentId, store.id(),
                parcels, rule);
        if (opened) {
            // a message cannot reach an instance started in the same transaction: it is told at start instead
            String instance = process.start(shipmentId, store.id(), store.consolidationSchedule(), full);
            shipments.processStarted(shipmentId, instance);
        } else if (full) {
            // The collection time takes this store's lock too (collectionTimeCame), so the instance is told
            // here or has left on its schedule before this join began. Left already: this parcel still rides
            // in the shipment, whose close takes the lock after this commit and lists it.
            process.tellIfWaiting(open.processInstanceId(), StoreShipmentProcess.MSG_SHIPMENT_FULL);
        }
        return shipments.get(shipmentId);
    }

    /**
     * The store's collection time came for its open shipment: waits until the parcels being put in the
     * shipment at this moment are in it (and the one that makes it full has told it so), before the
     * shipment's instance leaves on its schedule. So the rule and the schedule never both move the instance
     * on: whichever comes second finds it gone.
     */
    public void collectionTimeCame(String storeId) {
        shipments.lockStore(storeId);
    }

    /**
     * Closes the shipment: parcels checked in from now on wait for the store's next shipment.
     *
     * @return the ids of the returns it carries
     */
    public List<String> close(String shipmentId) {
        StoreShipment s = shipments.get(shipmentId);
        shipments.lockStore(s.storeId());
        if (shipments.close(shipmentId, now())) {
            log.info("Shipment {} of store {} closed with {} parcels", shipmentId, s.storeId(),
                    shipments.parcels(shipmentId));
        }
        return shipments.returnIds(shipmentId);
    }

    /**
     * Books one courier at the store for every parcel of the closed shipment, under the shipment's order
     * code (the same on a retried job, so the carrier answers with the first booking). Already booked:
     * nothing to do.
     */
    public StoreShipment book(String shipmentId) {
        StoreShipment s = shipments.get(shipmentId);
        if (s.status() != ShipmentStatus.CLOSED) {
            if (s.status() == ShipmentStatus.OPEN) {
                throw new IllegalStateException("Shipment " + shipmentId + " is still open");
            }
            return s;
        }
        Store store = stores.findAny(s.storeId()).orElseThrow(() -> new IllegalStateException(
                "Store " + s.storeId() + " of shipment " + shipmentId + " does not exist"));
        List<String> ids = shipments.returnIds(shipmentId);
        List<CustomerReturn> riders = ids.stream().map(returns::get).toList();
        PickupWindows.Window window = windows.nextBookable(windows.defaultCarrier(), store.city());
        PickupRequest.Party sender = new PickupRequest.Party(store.name(), store.phone(), store.province(),
                store.city(), store.district(), store.address(), store.postCode());
        // the remark names the store: the courier asks for the store's parcels, not for a person
        CarrierBooker.ConsolidatedBooking booking = booker.bookConsolidated(s.orderCode(), shipmentId, riders, sender,
                window.start(), window.end(), "Consolidated shipment " + shipmentId + " of store " + store.id()
                        + ": " + ids.size() + " parcel(s)", store.carrierAccount());
        shipments.booked(shipmentId, booking.carrier(), booking.waybill(), window.start(), window.end(),
                booking.bookedAt());
        if (booking.carrierOrderRef() != null) {
            shipments.amend(shipmentId, null, null, false, booking.carrierOrderRef());
        }
        for (String returnId : ids) {
            progress.note(returnId, "SHIPMENT_BOOKED", "Store " + store.id() + " ships the parcel to the warehouse in"
                    + " consolidated shipment " + shipmentId + " (" + booking.carrier() + ", order "
                    + booking.orderCode() + ", " + ids.size() + " parcel(s))", "carrier");
        }
        log.info("Shipment {} of store {} booked with {} (order {}, {} parcels, window {} - {})", shipmentId,
                store.id(), booking.carrier(), booking.orderCode(), ids.size(), window.start(), window.end());
        return shipments.get(shipmentId);
    }

    /**
     * The shipment was signed for at the warehouse: every return in it is received and its journey told,
     * once. A parcel's journey waits for the warehouse from the moment it joined the shipment (joining
     * and starting the wait are one transaction), so a journey that does not wait any more has moved on
     * without it (customer service refunded or closed it after its own clock ran out): the signature is
     * noted there and the other returns are received all the same.
     */
    public void receive(String shipmentId, OffsetDateTime signedAt) {
        receiveAll(shipmentId, signedAt);
    }

    private StoreShipment receiveAll(String shipmentId, OffsetDateTime signedAt) {
        StoreShipment s = shipments.get(shipmentId);
        shipments.signed(shipmentId, signedAt);
        for (String returnId : shipments.returnIds(shipmentId)) {
            receiveOne(s, returnId);
        }
        return s;
    }

    /**
     * A lost shipment turned up at the warehouse after all: each return still looking for its parcel is
     * received; the others (closed as lost meanwhile, or already received) are left as they are.
     */
    public void receiveAfterLoss(String shipmentId, OffsetDateTime signedAt) {
        StoreShipment s = receiveAll(shipmentId, signedAt);
        log.info("Lost shipment {} of store {} was signed for at the warehouse after all", shipmentId, s.storeId());
    }

    private void receiveOne(StoreShipment s, String returnId) {
        String previous = MDC.get("returnId");
        MDC.put("returnId", returnId);
        try {
            // asked before it is told: the return is RECEIVED before its journey moves on, which may set it
            // INSPECTING at once (a manual inspection)
            if (journey.isWaitingFor(returnId, ReturnJourney.MSG_PARCEL_SIGNED)) {
                progress.received(returnId, "Signed at the warehouse in consolidated shipment " + s.id() + " ("
                        + s.orderCode() + ")");
                journey.tell(returnId, ReturnJourney.MSG_PARCEL_SIGNED);
                log.info("Return {} received with shipment {}", returnId, s.id());
                return;
            }
            ReturnStatus now = returns.status(returnId);
            if (!receivedOrClosed(now)) {
                progress.note(returnId, "SHIPMENT_SIGNED", "Consolidated shipment " + s.id() + " (" + s.orderCode()
                        + ") was signed for at the warehouse after this return had moved on without it", "carrier");
            }
        } finally {
            restore(previous);
        }
    }

    /**
     * The shipment was not signed for in time: it is LOST, and every return in it goes to its journey's
     * lost-parcel path. A journey already there (its own clock ran out first), or past it, is left alone
     * with a note: one return can never hold the others up.
     */
    public void handToLostPath(String shipmentId) {
        StoreShipment s = shipments.get(shipmentId);
        if (shipments.lost(shipmentId, now())) {
            log.info("Shipment {} of store {} given up as lost ({} parcels)", shipmentId, s.storeId(), s.parcels());
        }
        String previous = MDC.get("returnId");
        for (String returnId : shipments.returnIds(shipmentId)) {
            MDC.put("returnId", returnId);
            try {
                String detail = "Consolidated shipment " + shipmentId + " (" + s.orderCode() + ") was not signed for"
                        + " at the warehouse in time";
                // asked before it is told: the loss is on the timeline before the investigation the journey
                // opens at once
                if (journey.isWaitingFor(returnId, ReturnJourney.MSG_PARCEL_LOST)) {
                    progress.note(returnId, "SHIPMENT_LOST", detail, "system");
                    journey.tell(returnId, ReturnJourney.MSG_PARCEL_LOST);
                    log.info("Return {} handed to the lost-parcel path with shipment {}", returnId, shipmentId);
                    continue;
                }
                ReturnStatus now = returns.status(returnId);
                if (!receivedOrClosed(now)) {
                    // investigated already, or moved on without the parcel: customer service sees why
                    progress.note(returnId, "SHIPMENT_LOST", detail, "system");
                }
            } finally {
                restore(previous);
            }
        }
    }

    /** The return is at the warehouse already, or over: nothing a shipment says changes it. */
    private static boolean receivedOrClosed(ReturnStatus status) {
        return status == ReturnStatus.RECEIVED || status == ReturnStatus.INSPECTING || status.isClosed();
    }

    /** Our order code of a shipment: never reused, since shipment ids are not. */
    static String orderCode(String shipmentId) {
        return PickupBookings.ORDER_CODE_PREFIX + shipmentId;
    }

    /** Whether an order code is one of a store shipment's. */
    static boolean isShipmentOrderCode(String orderCode) {
        return orderCode != null && orderCode.trim().startsWith(PickupBookings.ORDER_CODE_PREFIX + ID_PREFIX);
    }

    /** Log lines about one return carry its id; the caller's own id (if any) comes back afterwards. */
    private static void restore(String previous) {
        if (previous == null) {
            MDC.remove("returnId");
        } else {
            MDC.put("returnId", previous);
        }
    }

    private static String newId() {
        return RandomIds.readable(ID_PREFIX, ID_LENGTH);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
