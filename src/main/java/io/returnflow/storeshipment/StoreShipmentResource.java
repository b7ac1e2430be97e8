package io.returnflow.storeshipment;

import static io.returnflow.platform.ApiDocumentation.TAG_STORE_SHIPMENTS;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.OPS;

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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;

/**
 * Operations' view of a store's consolidated shipments (批量寄件):
 * {@code GET /api/stores/{id}/shipments} (newest first) and
 * {@code GET /api/stores/{id}/shipments/{shipmentId}} with the returns it carries.
 */
@RestController
@Tag(name = TAG_STORE_SHIPMENTS)
class StoreShipmentResource {

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
    @Operation(operationId = "listStoreShipments", summary = "List a store's shipments",
            description = "The store's consolidated shipments, newest first: open, closed, booked, signed or lost.")
    @ApiResponse(responseCode = "200", description = "The shipments, newest first.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = ShipmentSummary.class)),
            examples = @ExampleObject(name = "jingan", ref = "#/components/examples/store-shipments")))
    @ProblemResponses({VALIDATION, NOT_FOUND})
    @ApiRoles({OPS, ADMIN})
    public List<ShipmentSummary> shipments(@Parameter(description = "The store's id.", example = "S-SH-001")
                                           @PathVariable String storeId,
                                           @Parameter(description = "At most this many, 1 to 500 (default 50).")
                                           @RequestParam(required = false) Integer limit) {
        requireStore(storeId);
        int rows = limit == null ? DEFAULT_LIMIT : limit;
        if (rows < 1 || rows > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return shipments.ofStore(storeId, rows).stream().map(ShipmentSummary::of).toList();
    }

    @GetMapping("/api/stores/{storeId}/shipments/{shipmentId}")
    @Operation(operationId = "getStoreShipment", summary = "Read a store's shipment",
            description = "One consolidated shipment with the returns it carries.")
    @ApiResponse(responseCode = "200", description = "The shipment.", content = @Content(
            schema = @Schema(implementation = ShipmentDetail.class),
            examples = @ExampleObject(name = "booked", ref = "#/components/examples/store-shipment")))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({OPS, ADMIN})
    public ShipmentDetail shipment(@Parameter(description = "The store's id.", example = "S-SH-001")
                                   @PathVariable String storeId,
                                   @Parameter(description = "The shipment's id.", example = "SH-S-SH-001-7Q2M")
                                   @PathVariable String shipmentId) {
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
    @Schema(description = "A store's consolidated shipment (批量寄件).")
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
    @Schema(description = "A shipment: the fields of `ShipmentSummary`, and the returns it carries.",
            allOf = ShipmentSummary.class)
    public record ShipmentDetail(@Schema(hidden = true) @JsonUnwrapped ShipmentSummary shipment,
                                 List<Rider> returns) {
    }

    /** A return in a shipment. */
    @Schema(name = "ShipmentReturn", description = "A return the shipment carries.")
    public record Rider(String returnId, String status, String orderId) {

        static Rider of(CustomerReturn r) {
            return new Rider(r.id(), r.status().name(), r.orderId());
        }
    }
}
