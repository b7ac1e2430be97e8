package io.returnflow.events;

/**
 * A reader of the merchant's event log that keeps its own place in it ({@link EventFeed}): the webhook fan-out,
 * the buyer's notifications. {@link #take} runs in the transaction that moves the reader's place past the event,
 * so whatever it writes (a delivery to make, a message to send) exists once for each event, never twice and
 * never not at all. It must only write rows: the sending happens later, from those rows.
 */
public interface EventSubscriber {

    /** Its name in {@code event_cursors}; stable across releases. */
    String name();

    void take(MerchantEvent event);
}
