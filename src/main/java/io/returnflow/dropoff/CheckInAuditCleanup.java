package io.returnflow.dropoff;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the counter's audit ({@code check_in_attempts}) to its retention: older rows are deleted, oldest first,
 * in batches of one short statement each, so that neither a lock nor a transaction grows with the backlog.
 *
 * <p>Every node runs it, with no lock between them: a delete of rows already gone is a no-op, so two nodes that
 * run at once at worst repeat each other's work, and a batch that loses a race (on PostgreSQL even to a
 * deadlock) is logged and done by the next run.
 *
 * <p>The wrong-code limits ({@link CheckInLimiter}) count their failures from this table: the retention must
 * never be shorter than their window, or a cleanup would forget failures the limits still count.
 */
@Component
class CheckInAuditCleanup {

    private static final Logger log = LoggerFactory.getLogger(CheckInAuditCleanup.class);

    private final JdbcClient jdbc;
    private final CheckInAuditProperties properties;
    private final Clock clock;

    /**
     * @throws IllegalStateException the retention is shorter than the wrong-code window: the application does
     *                               not start
     */
    public CheckInAuditCleanup(JdbcClient jdbc, CheckInAuditProperties properties, CheckInProperties limits,
                               Clock clock) {
        if (properties.retention().compareTo(limits.window()) < 0) {
            throw new IllegalStateException("returnflow.drop-off.check-in.audit.retention (" + properties.retention()
                    + ") must not be shorter than returnflow.drop-off.check-in.window (" + limits.window() + ")");
        }
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.drop-off.check-in.audit.cleanup-interval:1h}")
    public void run() {
        try {
            deleteExpired();
        } catch (RuntimeException e) {
            log.warn("Deleting check-in attempts older than {} failed: {}", properties.retention(), e.toString());
        }
    }

    /**
     * Deletes attempts older than the retention, at most {@code max-batches} batches.
     *
     * @return how many rows this call deleted
     */
    public int deleteExpired() {
        OffsetDateTime cutOff = OffsetDateTime.now(clock).minus(properties.retention());
        int deleted = 0;
        for (int batch = 0; batch < properties.maxBatches(); batch++) {
            // oldest first by id: the identity grows with time, so the primary key finds them without an index on
            // attempted_at, and the scan stops after a batch
            int rows = jdbc.sql("""
                            delete from check_in_attempts where id in (
                              select id from check_in_attempts where attempted_at < :cutOff
                              order by id fetch first :batch rows only)""")
                    .param("cutOff", cutOff).param("batch", properties.batchSize())
                    .update();
            deleted += rows;
            if (rows < properties.batchSize()) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("{} check-in attempts older than {} deleted", deleted, properties.retention());
        }
        return deleted;
    }
}
