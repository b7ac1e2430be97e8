package io.returnflow.dropoff;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.springframework.stereotype.Service;

import io.returnflow.carrier.CarrierGateway;
import io.returnflow.carrier.CarrierProperties;
import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupRequest;
import io.returnflow.carrier.TrackingState;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.pickup.PickupBookings.Booking;
import io.returnflow.pickup.PickupBookings.Purpose;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.pickup.PickupService;
import io.returnflow.pickup.PickupWindows;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.WarehouseProperties;

/**
 * Sends a checked-in parcel from the store to the warehouse: a carrier pickup at the store, with the
 * store as sender. (Each parcel travels on its own booking; grouping a store's parcels into
 * consolidated shipments replaces this step.)
 */
@Service
public class StoreShipmentService {

    private final ReturnRepository returns;
    private final Stores stores;
    private final PickupBookings bookings;
    private final PickupWindows windows;
    private final CarrierGateway carrier;
    private final CarrierProperties carrierProperties;
    private final WarehouseProperties warehouse;
    private final PickupProperties pickup;
    private final DropOffCodes codes;
    private final ReturnProgress progress;
    private final Clock clock;

    public StoreShipmentService(ReturnRepository returns, Stores stores, PickupBookings bookings,
                                PickupWindows windows, CarrierGateway carrier, CarrierProperties carrierProperties,
                                WarehouseProperties warehouse, PickupProperties pickup, DropOffCodes codes,
                                ReturnProgress progress, Clock clock) {
        this.returns = returns;
        this.stores = stores;
        this.bookings = bookings;
        this.windows = windows;
        this.carrier = carrier;
        this.carrierProperties = carrierProperties;
        this.warehouse = warehouse;
        this.pickup = pickup;
        this.codes = codes;
        this.progress = progress;
        this.clock = clock;
    }

    public Booking ship(String returnId) {
        CustomerReturn r = returns.get(returnId);
        Store store = stores.find(r.dropOffStoreId())
                .orElseThrow(() -> new IllegalStateException("Store " + r.dropOffStoreId() + " is not active"));
        int attempt = bookings.attempts(returnId, Purpose.STORE_SHIPMENT) + 1;
        String orderCode = Booking.orderCode(returnId, Purpose.STORE_SHIPMENT, attempt);
        PickupWindows.Window window = windows.nextBookable(carrierProperties.defaultCarrier(), store.city());
        PickupRequest.Party sender = new PickupRequest.Party(store.name(), store.phone(), store.province(),
                store.city(), store.district(), store.address(), store.postCode());
        PickupRequest request = new PickupRequest(orderCode, returnId, sender, PickupService.warehouseParty(warehouse),
                PickupService.commodities(r, pickup.itemWeightKg()), PickupService.weight(r, pickup.itemWeightKg()),
                PickupService.pieces(r), window.start(), window.end(),
                "Return " + returnId + " from store " + store.id());
        PickupBooking answer = carrier.bookPickup(request);
        String carrierCode = answer.carrier() == null ? carrierProperties.defaultCarrier() : answer.carrier();
        String waybill = answer.waybill() == null || answer.waybill().isBlank() ? null : answer.waybill();
        bookings.insert(new Booking(orderCode, returnId, attempt, Purpose.STORE_SHIPMENT, carrierCode, waybill,
                window.start(), window.end(), PickupBookings.Status.BOOKED, TrackingState.BOOKED,
                OffsetDateTime.now(clock)));
        codes.assignShipment(returnId, orderCode);
        progress.note(returnId, "SHIPMENT_BOOKED", "Store " + store.id() + " ships the parcel to the warehouse ("
                + carrierCode + ", order " + orderCode + ")", "carrier");
        return bookings.find(orderCode).orElseThrow();
    }
}
