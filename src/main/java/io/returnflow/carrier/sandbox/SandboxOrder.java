package io.returnflow.carrier.sandbox;

import java.time.OffsetDateTime;

/**
 * A pickup order as the sandbox carrier keeps it.
 *
 * @param nextEventAt when the courier does the next thing with it; null when nothing more will happen
 */
public record SandboxOrder(String orderCode, String returnId, String shipperCode, String requestPayload,
                           SandboxScenario scenario, State state, String logisticCode, OffsetDateTime bookedAt,
                           OffsetDateTime collectedAt, OffsetDateTime signedAt, OffsetDateTime cancelledAt,
                           OffsetDateTime nextEventAt) {

    public enum State {
        BOOKED, COLLECTED, SIGNED, CANCELLED
    }

    /** Whether the courier will still do something with it (collect it, or have it signed for). */
    boolean movesOn() {
        return nextEventAt != null && (state == State.BOOKED || state == State.COLLECTED);
    }

    /** The same order with its next event due at {@code at}. */
    SandboxOrder dueAt(OffsetDateTime at) {
        return new SandboxOrder(orderCode, returnId, shipperCode, requestPayload, scenario, state, logisticCode,
                bookedAt, collectedAt, signedAt, cancelledAt, at);
    }
}
