package io.returnflow.pickup;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.returnflow.carrier.CarrierGateway;
import io.returnflow.carrier.CarrierProperties;
import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupRequest;
import io.returnflow.carrier.TrackingState;
import io.returnflow.pickup.PickupBookings.Booking;
import io.returnflow.pickup.PickupBookings.Purpose;
import io.returnflow.pickup.PickupBookings.Status;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.WarehouseProperties;
import io.returnflow.settlement.FreightService;
import io.returnflow.settlement.ShipmentFreight;

/**
 * Books a courier to bring a return's parcel to the warehouse, from the buyer's door or from a
 * store, and records the booking. Each attempt has its own order code, never reused; a retried job
 * books the same attempt again (its first try rolled back with the job), which the carrier answers
 * with the existing booking.
 */
@Component
public class CarrierBooker {

    private final PickupBookings bookings;
    private final CarrierGateway carrier;
    private final CarrierProperties carrierProperties;
    private final WarehouseProperties warehouse;
    private final PickupProperties pickup;
    private final Clock clock;
    private final ShipmentFreight freight;

    /** Without a freight ledger, for wiring by hand. */
    public CarrierBooker(PickupBookings bookings, CarrierGateway carrier, CarrierProperties carrierProperties,
                         WarehouseProperties warehouse, PickupProperties pickup, Clock clock) {
        this(bookings, carrier, carrierProperties, warehouse, pickup, clock, ShipmentFreight.NOT_RECORDED);
    }

    @Autowired
    public CarrierBooker(PickupBookings bookings, CarrierGateway carrier, CarrierProperties carrierProperties,
                         WarehouseProperties warehouse, PickupProperties pickup, Clock clock, ShipmentFreight freight) {
        this.freight = freight;
        this.bookings = bookings;
        this.carrier = carrier;
        this.carrierProperties = carrierProperties;
        this.warehouse = warehouse;
        this.pickup = pickup;
        this.clock = clock;
    }

    public Booking book(CustomerReturn r, Purpose purpose, PickupRequest.Party sender, OffsetDateTime windowStart,
                        OffsetDateTime windowEnd, String remark) {
        int attempt = bookings.attempts(r.id(), purpose) + 1;
        String orderCode = Booking.orderCode(r.id(), purpose, attempt);
        BigDecimal pieceWeight = pickup.itemWeightKg();
        int pieces = r.items().stream().mapToInt(i -> i.quantity()).sum();
        List<PickupRequest.Commodity> commodities = r.items().stream()
                .map(i -> new PickupRequest.Commodity(i.name(), i.quantity(),
                        pieceWeight.multiply(BigDecimal.valueOf(i.quantity())), i.unitPrice()))
                .toList();
        PickupRequest request = new PickupRequest(orderCode, r.id(), sender, warehouseParty(), commodities,
                pieceWeight.multiply(BigDecimal.valueOf(pieces)), pieces, windowStart, windowEnd, remark, null);
        PickupBooking answer = carrier.bookPickup(request);
        String carrierCode = answer.carrier() == null || answer.carrier().isBlank()
                ? carrierProperties.defaultCarrier() : answer.carrier();
        String waybill = answer.waybill() == null || answer.waybill().isBlank() ? null : answer.waybill();
        Booking booking = new Booking(orderCode, r.id(), attempt, purpose, carrierCode, waybill, windowStart,
                windowEnd, Status.BOOKED, TrackingState.BOOKED, OffsetDateTime.now(clock));
        bookings.insert(booking);
        freight.booked(new ShipmentFreight.BookedShipment(orderCode, carrierCode, waybill, r.id(),
                purpose == Purpose.STORE_SHIPMENT ? FreightService.STORE_SHIPMENT : FreightService.HOME_PICKUP,
                sender.province(), warehouse.province(), request.weightKg(), r.freight().payer().name(),
                r.freight().amount(), r.freight().currency(), booking.bookedAt()));
        return booking;
    }

    /**
     * Books one courier for a store's consolidated shipment (批量寄件): every item of every return in it,
     * in one pickup from the store, under the shipment's own order code. A retried job books the same
     * order code again, which the carrier answers with the existing booking. The freight ledger gets one
     * entry for the shipment, shared out over its returns by weight.
     *
     * @param shipmentId echoed back by the carrier in every push about the shipment (its CallBack)
     * @param carrierAccount the store's account with the carrier, which pays; {@code null}: the merchant's
     */
    public ConsolidatedBooking bookConsolidated(String orderCode, String shipmentId, List<CustomerReturn> returns,
                                                PickupRequest.Party sender, OffsetDateTime windowStart,
                                                OffsetDateTime windowEnd, String remark, String carrierAccount) {
        if (returns.isEmpty()) {
            throw new IllegalArgumentException("Shipment " + shipmentId + " carries no return");
        }
        java.util.Set<String> currencies = returns.stream().map(r -> r.freight().currency())
                .collect(java.util.stream.Collectors.toSet());
        if (currencies.size() != 1) {
            throw new IllegalStateException("Shipment " + shipmentId + " mixes freight currencies " + currencies);
        }
        BigDecimal pieceWeight = pickup.itemWeightKg();
        List<PickupRequest.Commodity> commodities = returns.stream().flatMap(r -> r.items().stream())
                .map(i -> new PickupRequest.Commodity(i.name(), i.quantity(),
                        pieceWeight.multiply(BigDecimal.valueOf(i.quantity())), i.unitPrice()))
                .toList();
        int pieces = commodities.stream().mapToInt(PickupRequest.Commodity::quantity).sum();
        BigDecimal weight = pieceWeight.multiply(BigDecimal.valueOf(pieces));
        PickupRequest request = new PickupRequest(orderCode, shipmentId, sender, warehouseParty(), commodities,
                weight, pieces, windowStart, windowEnd, remark, carrierAccount);
        PickupBooking answer = carrier.bookPickup(request);
        String carrierCode = answer.carrier() == null || answer.carrier().isBlank()
                ? carrierProperties.defaultCarrier() : answer.carrier();
        String waybill = answer.waybill() == null || answer.waybill().isBlank() ? null : answer.waybill();
        OffsetDateTime bookedAt = OffsetDateTime.now(clock);
        List<ShipmentFreight.Rider> riders = returns.stream()
                .map(r -> new ShipmentFreight.Rider(r.id(),
                        pieceWeight.multiply(BigDecimal.valueOf(r.items().stream().mapToInt(i -> i.quantity()).sum())),
                        r.freight().payer().name(), r.freight().amount()))
                .toList();
        freight.bookedConsolidated(new ShipmentFreight.ConsolidatedShipment(orderCode, carrierCode, waybill,
                FreightService.STORE_SHIPMENT, sender.province(), warehouse.province(), weight,
                currencies.iterator().next(), bookedAt, riders));
        return new ConsolidatedBooking(orderCode, carrierCode, waybill, weight, pieces, bookedAt);
    }

    /** What the carrier answered to a consolidated shipment's booking. */
    public record ConsolidatedBooking(String orderCode, String carrier, String waybill, BigDecimal weightKg,
                                      int pieces, OffsetDateTime bookedAt) {
    }

    private PickupRequest.Party warehouseParty() {
        String name = warehouse.contact() == null ? warehouse.name() : warehouse.name() + " " + warehouse.contact();
        return new PickupRequest.Party(name, warehouse.mobile(), warehouse.province(), warehouse.city(),
                warehouse.district(), warehouse.address(), warehouse.postCode());
    }
}
