package io.returnflow.carrier;

/**
 * What one carrier fact means for the leg it is about, decided in one place for every kind of leg (a
 * return's home pickup, a store's consolidated shipment); each leg's owner then writes it to its own table
 * and tells its own process.
 *
 * <ul>
 *   <li>An amendment (waybill change, re-dispatch, order change, charge) changes the booking and nothing
 *       else.</li>
 *   <li>A fact about a waybill the leg no longer travels on is superseded: it is noted, never applied (a
 *       signature on it is parked for operations). Only the pickup order's own collection, before any other
 *       collection, may name the waybill the leg travels on from then on.</li>
 *   <li>Otherwise it is progress: whether it proves the collection (or takes a fake one back), and, for a
 *       signature, the {@link ReceiptGuard}'s verdict on the leg as it stands after this fact.</li>
 * </ul>
 *
 * @param kind            what the fact is for the leg
 * @param waybill         the waybill the leg travels on after the fact ({@code null} while none is known)
 * @param waybillAdopted  true when the fact named the waybill the leg travels on from now on, replacing another
 * @param collects        true when the fact proves the carrier holds the parcel
 * @param takesCollectionBack true when the carrier says the collection recorded did not happen
 * @param receipt         the guard's verdict, for a signature; {@code null} otherwise
 */
public record LegUpdate(Kind kind, String waybill, boolean waybillAdopted, boolean collects,
                        boolean takesCollectionBack, ReceiptGuard.Verdict receipt) {

    /** What a fact is for the leg. */
    public enum Kind { AMENDMENT, SUPERSEDED, PROGRESS }

    /**
     * Reads one fact against its leg as recorded before it.
     */
    public static LegUpdate read(TrackingUpdate update, ReceiptGuard.Leg leg) {
        String named = trimToNull(update.waybill());
        String current = trimToNull(leg.currentWaybill());
        if (update.state().isAmendment()) {
            return new LegUpdate(Kind.AMENDMENT, current, false, false, false, null);
        }
        boolean adopted = false;
        if (named != null && current != null && !named.equals(current)) {
            boolean collectionNamesIt = update.state() == TrackingState.COLLECTED
                    && update.report() == TrackingUpdate.Report.PICKUP_ORDER && !leg.collected();
            if (!collectionNamesIt) {
                return new LegUpdate(Kind.SUPERSEDED, current, false, false, false,
                        update.state() == TrackingState.SIGNED ? ReceiptGuard.judge(update, leg) : null);
            }
            adopted = true;
        }
        String waybill = current != null && !adopted ? current : named;
        boolean collects = update.provesCollection();
        boolean takesBack = update.state() == TrackingState.FAKE_COLLECTION;
        boolean collected = collects || (leg.collected() && !takesBack);
        ReceiptGuard.Verdict receipt = update.state() == TrackingState.SIGNED
                ? ReceiptGuard.judge(update, new ReceiptGuard.Leg(waybill, collected, leg.destination()))
                : null;
        return new LegUpdate(Kind.PROGRESS, waybill, adopted, collects, takesBack, receipt);
    }

    private static String trimToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
