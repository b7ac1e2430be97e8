package io.returnflow.platform;

import org.springframework.stereotype.Component;

/**
 * The retry time cycles of the diagrams' external calls from configuration ({@link RetryCycleProperties}),
 * so that the sandbox and the benchmark can retry within seconds while production waits as long as a
 * provider needs. The engine evaluates a cycle's expression when a job fails, in the job's execution:
 *
 * <pre>
 * &lt;camunda:failedJobRetryTimeCycle&gt;${retryCycles.refund()}&lt;/camunda:failedJobRetryTimeCycle&gt;
 * </pre>
 */
@Component("retryCycles")
public class RetryCycles {

    private final RetryCycleProperties properties;

    public RetryCycles(RetryCycleProperties properties) {
        this.properties = properties;
    }

    /** Booking, rebooking and cancelling a courier; switching a pickup to a drop-off. */
    public String pickup() {
        return properties.pickup().trim();
    }

    /** A checked-in parcel joining its store's consolidated shipment. */
    public String joinStoreShipment() {
        return properties.joinStoreShipment().trim();
    }

    /** The refund at hand-over. */
    public String refundAtHandOver() {
        return properties.refundAtHandOver().trim();
    }

    /** The refund after inspection. */
    public String refund() {
        return properties.refund().trim();
    }

    /** Closing a store's consolidated shipment. */
    public String closeShipment() {
        return properties.closeShipment().trim();
    }

    /** Booking the courier for a store's consolidated shipment. */
    public String storePickup() {
        return properties.storePickup().trim();
    }

    /** Handing a shipment's returns on at the warehouse (received or lost). */
    public String shipmentReceipt() {
        return properties.shipmentReceipt().trim();
    }

    /** Issuing a return's store credit. */
    public String storeCredit() {
        return properties.storeCredit().trim();
    }
}
