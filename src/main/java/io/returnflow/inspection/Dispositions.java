package io.returnflow.inspection;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.Disposition;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * Records what the warehouse does with each returned line, decoupled from what the buyer gets for it (refund,
 * store credit or an exchange): the inspector's choice, or for a line nobody inspected by hand what the analysts'
 * table {@code return-disposition} decides ({@link DispositionPolicy}). Each line's disposition is written once ({@link LineDispositions}) and told once, as the timeline entry
 * {@value #TIMELINE_ENTRY} (the merchant's event {@code item.disposition_recorded}); a step run again (a retried
 * job, a repeated listener) changes nothing and tells nothing new.
 */
@Service
@Transactional
class Dispositions {

    /** The timeline entry of one line's disposition; its detail names line, sku, quantity and disposition. */
    static final String TIMELINE_ENTRY = "ITEM_DISPOSITIONED";
    /** Who records the disposition of a line not inspected by hand. */
    static final String JOURNEY = "system";

    private final LineDispositions stored;
    private final DispositionPolicy policy;
    private final ReturnRepository returns;
    private final ReturnProgress progress;
    private final Clock clock;

    Dispositions(LineDispositions stored, DispositionPolicy policy, ReturnRepository returns, ReturnProgress progress,
                 Clock clock) {
        this.stored = stored;
        this.policy = policy;
        this.returns = returns;
        this.progress = progress;
        this.clock = clock;
    }

    /** The inspector's choices, one per checked line (the sheet's rules require one). */
    void recordInspected(String returnId, List<InspectionLine> lines, String inspector) {
        Map<String, ReturnItem> items = new LinkedHashMap<>();
        returns.items(returnId).forEach(item -> items.put(item.lineId(), item));
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (InspectionLine line : lines) {
            if (!items.containsKey(line.lineId())) {
                throw new IllegalStateException("Line " + line.lineId() + " is not part of return " + returnId);
            }
            stored.insertOnce(returnId, line.lineId(), Disposition.valueOf(line.disposition()),
                    LineDispositions.Source.INSPECTION, inspector, now);
        }
        tell(returnId, items.values(), stored.of(returnId));
    }

    /**
     * Every line of a return the journey did not put in front of an inspector gets the disposition the analysts'
     * table {@code return-disposition} decides for it ({@link DispositionPolicy}; {@link Disposition#RESTOCK} where
     * no rule answers). Every line is decided before any is written, and a line recorded already is not asked
     * again: a table answering something that is not a disposition fails the step with nothing written, and a
     * step run again after the lines were recorded changes nothing whatever the table says by then.
     *
     * @throws DispositionPolicy.UnknownDisposition naming the value the table answered, the line and the table
     */
    void recordNotInspected(String returnId) {
        CustomerReturn r = returns.get(returnId);
        Map<String, LineDispositions.Recorded> recorded = stored.of(returnId);
        Map<String, DispositionPolicy.Decided> decided = new LinkedHashMap<>();
        for (ReturnItem item : r.items()) {
            if (!recorded.containsKey(item.lineId())) {
                decided.put(item.lineId(), policy.decide(returnId, r.reason(), item));
            }
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean recordedElsewhere = false;
        for (Map.Entry<String, DispositionPolicy.Decided> line : decided.entrySet()) {
            LineDispositions.Source source = line.getValue().byRule() ? LineDispositions.Source.POLICY
                    : LineDispositions.Source.DEFAULT;
            if (stored.insertOnce(returnId, line.getKey(), line.getValue().disposition(), source, JOURNEY, now)) {
                recorded.put(line.getKey(), new LineDispositions.Recorded(line.getKey(),
                        line.getValue().disposition(), source, JOURNEY, now));
            } else {
                recordedElsewhere = true;
            }
        }
        // what is told is what is stored: read again only when another step wrote a line in between
        tell(returnId, r.items(), recordedElsewhere ? stored.of(returnId) : recorded);
    }

    /**
     * One timeline entry per line with a disposition, unless it was told before. What is told is what is stored:
     * the first record of the line, whichever step wrote it.
     */
    private void tell(String returnId, Collection<ReturnItem> items, Map<String, LineDispositions.Recorded> recorded) {
        for (ReturnItem item : items) {
            LineDispositions.Recorded line = recorded.get(item.lineId());
            if (line != null) {
                progress.noteOnce(returnId, TIMELINE_ENTRY, detail(item, line), line.recordedBy(),
                        "disposition:" + item.lineId());
            }
        }
    }

    /** The entry's sentence, which the merchant's event carries as its detail. */
    static String detail(ReturnItem item, LineDispositions.Recorded recorded) {
        return "Line " + item.lineId() + ", SKU " + item.sku() + ", quantity " + item.quantity() + ": "
                + recorded.disposition().name()
                + (recorded.source() == LineDispositions.Source.INSPECTION ? " (inspected)" : " (not inspected)");
    }
}
