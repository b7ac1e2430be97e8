package io.returnflow.carrier;

import java.util.Objects;

/**
 * The one place that decides whether a carrier's fact is <em>receipt</em>: the parcel is at the warehouse,
 * which is what starts a refund timed at warehouse receipt. Everything else a carrier can say, however it
 * is worded, is not.
 *
 * <p>Receipt needs all of:
 * <ol>
 *   <li>a signature in the fact's own vocabulary ({@link TrackingState#SIGNED}: the adapter maps only a
 *       documented signature code to it — never a returned-to-sender, a waybill change or an unknown
 *       code);</li>
 *   <li>a leg that ends at the warehouse (a leg to a store is never receipt);</li>
 *   <li>on the waybill the return travels on now (a signature on a superseded waybill is not);</li>
 *   <li>after that leg was collected (a signature before any collection waits for it).</li>
 * </ol>
 */
public final class ReceiptGuard {

    private ReceiptGuard() {
    }

    /**
     * Where a leg ends.
     */
    public enum Destination { WAREHOUSE, STORE }

    /**
     * A carrier leg as the product knows it when the fact arrives.
     *
     * @param currentWaybill the waybill the parcel travels on now; {@code null} while none is known
     * @param collected      whether the carrier was recorded holding the parcel on this leg
     * @param destination    where the leg ends
     */
    public record Leg(String currentWaybill, boolean collected, Destination destination) {

        public Leg {
            Objects.requireNonNull(destination, "destination");
        }
    }

    /** What a fact means for receipt. */
    public sealed interface Verdict {
        /** The parcel is at the warehouse. */
        record Receipt() implements Verdict {
        }

        /** Never receipt, whatever comes later. */
        record NotReceipt(String why) implements Verdict {
        }

        /** A signature that may become receipt once the leg's collection is known. */
        record NotYet(String why) implements Verdict {
        }

        default boolean isReceipt() {
            return this instanceof Receipt;
        }
    }

    /**
     * Judges one fact against the leg it is about.
     *
     * @param update the fact, as the carrier's adapter normalised it
     * @param leg    the leg as it stands, including whatever this same fact already proved (its collection)
     */
    public static Verdict judge(TrackingUpdate update, Leg leg) {
        if (update.state() != TrackingState.SIGNED) {
            return new Verdict.NotReceipt(update.state() + " is not a signature");
        }
        if (leg.destination() != Destination.WAREHOUSE) {
            return new Verdict.NotReceipt("signed at the end of a leg to a " + leg.destination().name().toLowerCase()
                    + ", not at the warehouse");
        }
        String signed = trimToNull(update.waybill());
        String current = trimToNull(leg.currentWaybill());
        if (signed != null && current != null && !signed.equals(current)) {
            return new Verdict.NotReceipt("signed on waybill " + signed + ", which the return no longer travels on"
                    + " (now " + current + ")");
        }
        if (signed != null && current == null) {
            return new Verdict.NotYet("signed on waybill " + signed + " before the carrier named it for this leg");
        }
        if (!leg.collected()) {
            return new Verdict.NotYet("signed before the carrier reported collecting the parcel");
        }
        return new Verdict.Receipt();
    }

    private static String trimToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
