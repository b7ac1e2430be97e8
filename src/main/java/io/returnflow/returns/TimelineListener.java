package io.returnflow.returns;

/**
 * Told of each entry the {@link ReturnTimeline} records, in the transaction that records it: the merchant's
 * events (the outbox) hang here, so that an event exists exactly when the change that caused it committed.
 */
public interface TimelineListener {

    /**
     * @param type the timeline's entry type, e.g. {@code PICKUP_BOOKED}
     */
    void recorded(String returnId, String type, String detail);
}
