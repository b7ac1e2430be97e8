package io.returnflow.pickup;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.returnflow.returns.BusinessProperties;
import io.returnflow.returns.CarrierLegs;
import io.returnflow.carrier.CarrierGateway;
import io.returnflow.carrier.CarrierProperties;
import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupCancellation;
import io.returnflow.carrier.PickupRequest;
import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.Stores;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnReason;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.returns.WarehouseProperties;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/**
 * The return's tables on a migrated H2 database, the pickup services wired by hand, and a carrier
 * that answers as a test says. Now is Thursday 2026-11-26 10:20 in Shanghai.
 */
public final class ReturnFixture {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    public static final Instant NOW = Instant.parse("2026-11-26T02:20:00Z");
    public static final OffsetDateTime TOMORROW_9 = OffsetDateTime.parse("2026-11-27T09:00:00+08:00");

    public final MigratedDatabase db = MigratedDatabase.migrated();
    public final MutableClock clock = new MutableClock(NOW);
    public final ReturnRepository returns = new ReturnRepository(db.jdbc());
    public final ReturnTimeline timeline = new ReturnTimeline(db.jdbc(), clock);
    public final ReturnProgress progress = new ReturnProgress(returns, timeline, clock);
    public final PickupBookings bookings = new PickupBookings(db.jdbc());
    /** The home pickups' answer to the core's carrier-leg port. */
    public final CarrierLegs homePickupLegs = new HomePickupLegs(bookings);
    public final ScriptedCarrier carrier = new ScriptedCarrier();
    public final CarrierProperties carrierProperties = new CarrierProperties("SF");
    public final BusinessProperties business = new BusinessProperties(SHANGHAI, new BigDecimal("0.5"));
    public final PickupProperties pickupProperties = new PickupProperties(SHANGHAI, 7,
            new PickupProperties.WindowRule(LocalTime.of(9, 0), LocalTime.of(19, 0), Duration.ofHours(2),
                    Duration.ofHours(1), Set.of(), Set.of()), List.of());
    public final PickupWindows windows = new PickupWindows(pickupProperties, carrierProperties, clock);
    public final CarrierBooker booker = new CarrierBooker(bookings, carrier, carrierProperties,
            new WarehouseProperties("Warehouse", null, "075500000000", "广东省", "深圳市", "宝安区", "物流园 3 号库",
                    "518103"), business, clock);
    public final PickupService pickups = new PickupService(returns, bookings, booker, carrier, carrierProperties,
            progress, clock);
    public final Stores stores = new Stores(db.jdbc(), db.dataSource());

    public ReturnFixture() {
        stores.save(new Store("S-SZ-001", "南山店", "广东省", "深圳市", "南山区", "科技园 2 号", "518000", null, "09:00-21:00"));
    }

    /** A home pickup of one T-shirt (99.00), tomorrow 09:00–11:00, accepted and booked once. */
    public CustomerReturn homePickup(String id) {
        CustomerReturn r = new CustomerReturn(id, "SO-" + id, ReturnStatus.REQUESTED, false, ReturnMethod.HOME_PICKUP,
                ReturnReason.DEFECTIVE, new CustomerReturn.Customer("C-1", "张三", "13800000000", null, "STANDARD"),
                null, OffsetDateTime.parse("2026-11-20T10:00:00+08:00"),
                new CustomerReturn.Payment("sandbox", "ch_" + id, "CNY", new BigDecimal("199.00")),
                new CustomerReturn.PickupAddress("广东省", "深圳市", "南山区", "科技园 1 号", "518000"),
                TOMORROW_9, TOMORROW_9.plusHours(2), null,
                new CustomerReturn.Freight(new BigDecimal("12.00"), "CNY", CustomerReturn.FreightPayer.MERCHANT,
                        "merchant-pays-defective"),
                new CustomerReturn.RefundPlan("AT_WAREHOUSE_RECEIPT", new BigDecimal("99.00"), new BigDecimal("0.00"),
                        new BigDecimal("0.00"), new BigDecimal("99.00")),
                List.of(), null, OffsetDateTime.now(clock), OffsetDateTime.now(clock),
                List.of(new ReturnItem("L1", "SKU-1", "T 恤", "apparel", 1, new BigDecimal("99.00"))));
        returns.insert(r);
        returns.claimOrderLines(r.orderId(), List.of("L1"), id);
        return r;
    }

    public List<String> timelineTypes(String returnId) {
        return timeline.list(returnId).stream().map(ReturnTimeline.TimelineEvent::type).toList();
    }

    /** A carrier that books everything and cancels or refuses as told. */
    public static final class ScriptedCarrier implements CarrierGateway {

        public final List<PickupRequest> booked = new ArrayList<>();
        public final List<String> cancelled = new ArrayList<>();
        public boolean refuseCancellation;

        @Override
        public PickupBooking bookPickup(PickupRequest request) {
            booked.add(request);
            return new PickupBooking(request.orderCode(), "SF", null);
        }

        @Override
        public PickupCancellation cancelPickup(String orderCode, String carrier) {
            if (refuseCancellation) {
                return new PickupCancellation.Refused(orderCode, "已揽收");
            }
            cancelled.add(orderCode);
            return new PickupCancellation.Cancelled(orderCode);
        }
    }
}
