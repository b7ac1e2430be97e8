package io.returnflow.e2e;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.events.EventSequencer;
import io.returnflow.events.MerchantEventTypes;
import io.returnflow.journey.CarrierUpdateRouter;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.Timers;

/**
 * Each merchant event on the journey's real path, once per fact, in order, with the return as that change left it:
 * {@code GET /api/events?returnId=} after the sequencer placed what committed. The journey runs as on the local run
 * (job executor on, sandbox carrier and payment provider); the test steps the courier and fires the timers itself,
 * and pushes the carrier facts a real carrier sends again or late (a re-push, the cancellation of a booking the
 * journey left behind, a collection of a cancelled booking) through the same handler the carrier inbox calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class MerchantEventPathsTest {

    /** The longest the asynchronous work of a journey may take; waits end as soon as it is done. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String COURIER_DID_NOT_COME = "Event_CourierDidNotCome";
    private static final String RESOLVE_FAILED_PICKUP = "Activity_ResolveFailedPickup";
    private static final String RESOLVE_REFUND_FAILURE = "Activity_ResolveRefundFailure";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventSequencer sequencer;
    @Autowired
    CarrierUpdateRouter carrierUpdates;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ObjectMapper json;
    @Autowired
    ReturnTimeline timeline;

    private JourneyApi api;

    @BeforeEach
    void overHttp() {
        api = new JourneyApi(rest, TIMEOUT);
    }

    // ------------------------------------------------------------------ home pickup

    @Test
    void aHomePickupTellsEachStepOnceAndACarrierPushingAgainAddsNothing() {
        String id = api.create(homePickup(newOrderId()));
        String order = Courier.pickup(id, 1);
        courier().deliver(order);
        awaitStatus(id, "COMPLETED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked", "parcel.in_transit",
                "parcel.received", "item.disposition_recorded", "refund.succeeded", "return.completed");
        assertThat(object(events, "return.requested").path("status").asText()).isEqualTo("REQUESTED");
        JsonNode booked = object(events, "pickup.booked");
        assertThat(booked.path("status").asText()).isEqualTo("AWAITING_PICKUP");
        assertThat(booked.path("pickup").path("orderCode").asText()).isEqualTo(order);
        assertThat(booked.path("pickup").path("window").path("start").asText()).isNotBlank();
        assertThat(object(events, "parcel.in_transit").path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(object(events, "parcel.received").path("status").asText()).isIn("RECEIVED", "INSPECTING");
        JsonNode refunded = object(events, "refund.succeeded");
        assertThat(refunded.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(refunded.path("refund").path("amount").asText()).isEqualTo(
                api.getReturn(id).path("refund").path("amount").asText()).isNotBlank();
        assertThat(object(events, "return.completed").path("status").asText()).isEqualTo("COMPLETED");
        assertThat(events).extracting(e -> e.path("position").asLong()).isSorted().doesNotHaveDuplicates();

        // the carrier pushes its collection and its signature again: the timeline and the events know them
        String waybill = waybill(order);
        push(new TrackingUpdate(id, order, waybill, TrackingState.COLLECTED, OffsetDateTime.now(), "深圳", "揽收"));
        push(new TrackingUpdate(id, order, waybill, TrackingState.SIGNED, OffsetDateTime.now(), "仓库", "签收"));
        assertThat(types(events(id))).as("nothing twice").isEqualTo(types(events));
    }

    @Test
    void everyMissedWindowIsOnePickupFailedAndCustomerServiceCancellingEndsTheReturn() {
        String id = api.create(withAddressLine(homePickup(newOrderId()), "科技园 1 号 sandbox:no-show-always"));
        timers().fire("return-journey", id, COURIER_DID_NOT_COME);
        awaitBooked(Courier.pickup(id, 2));
        // the carrier reports the booking the rebooking cancelled as given up: the journey has left it behind
        push(new TrackingUpdate(id, Courier.pickup(id, 1), null, TrackingState.PICKUP_FAILED, OffsetDateTime.now(),
                null, "订单已取消"));
        // a courier named late for the replaced booking, then the courier of the new one, pushed twice
        push(courierAssigned(id, Courier.pickup(id, 1), "王师傅", "1111"));
        push(courierAssigned(id, Courier.pickup(id, 2), "李师傅", "2222"));
        push(courierAssigned(id, Courier.pickup(id, 2), "李师傅", "2222"));
        timers().fire("return-journey", id, COURIER_DID_NOT_COME);
        awaitBooked(Courier.pickup(id, 3));
        timers().fire("return-journey", id, COURIER_DID_NOT_COME);

        JsonNode task = api.awaitTask("cs", id, RESOLVE_FAILED_PICKUP);
        assertThat(api.complete("cs", task, map("failedPickupDecision", map("value", "CANCEL"),
                "cancelReason", map("value", "The buyer keeps the item"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        awaitStatus(id, "CANCELLED");
        Eventually.await("the journey of " + id + " to end", TIMEOUT, () -> journeyEnded(id), Boolean::booleanValue);

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked",
                "pickup.failed", "pickup.rebooked", "pickup.courier_assigned", "pickup.failed", "pickup.rebooked",
                "pickup.failed", "task.opened", "return.cancelled");
        JsonNode assigned = object(events, "pickup.courier_assigned").path("pickup");
        assertThat(assigned.path("orderCode").asText()).isEqualTo(Courier.pickup(id, 2));
        assertThat(assigned.path("courier").path("pickupCode").asText()).isEqualTo("2222");
        List<JsonNode> rebooked = all(events, "pickup.rebooked");
        assertThat(rebooked.get(0).path("event").path("data").path("object").path("pickup").path("attempt").asInt())
                .isEqualTo(2);
        assertThat(rebooked.get(1).path("event").path("data").path("object").path("pickup").path("orderCode")
                .asText()).isEqualTo(Courier.pickup(id, 3));
        assertThat(object(events, "task.opened").path("actionRequired").asBoolean()).isTrue();
        assertThat(object(events, "return.cancelled").path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void customerServiceRebookingAWindowIsPickupRebookedWithThatWindow() {
        String id = api.create(withAddressLine(homePickup(newOrderId()), "科技园 1 号 sandbox:no-show-always"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            awaitBooked(Courier.pickup(id, attempt));
            timers().fire("return-journey", id, COURIER_DID_NOT_COME);
        }
        JsonNode task = api.awaitTask("cs", id, RESOLVE_FAILED_PICKUP);
        JsonNode offered = api.as("cs").getForObject("/api/pickup-windows?city=深圳市&date="
                + LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2), JsonNode.class).path("windows");
        assertThat(offered).isNotEmpty();
        String start = offered.get(offered.size() - 1).path("start").asText();
        assertThat(api.complete("cs", task, map("failedPickupDecision", map("value", "REBOOK"),
                "rebookWindowStart", map("value", start))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        awaitBooked(Courier.pickup(id, 4));

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked",
                "pickup.failed", "pickup.rebooked", "pickup.failed", "pickup.rebooked", "pickup.failed",
                "task.opened", "pickup.rebooked");
        JsonNode rebooked = all(events, "pickup.rebooked").get(2).path("event").path("data").path("object");
        assertThat(rebooked.path("status").asText()).isEqualTo("AWAITING_PICKUP");
        assertThat(rebooked.path("actionRequired").asBoolean()).isFalse();
        assertThat(rebooked.path("pickup").path("attempt").asInt()).isEqualTo(4);
        assertThat(OffsetDateTime.parse(rebooked.path("pickup").path("window").path("start").asText()).toInstant())
                .isEqualTo(OffsetDateTime.parse(start).toInstant());
    }

    @Test
    void aParcelThatNeverArrivesIsATaskAndTheRefundCustomerServiceGrantsAnyway() {
        String id = api.create(homePickup(newOrderId()));
        courier().collect(Courier.pickup(id, 1));
        awaitStatus(id, "IN_TRANSIT");
        timers().fire("return-journey", id, "Event_ParcelOverdue");
        JsonNode task = api.awaitTask("cs", id, "Activity_InvestigateMissingParcel");
        assertThat(api.complete("cs", task, map("missingParcelDecision", map("value", "REFUND_ANYWAY")))
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        awaitStatus(id, "COMPLETED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked", "parcel.in_transit",
                "task.opened", "refund.succeeded", "return.completed");
        assertThat(object(events, "task.opened").path("actionRequired").asBoolean()).isTrue();
        assertThat(all(events, "task.opened").get(0).path("event").path("detail").asText())
                .contains("Investigate missing parcel");
        // the refund and the completion commit together: both show the return as that step left it
        JsonNode refunded = object(events, "refund.succeeded");
        assertThat(refunded.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(refunded.path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void aCarrierThatGivesUpIsOnePickupFailedAndTheRebookedCourierCollects() {
        String id = api.create(withAddressLine(homePickup(newOrderId()), "科技园 1 号 sandbox:carrier-cancels"));
        String first = Courier.pickup(id, 1);
        awaitBooked(first);
        // the sandbox carrier cancels this first booking instead of collecting it, and pushes so
        sandboxCourier.step(first);
        courier().deliver(Courier.pickup(id, 2));
        awaitStatus(id, "COMPLETED");
        // the carrier pushes its cancellation again
        push(new TrackingUpdate(id, first, null, TrackingState.PICKUP_FAILED, OffsetDateTime.now(), null, "订单已取消"));

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked", "pickup.failed",
                "pickup.rebooked", "parcel.in_transit", "parcel.received", "item.disposition_recorded",
                "refund.succeeded", "return.completed");
        assertThat(object(events, "parcel.in_transit").path("pickup").path("attempt").asInt()).isEqualTo(2);
        assertThat(all(events, "pickup.failed").get(0).path("event").path("detail").asText()).contains(first);
    }

    // ------------------------------------------------------------------ store drop-off

    @Test
    void aSwitchToDropOffIssuesACodeAndTheParcelTravelsInTheStoresShipment() {
        String id = api.create(withAddressLine(homePickup(newOrderId()), "科技园 1 号 sandbox:no-show-always"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            awaitBooked(Courier.pickup(id, attempt));
            timers().fire("return-journey", id, COURIER_DID_NOT_COME);
        }
        JsonNode task = api.awaitTask("cs", id, RESOLVE_FAILED_PICKUP);
        assertThat(api.complete("cs", task, map("failedPickupDecision", map("value", "SWITCH_TO_DROP_OFF"),
                "dropOffStoreId", map("value", "S-SZ-002"))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode switched = awaitStatus(id, "AWAITING_DROP_OFF");
        // a courier of the cancelled booking claims a collection after all: the parcel is still with the buyer
        push(new TrackingUpdate(id, Courier.pickup(id, 3), "SF-LATE-" + id, TrackingState.COLLECTED,
                OffsetDateTime.now(), "深圳", "揽收"));

        checkIn("S-SZ-002", switched.path("dropOff").path("code").asText());
        String shipment = shipOut(id, "S-SZ-002");
        // the shipment's courier names itself and its collection is pushed again: no pickup event of the return
        awaitShipmentBooked(shipment);
        push(courierAssigned(shipment, Courier.shipment(shipment), "赵师傅", "3333"));
        courier().deliver(Courier.shipment(shipment));
        push(new TrackingUpdate(shipment, Courier.shipment(shipment), waybillOfShipment(shipment),
                TrackingState.COLLECTED, OffsetDateTime.now(), "深圳", "揽收"));
        awaitStatus(id, "COMPLETED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked",
                "pickup.failed", "pickup.rebooked", "pickup.failed", "pickup.rebooked", "pickup.failed",
                "task.opened", "dropoff.code_issued", "dropoff.checked_in", "parcel.in_transit", "parcel.received",
                "item.disposition_recorded",
                "refund.succeeded", "return.completed");
        JsonNode issued = object(events, "dropoff.code_issued");
        assertThat(issued.path("method").asText()).isEqualTo("STORE_DROPOFF");
        assertThat(issued.path("dropOff").path("code").asText()).isEqualTo(switched.path("dropOff").path("code")
                .asText());
        assertThat(issued.path("dropOff").path("expiresAt").asText()).isNotBlank();
        assertThat(object(events, "dropoff.checked_in").path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(object(events, "parcel.in_transit").path("dropOff").path("shipmentId").asText())
                .isEqualTo(shipment);
    }

    @Test
    void aRefundRefusedAtHandOverIsOneRefundFailedAndARefundMadeElsewhereOneRefundSucceeded() {
        // a VIP's small return is refunded at hand-over; this charge's refunds are refused by the provider
        Map<String, Object> body = vip(storeDropOff(newOrderId(), "S-SH-001"));
        charge(body, "ch_refund_fails");
        String id = api.create(body);
        checkIn("S-SH-001", api.getReturn(id).path("dropOff").path("code").asText());
        Eventually.await("the refund at hand-over of " + id, TIMEOUT, () -> api.timelineTypes(id),
                types -> types.contains("REFUND_FAILED"));
        String shipment = shipOut(id, "S-SH-001");
        courier().deliver(Courier.shipment(shipment));

        // at receipt the refund step meets the same refusal and hands it to customer service
        JsonNode task = api.awaitTask("cs", id, RESOLVE_REFUND_FAILURE);
        assertThat(api.complete("cs", task, map("refundFailureDecision", map("value", "REFUNDED_ELSEWHERE"),
                "externalRefundReference", map("value", "BANK-5521"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        awaitStatus(id, "COMPLETED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "dropoff.code_issued", "dropoff.checked_in",
                "refund.failed", "parcel.in_transit", "parcel.received", "item.disposition_recorded", "task.opened", "refund.succeeded",
                "return.completed");
        assertThat(object(events, "refund.failed").path("refund").path("status").asText()).isEqualTo("FAILED");
        JsonNode elsewhere = object(events, "refund.succeeded");
        assertThat(elsewhere.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(elsewhere.path("refund").path("external").asBoolean()).isTrue();
        assertThat(elsewhere.path("refund").path("reference").asText()).isEqualTo("BANK-5521");
    }

    @Test
    void aCodeNobodyUsesExpiresTheReturn() {
        String id = api.create(storeDropOff(newOrderId(), "S-SZ-001"));
        // the buyer's reminder, as the notifications record it on the timeline
        transactions.executeWithoutResult(status -> timeline.record(id, MerchantEventTypes.TIMELINE_CODE_EXPIRING,
                "Reminder: the drop-off code expires soon", "system"));
        timers().fire("return-journey", id, "Event_DropOffCodeExpired");
        awaitStatus(id, "EXPIRED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "dropoff.code_issued",
                "dropoff.code_expiring", "return.expired");
        assertThat(object(events, "dropoff.code_expiring").path("dropOff").path("expiresAt").asText()).isNotBlank();
        assertThat(object(events, "return.expired").path("status").asText()).isEqualTo("EXPIRED");
    }

    @Test
    void aRefundAtHandOverIsOneRefundSucceededAndTheStepAtReceiptOnlyConfirmsIt() {
        String id = api.create(vip(storeDropOff(newOrderId(), "S-SZ-002")));
        checkIn("S-SZ-002", api.getReturn(id).path("dropOff").path("code").asText());
        Eventually.await("the refund at hand-over of " + id, TIMEOUT, () -> refundStatus(id), "SUCCEEDED"::equals);
        courier().deliver(Courier.shipment(shipOut(id, "S-SZ-002")));
        awaitStatus(id, "COMPLETED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "dropoff.code_issued", "dropoff.checked_in",
                "refund.succeeded", "parcel.in_transit", "parcel.received", "item.disposition_recorded",
                "return.completed");
        JsonNode refunded = object(events, "refund.succeeded");
        assertThat(refunded.path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(refunded.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(refunded.path("refund").path("amount").asText())
                .isEqualTo(api.getReturn(id).path("refund").path("amount").asText());
        assertThat(api.timelineTypes(id)).containsSubsequence("REFUNDED", "SIGNED", "REFUND_CONFIRMED");
    }

    @Test
    void aRefundPendingAtHandOverThatTheProviderSettlesLaterIsOneRefundSucceeded() {
        Map<String, Object> body = vip(storeDropOff(newOrderId(), "S-SZ-001"));
        charge(body, "ch_refund_pending");
        String id = api.create(body);
        checkIn("S-SZ-001", api.getReturn(id).path("dropOff").path("code").asText());
        // the provider settles it by its webhook, before the parcel reaches the warehouse
        Eventually.await("the pending refund of " + id + " to settle", TIMEOUT, () -> refundStatus(id),
                "SUCCEEDED"::equals);
        courier().deliver(Courier.shipment(shipOut(id, "S-SZ-001")));
        awaitStatus(id, "COMPLETED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "dropoff.code_issued", "dropoff.checked_in",
                "parcel.in_transit", "parcel.received", "item.disposition_recorded", "refund.succeeded",
                "return.completed");
        JsonNode refunded = object(events, "refund.succeeded").path("refund");
        assertThat(refunded.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(refunded.path("providerRefundId").asText()).isNotBlank();
        assertThat(api.timelineTypes(id)).containsSubsequence("REFUND_PENDING", "SIGNED", "REFUNDED")
                .containsOnlyOnce("REFUNDED").doesNotContain("REFUND_CONFIRMED");
    }

    @Test
    void anInspectionThatKeepsSomethingBackIsInspectionCompletedAndTheRefundOfWhatIsLeft() throws Exception {
        Map<String, Object> body = homePickup(newOrderId());
        body.put("reason", "NOT_AS_DESCRIBED");
        String id = api.create(body);
        courier().deliver(Courier.pickup(id, 1));
        inspect(id, "PARTIAL", 1, "20.00");
        awaitStatus(id, "COMPLETED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked", "parcel.in_transit",
                "parcel.received", "inspection.completed", "item.disposition_recorded", "refund.succeeded",
                "return.completed");
        assertThat(object(events, "parcel.received").path("status").asText()).isEqualTo("INSPECTING");
        JsonNode inspected = object(events, "inspection.completed").path("refund");
        assertThat(inspected.path("inspectionDeductions").asText()).isEqualTo("20.00");
        String amount = api.getReturn(id).path("refund").path("amount").asText();
        assertThat(amount).isEqualTo(inspected.path("amount").asText());
        assertThat(object(events, "refund.succeeded").path("refund").path("amount").asText()).isEqualTo(amount);
    }

    @Test
    void itemsTheInspectorRejectsAreInspectionCompletedThenReturnRejected() throws Exception {
        Map<String, Object> body = homePickup(newOrderId());
        body.put("reason", "NOT_AS_DESCRIBED");
        String id = api.create(body);
        courier().deliver(Courier.pickup(id, 1));
        inspect(id, "REJECT", 0, "0.00");
        awaitStatus(id, "REJECTED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked", "parcel.in_transit",
                "parcel.received", "inspection.completed", "item.disposition_recorded", "return.rejected");
        assertThat(object(events, "return.rejected").path("rejectionReasons")).isNotEmpty();
    }

    @Test
    void eachLineOfAParcelNobodyInspectsIsOneDispositionRecordedAsTheAnalystsTableDecides() {
        String id = api.create(withASecondLine(homePickup(newOrderId())));
        String order = Courier.pickup(id, 1);
        courier().deliver(order);
        awaitStatus(id, "COMPLETED");
        // the carrier pushes its signature again: the lines were dispositioned once
        push(new TrackingUpdate(id, order, waybill(order), TrackingState.SIGNED, OffsetDateTime.now(), "仓库", "签收"));

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked", "parcel.in_transit",
                "parcel.received", DISPOSITION, DISPOSITION, "refund.succeeded", "return.completed");
        List<JsonNode> dispositions = all(events, DISPOSITION);
        assertThat(dispositions).extracting(e -> e.path("event").path("detail").asText()).containsExactly(
                "Line L1, SKU SKU-1, quantity 1: RETURN_TO_VENDOR (not inspected)",
                "Line L2, SKU SKU-2, quantity 2: RETURN_TO_VENDOR (not inspected)");
        assertThat(dispositionsOf(dispositions.get(1).path("event").path("data").path("object")))
                .containsExactly("RETURN_TO_VENDOR", "RETURN_TO_VENDOR");
        // a defective item is sent back to the vendor, never restocked unseen (return-dispositions.dmn)
        assertThat(dispositionsOf(api.getReturn(id))).containsExactly("RETURN_TO_VENDOR", "RETURN_TO_VENDOR");
    }

    @Test
    void eachInspectedLineIsOneDispositionRecordedWithTheInspectorsChoice() throws Exception {
        Map<String, Object> body = withASecondLine(homePickup(newOrderId()));
        body.put("reason", "NOT_AS_DESCRIBED");
        String id = api.create(body);
        courier().deliver(Courier.pickup(id, 1));
        JsonNode task = api.awaitTask("inspector", id, "Activity_InspectReturnedItems");
        String taskId = task.path("id").asText();
        ArrayNode items = (ArrayNode) json.readTree(api.as("inspector").getForObject("/engine-rest/task/" + taskId
                + "/variables/inspectionItems?deserializeValue=false", JsonNode.class).path("value").asText());
        ((ObjectNode) items.get(0)).put("condition", "USED").put("disposition", "REFURBISH");
        ((ObjectNode) items.get(1)).put("condition", "NEW").put("disposition", "RETURN_TO_VENDOR");
        assertThat(api.as("inspector").postForEntity("/engine-rest/task/" + taskId + "/complete",
                map("variables", map(
                        "inspectionItems", map("value", items.toString(), "type", "Json"),
                        "inspectionOutcome", map("value", "ACCEPT"))), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        awaitStatus(id, "COMPLETED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked", "parcel.in_transit",
                "parcel.received", "inspection.completed", DISPOSITION, DISPOSITION, "refund.succeeded",
                "return.completed");
        assertThat(all(events, DISPOSITION)).extracting(e -> e.path("event").path("detail").asText())
                .containsExactly("Line L1, SKU SKU-1, quantity 1: REFURBISH (inspected)",
                        "Line L2, SKU SKU-2, quantity 2: RETURN_TO_VENDOR (inspected)");
        assertThat(dispositionsOf(api.getReturn(id))).containsExactly("REFURBISH", "RETURN_TO_VENDOR");
    }

    @Test
    void aRequestThePolicyRefusesIsRequestedAndRejectedAtOnce() {
        Map<String, Object> body = homePickup(newOrderId());
        item(body, 0).put("category", "food");
        JsonNode refused = api.as("merchant").postForEntity("/api/returns", body, JsonNode.class).getBody();
        String id = refused.path("returnId").asText();
        assertThat(id).isNotBlank();

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "return.rejected");
        JsonNode rejected = object(events, "return.rejected");
        assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("rejectionReasons").toString()).contains("not returnable");
    }

    @Test
    void aReturnTheMerchantCancelsBeforeCollectionIsReturnCancelled() {
        String id = api.create(homePickup(newOrderId()));
        awaitBooked(Courier.pickup(id, 1));
        awaitStatus(id, "AWAITING_PICKUP");
        assertThat(api.as("merchant").postForEntity("/api/returns/" + id + "/cancellation",
                map("reason", "The buyer keeps the item"), JsonNode.class).getStatusCode().is2xxSuccessful()).isTrue();
        awaitStatus(id, "CANCELLED");

        List<JsonNode> events = events(id);
        assertThat(types(events)).containsExactly("return.requested", "pickup.booked", "return.cancelled");
        assertThat(object(events, "return.cancelled").path("status").asText()).isEqualTo("CANCELLED");
    }

    // ------------------------------------------------------------------ helpers

    private static final String DISPOSITION = "item.disposition_recorded";

    /** A second line on the order and in the return: two mugs of 30.00. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withASecondLine(Map<String, Object> body) {
        ((List<Map<String, Object>>) body.get("items")).add(map("lineId", "L2", "sku", "SKU-2", "name", "Mug",
                "category", "apparel", "quantity", 2, "unitPrice", "30.00"));
        return body;
    }

    /** Each item's disposition as a return resource shows it, in line order. */
    private static List<String> dispositionsOf(JsonNode returnResource) {
        List<String> dispositions = new ArrayList<>();
        returnResource.path("items").forEach(item -> dispositions.add(item.path("disposition").asText(null)));
        return dispositions;
    }

    /** The inspector records the outcome of the one line, keeping {@code deduction} back. */
    private void inspect(String id, String outcome, int accepted, String deduction) throws Exception {
        JsonNode task = api.awaitTask("inspector", id, "Activity_InspectReturnedItems");
        String taskId = task.path("id").asText();
        ArrayNode items = (ArrayNode) json.readTree(api.as("inspector").getForObject("/engine-rest/task/" + taskId
                + "/variables/inspectionItems?deserializeValue=false", JsonNode.class).path("value").asText());
        ObjectNode line = (ObjectNode) items.get(0);
        line.put("condition", "DAMAGED");
        line.put("acceptedQuantity", accepted);
        line.put("deduction", new java.math.BigDecimal(deduction));
        line.put("deductionReason", "stained");
        assertThat(api.as("inspector").postForEntity("/engine-rest/task/" + taskId + "/complete",
                map("variables", map(
                        "inspectionItems", map("value", items.toString(), "type", "Json"),
                        "inspectionOutcome", map("value", outcome))), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
    }

    private static TrackingUpdate courierAssigned(String returnId, String orderCode, String name, String pickupCode) {
        return new TrackingUpdate(returnId, orderCode, null, TrackingState.COURIER_ASSIGNED, OffsetDateTime.now(),
                "南山", "分配快递员", TrackingUpdate.Report.PICKUP_ORDER,
                new TrackingUpdate.Courier(name, "13900000000", pickupCode), null, null);
    }

    private static Map<String, Object> vip(Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        customer.put("tier", "VIP");
        return body;
    }

    private static void charge(Map<String, Object> body, String chargeId) {
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = (Map<String, Object>) body.get("payment");
        payment.put("chargeId", chargeId);
    }

    private String refundStatus(String id) {
        return jdbc.sql("select status from refunds where return_id = ?").param(id).query(String.class).optional()
                .orElse("");
    }

    private void awaitShipmentBooked(String shipmentId) {
        Eventually.await("the booking of shipment " + shipmentId, TIMEOUT, () -> jdbc.sql(
                        "select count(*) from store_shipments where id = ? and booked_at is not null").param(shipmentId)
                .query(Long.class).single(), n -> n > 0);
    }

    /** Places what committed, then reads every event of the return in place order. */
    private List<JsonNode> events(String id) {
        sequencer.placeAll();
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.as("merchant").getForObject("/api/events?after=" + after + "&returnId=" + id,
                    JsonNode.class);
            page.path("events").forEach(all::add);
            if (page.path("events").isEmpty()) {
                return all;
            }
            after = page.path("next").asLong();
        }
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    private static List<JsonNode> all(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    /** The return as the one event of that type shows it. */
    private static JsonNode object(List<JsonNode> events, String type) {
        List<JsonNode> found = all(events, type);
        assertThat(found).as(type).hasSize(1);
        return found.get(0).path("event").path("data").path("object");
    }

    private JsonNode awaitStatus(String id, String status) {
        return Eventually.await(id + " to be " + status, TIMEOUT, () -> api.getReturn(id),
                r -> status.equals(r.path("status").asText()));
    }

    private void awaitBooked(String orderCode) {
        Eventually.await("the booking " + orderCode, TIMEOUT, () -> jdbc.sql(
                        "select count(*) from pickup_bookings where order_code = ?").param(orderCode).query(Long.class)
                .single(), n -> n > 0);
    }

    private void checkIn(String store, String code) {
        assertThat(api.as("clerk").postForEntity("/api/stores/" + store + "/check-ins", map("code", code),
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** The store's collection time comes: its shipment, with the return in it, is booked. */
    private String shipOut(String id, String store) {
        String shipment = Eventually.await("the shipment of " + id, TIMEOUT,
                () -> api.getReturn(id).path("dropOff").path("shipmentId").asText(""), s -> !s.isBlank());
        timers().fire("store-shipment", store, "Event_CollectionTime");
        return shipment;
    }

    private String waybill(String orderCode) {
        return jdbc.sql("select waybill from pickup_bookings where order_code = ?").param(orderCode)
                .query(String.class).single();
    }

    private String waybillOfShipment(String shipmentId) {
        return jdbc.sql("select waybill from store_shipments where id = ?").param(shipmentId).query(String.class)
                .single();
    }

    /** A carrier fact, as the carrier inbox hands it on. */
    private void push(TrackingUpdate update) {
        transactions.executeWithoutResult(status -> carrierUpdates.apply(update));
    }

    private boolean journeyEnded(String id) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("return-journey")
                .processInstanceBusinessKey(id).count() == 0;
    }

    private Courier courier() {
        return new Courier(sandboxCourier, sandboxOrders, jdbc);
    }

    private Timers timers() {
        return new Timers(runtime, management);
    }

    private static Map<String, Object> withAddressLine(Map<String, Object> body, String line) {
        @SuppressWarnings("unchecked")
        Map<String, Object> pickup = (Map<String, Object>) body.get("pickup");
        @SuppressWarnings("unchecked")
        Map<String, Object> address = (Map<String, Object>) pickup.get("address");
        address.put("line", line);
        return body;
    }
}
