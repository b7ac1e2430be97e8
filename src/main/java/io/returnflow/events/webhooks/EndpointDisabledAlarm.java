package io.returnflow.events.webhooks;

/**
 * Tells operations that an endpoint was disabled (it answered 410, or its deliveries failed for
 * {@code returnflow.webhooks.give-up-after}). Called in the transaction that disables it, so the endpoint is
 * disabled and operations are told together, or neither.
 */
interface EndpointDisabledAlarm {

    void disabled(String endpointId, String url, String reason, long pendingDeliveries);
}
