package io.returnflow.carrier;

/**
 * Where the carrier inbox hands each normalised update. Implemented by the journey.
 * Called in a transaction; must be idempotent (the same update may come again).
 */
public interface TrackingUpdateHandler {

    Outcome apply(TrackingUpdate update);

    /** What the journey did with an update. */
    sealed interface Outcome {
        /** Taken into account (or already known): the inbox entry is done. */
        record Applied() implements Outcome {
        }

        /** The journey is not ready for it yet (e.g. still booking): keep it and try again later. */
        record NotReady(String why) implements Outcome {
        }

        /** It can never apply (unknown return or order code): park it for operations. */
        record Rejected(String why) implements Outcome {
        }
    }
}
