package io.returnflow.dropoff;

import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves stored drop-off codes to the active key after a rotation: each code sealed with a key listed as retiring
 * ({@code returnflow.drop-off.code-keys.retiring}), or by an older release with {@code returnflow.drop-off.code-key},
 * is opened and stored again under the active key's hash and seal, a batch per run. Once no code is left under a
 * key, that key can be removed (README, "Drop-off code keys"). Safe on several nodes at once: each row is re-sealed by a conditional update,
 * so a row another node re-sealed first is skipped.
 *
 * <p>A code that cannot be re-sealed (its seal altered or its key's secret changed, or its new hash already taken by
 * another row) is logged with its return and passed: each run goes on from where the previous one stopped, in order
 * of issue, and starts again from the oldest once it reached the end, so such codes never hold the others up.
 */
@Component
class CodeResealer {

    private static final Logger log = LoggerFactory.getLogger(CodeResealer.class);

    private final DropOffCodes codes;
    private final DropOffProperties properties;
    /** The last code the previous run looked at; null: start from the oldest. One scheduler thread runs this. */
    private DropOffCodes.SealedCode after;

    public CodeResealer(DropOffCodes codes, DropOffProperties properties) {
        this.codes = codes;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${returnflow.drop-off.code-keys.reseal-interval:1m}")
    public void run() {
        try {
            resealBatch();
        } catch (RuntimeException e) {
            log.warn("Re-sealing drop-off codes failed: {}", e.toString());
        }
    }

    /**
     * Re-seals up to a batch of codes.
     *
     * @return how many this call re-sealed
     */
    public synchronized int resealBatch() {
        int limit = properties.codeKeys().resealBatchSize();
        boolean fromTheStart = after == null;
        var batch = codes.sealedWithOtherKeys(after, limit);
        int resealed = 0;
        int failed = 0;
        for (DropOffCodes.SealedCode stored : batch) {
            try {
                if (codes.reseal(stored)) {
                    resealed++;
                }
            } catch (RuntimeException e) {
                failed++;
                MDC.put("returnId", stored.returnId());
                try {
                    log.warn("The drop-off code of return {} cannot be re-sealed, passed: {}", stored.returnId(),
                            e.toString());
                } finally {
                    MDC.remove("returnId");
                }
            }
        }
        // a short batch reached the end: the next run starts from the oldest again
        after = batch.size() < limit ? null : batch.get(batch.size() - 1);
        if (resealed > 0 || failed > 0) {
            log.info("{} drop-off codes re-sealed with the active key, {} passed{}", resealed, failed,
                    fromTheStart && after == null && failed == 0 ? "; none is left under other keys" : "");
        }
        return resealed;
    }
}
