package io.returnflow.pickup;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.BusinessProperties;
import io.returnflow.returns.WarehouseProperties;
import io.returnflow.settlement.FreightService;
import io.returnflow.platform.Text;
import io.returnflow.settlement.ShipmentFreight;

/**
 * Books a courier to bring returns' parcels to the warehouse: a return's own pickup from the buyer's
 * door (recorded as a booking), or a store's consolidated shipment. Each home pickup attempt has its
 * own order code, never reused; a retried job books the same attempt again (its first try rolled back
 * with the job), which the carrier answers with the existing booking.
 */
@Component
public class CarrierBooker {

    private final PickupBookings bookings;
    private final CarrierGateway carrier;
    private final CarrierProperties carrierProperties;
    private final WarehouseProperties warehouse;
    private final BusinessProperties business;
    private final Clock clock;
    private final ShipmentFreight freight;

    /** Without a freight ledger, for wiring by hand. */
    public CarrierBooker(PickupBookings bookings, CarrierGateway carrier, CarrierProperties carrierProperties,
                         WarehouseProperties warehouse, BusinessProperties business, Clock clock) {
        this(bookings, carrier, carrierProperties, warehouse, business, clock, ShipmentFreight.NOT_RECORDED);
    }

    @Autowired
    public CarrierBooker(PickupBookings bookings, CarrierGateway carrier, CarrierProperties carrierProperties,
                         WarehouseProperties warehouse, BusinessProperties business, Clock clock, ShipmentFreight freight) {
        this.freight = freight;
        this.bookings = bookings;
        this.carrier = carrier;
        this.carrierProperties = carrierProperties;
        this.warehouse = warehouse;
        this.business = business;
        this.clock = clock;
    }

    /** Books the return's next home pickup from the buyer's door. */
    public Booking book(CustomerReturn r, PickupRequest.Party sender, OffsetDateTime windowStart,
                        OffsetDateTime windowEnd, String remark) {
        int attempt = bookings.attempts(r.id(), Purpose.HOME_PICKUP) + 1;
        String orderCode = Booking.orderCode(r.id(), attempt);
        Sent sent = send(orderCode, r.id(), r.items(), sender, windowStart, windowEnd, remark, null);
        Booking booking = new Booking(orderCode, r.id(), attempt, Purpose.HOME_PICKUP, sent.carrier(), sent.waybill(),
                windowStart, windowEnd, Status.BOOKED, TrackingState.BOOKED, OffsetDateTime.now(clock),
                sent.carrierOrderRef());
        bookings.insert(booking);
        freight.booked(new ShipmentFreight.BookedShipment(orderCode, sent.carrier(), sent.waybill(), r.id(),
                FreightService.HOME_PICKUP, sender.province(), warehouse.province(), sent.weightKg(),
                r.freight().payer().name(), r.freight().amount(), r.freight().currency(), booking.bookedAt()));
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
        Set<String> currencies = returns.stream().map(r -> r.freight().currency()).collect(Collectors.toSet());
        if (currencies.size() != 1) {
            throw new IllegalStateException("Shipment " + shipmentId + " mixes freight currencies " + currencies);
        }
        List<ReturnItem> items = returns.stream().flatMap(r -> r.items().stream()).toList();
        Sent sent = send(orderCode, shipmentId, items, sender, windowStart, windowEnd, remark, carrierAccount);
        OffsetDateTime bookedAt = OffsetDateTime.now(clock);
        List<ShipmentFreight.Rider> riders = returns.stream()
                .map(r -> new ShipmentFreight.Rider(r.id(), weightOf(pieces(r.items())), r.freight().payer().name(),
                        r.freight().amount()))
                .toList();
        freight.bookedConsolidated(new ShipmentFreight.ConsolidatedShipment(orderCode, sent.carrier(), sent.waybill(),
                FreightService.STORE_SHIPMENT, sender.province(), warehouse.province(), sent.weightKg(),
                currencies.iterator().next(), bookedAt, riders));
        return new ConsolidatedBooking(orderCode, sent.carrier(), sent.waybill(), sent.weightKg(), sent.pieces(),
                bookedAt, sent.carrierOrderRef());
    }

    /**
     * What the carrier answered to a consolidated shipment's booking.
     *
     * @param carrierOrderRef the carrier's own reference of the order, when it gave one
     */
    public record ConsolidatedBooking(String orderCode, String carrier, String waybill, BigDecimal weightKg,
                                      int pieces, OffsetDateTime bookedAt, String carrierOrderRef) {
    }

    /**
     * Asks the carrier to fetch the items from the sender to the warehouse, each piece weighing the
     * configured item weight, and normalises its answer: the default carrier when it named none, no
     * waybill when it gave a blank one.
     *
     * @param callBack what the carrier echoes back in every push about the booking
     */
    private Sent send(String orderCode, String callBack, List<ReturnItem> items, PickupRequest.Party sender,
                      OffsetDateTime windowStart, OffsetDateTime windowEnd, String remark, String carrierAccount) {
        List<PickupRequest.Commodity> commodities = items.stream()
                .map(i -> new PickupRequest.Commodity(i.name(), i.quantity(), weightOf(i.quantity()), i.unitPrice()))
                .toList();
        int pieces = pieces(items);
        BigDecimal weight = weightOf(pieces);
        PickupBooking answer = carrier.bookPickup(new PickupRequest(orderCode, callBack, sender, warehouseParty(),
                commodities, weight, pieces, windowStart, windowEnd, remark, carrierAccount));
        String carrierCode = answer.carrier() == null || answer.carrier().isBlank()
                ? carrierProperties.defaultCarrier() : answer.carrier();
        String waybill = answer.waybill() == null || answer.waybill().isBlank() ? null : answer.waybill();
        return new Sent(carrierCode, waybill, weight, pieces, Text.trimToNull(answer.carrierOrderRef()));
    }

    /** The carrier's normalised answer to a pickup request, with the weight and pieces asked for. */
    private record Sent(String carrier, String waybill, BigDecimal weightKg, int pieces, String carrierOrderRef) {
    }

    private static int pieces(List<ReturnItem> items) {
        return items.stream().mapToInt(ReturnItem::quantity).sum();
    }

    private BigDecimal weightOf(int pieces) {
        return business.itemWeightKg().multiply(BigDecimal.valueOf(pieces));
    }

    private PickupRequest.Party warehouseParty() {
        String name = warehouse.contact() == null ? warehouse.name() : warehouse.name() + " " + warehouse.contact();
        return new PickupRequest.Party(name, warehouse.mobile(), warehouse.province(), warehouse.city(),
                warehouse.district(), warehouse.address(), warehouse.postCode());
    }
}
