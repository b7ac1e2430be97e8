package io.returnflow.storeshipment;

import org.camunda.bpm.engine.RuntimeService;
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

    /** Whether the shipment's instance waits for this message right now. */
    public boolean isWaitingFor(String processInstanceId, String message) {
        return processInstanceId != null && runtime.createExecutionQuery()
                .processInstanceId(processInstanceId)
                .messageEventSubscriptionName(message)
                .count() > 0;
    }

    /** Delivers a message to the shipment's waiting instance; fails unless it waits for it. */
    public void tell(String processInstanceId, String message) {
        runtime.createMessageCorrelation(message)
                .processInstanceId(processInstanceId)
                .correlateWithResult();
    }
}
