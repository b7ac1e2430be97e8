package io.returnflow.storeshipment;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.dropoff.Stores;
import io.returnflow.platform.ApiProblem;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnRepository;

/**
 * Operations' view of a store's consolidated shipments (批量寄件):
 * {@code GET /api/stores/{id}/shipments} (newest first) and
 * {@code GET /api/stores/{id}/shipments/{shipmentId}} with the returns it carries.
 */
@RestController
public class StoreShipmentResource {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final StoreShipments shipments;
    private final Stores stores;
    private final ReturnRepository returns;

    public StoreShipmentResource(StoreShipments shipments, Stores stores, ReturnRepository returns) {
        this.shipments = shipments;
        this.stores = stores;
        this.returns = returns;
    }

    @GetMapping("/api/stores/{storeId}/shipments")
    public List<ShipmentSummary> shipments(@PathVariable String storeId,
                                           @RequestParam(required = false) Integer limit) {
        requireStore(storeId);
        int rows = limit == null ? DEFAULT_LIMIT : limit;
        if (rows < 1 || rows > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return shipments.ofStore(storeId, rows).stream().map(ShipmentSummary::of).toList();
    }

    @GetMapping("/api/stores/{storeId}/shipments/{shipmentId}")
    public ShipmentDetail shipment(@PathVariable String storeId, @PathVariable String shipmentId) {
        requireStore(storeId);
        StoreShipment s = shipments.find(shipmentId).filter(found -> found.storeId().equals(storeId))
                .orElseThrow(() -> ApiProblem.notFound("No shipment " + shipmentId + " of store " + storeId));
        List<Rider> riders = shipments.returnIds(s.id()).stream()
                .map(id -> returns.find(id).map(Rider::of).orElseGet(() -> new Rider(id, null, null)))
                .toList();
        return new ShipmentDetail(ShipmentSummary.of(s), riders);
    }

    private void requireStore(String storeId) {
        if (stores.findAny(storeId).isEmpty()) {
            throw ApiProblem.notFound("No store " + storeId);
        }
    }

    /** A shipment as the list shows it. */
    public record ShipmentSummary(String id, String storeId, ShipmentStatus status, String orderCode, String carrier,
                                  String waybill, String trackingState, int parcels, OffsetDateTime openedAt,
                                  OffsetDateTime closedAt, OffsetDateTime bookedAt, OffsetDateTime signedAt,
                                  OffsetDateTime lostAt) {

        static ShipmentSummary of(StoreShipment s) {
            return new ShipmentSummary(s.id(), s.storeId(), s.status(), s.orderCode(), s.carrier(), s.waybill(),
                    s.trackingState() == null ? null : s.trackingState().name(), s.parcels(), s.openedAt(),
                    s.closedAt(), s.bookedAt(), s.signedAt(), s.lostAt());
        }
    }

    /** A shipment with the returns it carries: the summary's fields, and {@code returns}. */
    public record ShipmentDetail(@JsonUnwrapped ShipmentSummary shipment, List<Rider> returns) {
    }

    /** A return in a shipment. */
    public record Rider(String returnId, String status, String orderId) {

        static Rider of(CustomerReturn r) {
            return new Rider(r.id(), r.status().name(), r.orderId());
        }
    }
}
