package io.returnflow.storeshipment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.returns.BusinessProperties;
import io.returnflow.carrier.CarrierGateway;
import io.returnflow.carrier.CarrierProperties;
import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupCancellation;
import io.returnflow.carrier.PickupRequest;
import io.returnflow.dropoff.CodeVault;
import io.returnflow.dropoff.DropOffCodes;
import io.returnflow.dropoff.DropOffProperties;
import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.Stores;
import io.returnflow.dropoff.TestCodeKeys;
import io.returnflow.pickup.CarrierBooker;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.pickup.PickupWindows;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnReason;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.returns.WarehouseProperties;
import io.returnflow.settlement.FreightLedger;
import io.returnflow.settlement.FreightQuotes;
import io.returnflow.settlement.FreightService;
import io.returnflow.settlement.SettlementProperties;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/**
 * The consolidated shipments wired by hand on a migrated database (H2 or PostgreSQL), with the real
 * repositories, timeline, drop-off codes, carrier booker and freight ledger, a carrier that books what
 * it is asked, and stand-ins for the two processes (which record what they are told). Now is Thursday
 * 2026-11-26 10:20 in Shanghai.
 */
final class ShipmentFixture {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant NOW = Instant.parse("2026-11-26T02:20:00Z");

    final MigratedDatabase db;
    final MutableClock clock = new MutableClock(NOW);
    final ReturnRepository returns;
    final ReturnTimeline timeline;
    final ReturnProgress progress;
    final Stores stores;
    final DropOffCodes codes;
    final StoreShipments shipments;
    final FreightLedger ledger;
    final RecordingCarrier carrier = new RecordingCarrier();
    final ProcessStandIn process = new ProcessStandIn();
    final JourneyStandIn journey = new JourneyStandIn();
    final ConsolidatedShipments consolidated;
    final TransactionTemplate transactions;

    ShipmentFixture(MigratedDatabase db) {
        this.db = db;
        this.transactions = new TransactionTemplate(db.transactions());
        returns = new ReturnRepository(db.jdbc());
        timeline = new ReturnTimeline(db.jdbc(), clock);
        progress = new ReturnProgress(returns, timeline, clock);
        stores = new Stores(db.jdbc(), db.dataSource());
        DropOffProperties dropOff = TestCodeKeys.properties(Duration.ofDays(7));
        codes = new DropOffCodes(db.jdbc(), new CodeVault(dropOff), dropOff, clock);
        shipments = new StoreShipments(db.jdbc());
        CarrierProperties carrierProperties = new CarrierProperties("SF");
        BusinessProperties business = new BusinessProperties(SHANGHAI, new BigDecimal("0.5"));
        PickupProperties pickup = new PickupProperties(SHANGHAI, 7,
                new PickupProperties.WindowRule(LocalTime.of(9, 0), LocalTime.of(19, 0), Duration.ofHours(2),
                        Duration.ofHours(1), Set.of(), Set.of()), List.of());
        WarehouseProperties warehouse = new WarehouseProperties("Warehouse", null, "075500000000", "广东省", "深圳市",
                "宝安区", "物流园 3 号库", "518103");
        FreightQuotes quotes = new FreightQuotes(new SettlementProperties(SHANGHAI, 1000, List.of(
                new SettlementProperties.Rate("SF", FreightService.STORE_SHIPMENT, "*", "*", new BigDecimal("8.00"),
                        new BigDecimal("1.00")))), carrierProperties, warehouse, business);
        ledger = new FreightLedger(db.jdbc(), quotes);
        CarrierBooker booker = new CarrierBooker(new PickupBookings(db.jdbc()), carrier, carrierProperties, warehouse,
                business, clock, ledger);
        consolidated = new ConsolidatedShipments(shipments, process, stores, returns, progress, journey, codes,
                new PickupWindows(pickup, carrierProperties, clock), booker, clock);
    }

    /** A store that books when {@code parcels} parcels wait, else at 18:00. */
    Store store(String id, int parcels) {
        Store store = new Store(id, "Store " + id, "广东省", "深圳市", "南山区", "科技园 " + id, "518000", "0755-1",
                "10:00-22:00", null, parcels, "0 0 18 * * ?", true);
        stores.create(store, "test", OffsetDateTime.now(clock));
        return store;
    }

    /** A drop-off return checked in at the store: status IN_TRANSIT, its code used. */
    CustomerReturn checkedIn(String id, String storeId, int quantity, String payer) {
        CustomerReturn r = new CustomerReturn(id, "SO-" + id, ReturnStatus.IN_TRANSIT, false,
                ReturnMethod.STORE_DROPOFF, ReturnReason.DEFECTIVE,
                new CustomerReturn.Customer("C-" + id, "张三", "13800000000", null, "STANDARD"), null,
                OffsetDateTime.parse("2026-11-20T10:00:00+08:00"),
                new CustomerReturn.Payment("sandbox", "ch_" + id, "CNY", new BigDecimal("199.00")), null, null, null,
                storeId, new CustomerReturn.Freight(new BigDecimal("8.00"), "CNY",
                        CustomerReturn.FreightPayer.valueOf(payer), "test"),
                new CustomerReturn.RefundPlan("AT_WAREHOUSE_RECEIPT", new BigDecimal("99.00"), new BigDecimal("0.00"),
                        new BigDecimal("0.00"), new BigDecimal("99.00")),
                List.of(), null, OffsetDateTime.now(clock), OffsetDateTime.now(clock),
                List.of(new ReturnItem("L1", "SKU-" + id, "T 恤 " + id, "apparel", quantity,
                        new BigDecimal("99.00"))));
        returns.insert(r);
        DropOffCodes.IssuedCode code = codes.issue(id, storeId);
        codes.redeem(code.code(), "clerk", OffsetDateTime.now(clock));
        return r;
    }

    /** Runs in a transaction of its own, as a job would. */
    <T> T inTransaction(java.util.function.Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    List<String> timelineTypes(String returnId) {
        return timeline.list(returnId).stream().map(ReturnTimeline.TimelineEvent::type).toList();
    }

    /** A carrier that books every request and records it. */
    static final class RecordingCarrier implements CarrierGateway {

        final List<PickupRequest> booked = new CopyOnWriteArrayList<>();
        volatile String waybill;

        @Override
        public PickupBooking bookPickup(PickupRequest request) {
            booked.add(request);
            return new PickupBooking(request.orderCode(), "SF", waybill);
        }

        @Override
        public PickupCancellation cancelPickup(String orderCode, String carrier) {
            return new PickupCancellation.Cancelled(orderCode);
        }
    }

    /** Stands in for the store-shipment process: counts starts, records messages, waits as told. */
    static final class ProcessStandIn extends StoreShipmentProcess {

        final List<String> started = new CopyOnWriteArrayList<>();
        final List<Boolean> startedFull = new CopyOnWriteArrayList<>();
        final List<String> told = new CopyOnWriteArrayList<>();
        final Set<String> waitingFor = ConcurrentHashMap.newKeySet();
        private final AtomicInteger instances = new AtomicInteger();

        ProcessStandIn() {
            super(null);
            waitingFor.add(MSG_SHIPMENT_FULL);
            waitingFor.add(MSG_SHIPMENT_SIGNED);
        }

        @Override
        public String start(String shipmentId, String storeId, String schedule, boolean full) {
            started.add(shipmentId);
            startedFull.add(full);
            return "PI-" + instances.incrementAndGet();
        }

        /** Records the message; a shipment that heard it goes on and waits for it no more. */
        @Override
        public boolean tellIfWaiting(String processInstanceId, String message) {
            if (processInstanceId == null || !waitingFor.remove(message)) {
                return false;
            }
            told.add(processInstanceId + " " + message);
            return true;
        }
    }

    /** Stands in for the return journeys: which return waits for which message, and what each was told. */
    static final class JourneyStandIn extends ReturnJourney {

        final Map<String, Set<String>> waiting = new ConcurrentHashMap<>();
        final List<String> told = new CopyOnWriteArrayList<>();

        JourneyStandIn() {
            super(null, null);
        }

        void waits(String returnId, String... messages) {
            waiting.put(returnId, ConcurrentHashMap.newKeySet());
            waiting.get(returnId).addAll(List.of(messages));
        }

        @Override
        public boolean isWaitingFor(String returnId, String message) {
            return waiting.getOrDefault(returnId, Set.of()).contains(message);
        }

        @Override
        public void tell(String returnId, String message) {
            if (!tellIfWaiting(returnId, message)) {
                throw new IllegalStateException(returnId + " does not wait for " + message);
            }
        }

        @Override
        public boolean tellIfWaiting(String returnId, String message) {
            if (!isWaitingFor(returnId, message)) {
                return false;
            }
            told.add(returnId + " " + message);
            waiting.remove(returnId);
            return true;
        }
    }

    static List<String> ids(List<CustomerReturn> rs) {
        List<String> ids = new ArrayList<>();
        rs.forEach(r -> ids.add(r.id()));
        return ids;
    }
}
