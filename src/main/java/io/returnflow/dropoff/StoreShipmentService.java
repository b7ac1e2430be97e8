package io.returnflow.dropoff;

import org.springframework.stereotype.Service;

import io.returnflow.carrier.PickupRequest;
import io.returnflow.pickup.CarrierBooker;
import io.returnflow.pickup.PickupBookings.Booking;
import io.returnflow.pickup.PickupBookings.Purpose;
import io.returnflow.pickup.PickupWindows;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * Sends a checked-in parcel from the store to the warehouse: a carrier pickup at the store, with the
 * store as sender. (Each parcel travels on its own booking; grouping a store's parcels into
 * consolidated shipments replaces this step.)
 */
@Service
public class StoreShipmentService {

    private final ReturnRepository returns;
    private final Stores stores;
    private final PickupWindows windows;
    private final CarrierBooker booker;
    private final DropOffCodes codes;
    private final ReturnProgress progress;

    public StoreShipmentService(ReturnRepository returns, Stores stores, PickupWindows windows, CarrierBooker booker,
                                DropOffCodes codes, ReturnProgress progress) {
        this.returns = returns;
        this.stores = stores;
        this.windows = windows;
        this.booker = booker;
        this.codes = codes;
        this.progress = progress;
    }

    public Booking ship(String returnId) {
        CustomerReturn r = returns.get(returnId);
        Store store = stores.find(r.dropOffStoreId())
                .orElseThrow(() -> new IllegalStateException("Store " + r.dropOffStoreId() + " is not active"));
        PickupWindows.Window window = windows.nextBookable(windows.defaultCarrier(), store.city());
        PickupRequest.Party sender = new PickupRequest.Party(store.name(), store.phone(), store.province(),
                store.city(), store.district(), store.address(), store.postCode());
        Booking booking = booker.book(r, Purpose.STORE_SHIPMENT, sender, window.start(), window.end(),
                "Return " + returnId + " from store " + store.id());
        codes.assignShipment(returnId, booking.orderCode());
        progress.note(returnId, "SHIPMENT_BOOKED", "Store " + store.id() + " ships the parcel to the warehouse ("
                + booking.carrier() + ", order " + booking.orderCode() + ")", "carrier");
        return booking;
    }
}
