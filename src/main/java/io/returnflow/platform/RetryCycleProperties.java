package io.returnflow.platform;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * How often, and how far apart, the engine tries a failed external call again before it becomes an
 * incident ({@code returnflow.retry-cycles.*}), per kind of call: the diagrams' retry time cycles
 * ({@code camunda:failedJobRetryTimeCycle}) read them through {@link RetryCycles}. Each is an ISO-8601
 * repeating interval {@code R<tries>/<wait>}, e.g. {@code R5/PT1M}: five tries in all, a minute apart.
 *
 * @param pickup           booking, rebooking and cancelling a courier, switching a pickup to a drop-off
 * @param joinStoreShipment a checked-in parcel joining its store's consolidated shipment
 * @param refundAtHandOver the refund some buyers get as soon as the carrier has their parcel
 * @param refund           the refund after inspection
 * @param closeShipment    closing a store's consolidated shipment
 * @param storePickup      booking the courier for a store's consolidated shipment
 * @param shipmentReceipt  handing a shipment's returns on at the warehouse (received or lost)
 * @param storeCredit      issuing a return's store credit
 */
@ConfigurationProperties("returnflow.retry-cycles")
public record RetryCycleProperties(String pickup, String joinStoreShipment, String refundAtHandOver, String refund,
                                   String closeShipment, String storePickup, String shipmentReceipt,
                                   String storeCredit) {

    private static final Pattern CYCLE = Pattern.compile("R([1-9][0-9]*)/(P\\S+)");

    @ConstructorBinding
    public RetryCycleProperties {
        check("pickup", pickup);
        check("join-store-shipment", joinStoreShipment);
        check("refund-at-hand-over", refundAtHandOver);
        check("refund", refund);
        check("close-shipment", closeShipment);
        check("store-pickup", storePickup);
        check("shipment-receipt", shipmentReceipt);
        check("store-credit", storeCredit);
    }

    /** The cycles of the calls before store credit; store credit retries as the refund does. */
    public RetryCycleProperties(String pickup, String joinStoreShipment, String refundAtHandOver, String refund,
                                String closeShipment, String storePickup, String shipmentReceipt) {
        this(pickup, joinStoreShipment, refundAtHandOver, refund, closeShipment, storePickup, shipmentReceipt, refund);
    }

    // a cycle the engine cannot read fails the job's retry handling at the worst moment: refuse it at start
    private static void check(String name, String cycle) {
        String property = "returnflow.retry-cycles." + name;
        Matcher matcher = CYCLE.matcher(cycle == null ? "" : cycle.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(property + " must be R<tries>/<ISO-8601 duration>, e.g. R5/PT1M; was "
                    + cycle);
        }
        try {
            if (Duration.parse(matcher.group(2)).isNegative()) {
                throw new IllegalArgumentException(property + " must not wait a negative time; was " + cycle);
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(property + " must wait an ISO-8601 duration (PT30S, PT1M); was "
                    + cycle, e);
        }
    }
}
