package io.returnflow.storeshipment;

import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.springframework.stereotype.Component;

/**
 * The seam to the {@code store-shipment} process: one instance per shipment, business key = the store's
 * id (Cockpit lists a store's shipments under it). Because a store has several instances at a time (one
 * filling up, others on their way), messages are correlated to the shipment's own instance by its id,
 * which {@code store_shipments} keeps.
 */
@Component
public class StoreShipmentProcess {

    public static final String PROCESS_KEY = "store-shipment";

    public static final String VAR_SHIPMENT_ID = "shipmentId";
    public static final String VAR_STORE_ID = "storeId";
    /** The store's collection schedule (cron) when the shipment opened. */
    public static final String VAR_SCHEDULE = "consolidationSchedule";
    /** True when the first parcel alone already fills the shipment. */
    public static final String VAR_FULL = "shipmentFull";

    /** As many parcels wait as the store's rule says: the shipment leaves now. */
    public static final String MSG_SHIPMENT_FULL = "ShipmentFull";
    /** The carrier reports the shipment signed at the warehouse. */
    public static final String MSG_SHIPMENT_SIGNED = "ShipmentSigned";

    private final RuntimeService runtime;

    public StoreShipmentProcess(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts the shipment's instance in the caller's transaction; it waits for the store's rule (or, when
     * {@code full}, goes on to close the shipment at once).
     *
     * @return the process instance id
     */
    public String start(String shipmentId, String storeId, String schedule, boolean full) {
        return runtime.createProcessInstanceByKey(PROCESS_KEY)
                .businessKey(storeId)
                .setVariable(VAR_SHIPMENT_ID, shipmentId)
                .setVariable(VAR_STORE_ID, storeId)
                .setVariable(VAR_SCHEDULE, schedule)
                .setVariable(VAR_FULL, full)
                .execute()
                .getId();
    }

    /**
     * Delivers the message if the shipment's instance waits for it, in one correlation: an instance that has
     * moved on (its collection time came first) is not an error. A concurrent change of the same instance
     * still fails the caller's transaction (optimistic locking), and the caller's job is tried again.
     *
     * @return whether it was delivered
     * @throws IllegalStateException more than one execution waited for it (the caller's transaction must roll
     *                               back: the message reached all of them)
     */
    public boolean tellIfWaiting(String processInstanceId, String message) {
        if (processInstanceId == null) {
            return false;
        }
        List<MessageCorrelationResult> delivered = runtime.createMessageCorrelation(message)
                .processInstanceId(processInstanceId)
                .correlateAllWithResult();
        if (delivered.size() > 1) {
            throw new IllegalStateException("Shipment instance " + processInstanceId + ": " + delivered.size()
                    + " executions waited for " + message + ", one at most may");
        }
        return !delivered.isEmpty();
    }
}
