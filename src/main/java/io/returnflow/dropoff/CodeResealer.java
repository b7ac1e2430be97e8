package io.returnflow.dropoff;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves stored drop-off codes to the active key after a rotation: each code sealed with another configured
 * key (or by an older release, with {@code returnflow.drop-off.code-key}) is opened and stored again under the
 * active key's hash and seal, a batch per run. Once no code is left under a key, that key can be retired
 * (README, "Drop-off code keys"). Safe on several nodes at once: each row is re-sealed by a conditional update,
 * so a row another node re-sealed first is skipped.
 */
@Component
class CodeResealer {

    private static final Logger log = LoggerFactory.getLogger(CodeResealer.class);

    private final DropOffCodes codes;
    private final DropOffProperties properties;

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
    public int resealBatch() {
        var batch = codes.sealedWithOtherKeys(properties.codeKeys().resealBatchSize());
        int resealed = 0;
        for (DropOffCodes.SealedCode stored : batch) {
            if (codes.reseal(stored)) {
                resealed++;
            }
        }
        if (resealed > 0) {
            log.info("{} drop-off codes re-sealed with the active key{}", resealed,
                    batch.size() < properties.codeKeys().resealBatchSize() ? "; none is left under other keys" : "");
        }
        return resealed;
    }
}
