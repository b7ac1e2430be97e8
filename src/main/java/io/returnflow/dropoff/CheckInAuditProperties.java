package io.returnflow.dropoff;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the counter's audit ({@code check_in_attempts}) is kept ({@code returnflow.drop-off.check-in.audit}).
 *
 * @param retention       attempts older than this are deleted; never shorter than the wrong-code window
 *                        ({@code returnflow.drop-off.check-in.window})
 * @param cleanupInterval pause between two cleanup runs
 * @param batchSize       rows one delete statement (one short transaction) removes at most
 * @param maxBatches      batches one run deletes at most; the rest waits for the next run
 */
@ConfigurationProperties("returnflow.drop-off.check-in.audit")
record CheckInAuditProperties(Duration retention, Duration cleanupInterval, int batchSize, int maxBatches) {

    public CheckInAuditProperties {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("returnflow.drop-off.check-in.audit.retention must be positive");
        }
        if (batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException(
                    "returnflow.drop-off.check-in.audit.batch-size and max-batches must be at least 1");
        }
    }
}
