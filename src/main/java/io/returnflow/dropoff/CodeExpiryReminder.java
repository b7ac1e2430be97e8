package io.returnflow.dropoff;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.events.MerchantEventTypes;
import io.returnflow.returns.ReturnTimeline;

/**
 * Reminds the buyer of a drop-off code about to expire: each code still unused within
 * {@code returnflow.drop-off.expiry-reminder-before} of its expiry gets the timeline entry
 * {@link MerchantEventTypes#TIMELINE_CODE_EXPIRING} once (keyed by the code's issue, so a second look, or a second
 * node looking at the same time, adds nothing), which makes the event {@code dropoff.code_expiring} and the buyer's
 * message.
 */
@Component
public class CodeExpiryReminder {

    private static final Logger log = LoggerFactory.getLogger(CodeExpiryReminder.class);

    private final JdbcClient jdbc;
    private final ReturnTimeline timeline;
    private final TransactionTemplate transactions;
    private final CodeReminderProperties properties;
    private final Clock clock;

    public CodeExpiryReminder(JdbcClient jdbc, ReturnTimeline timeline, TransactionTemplate transactions,
                              CodeReminderProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.drop-off.expiry-reminder-interval:5m}")
    void scheduled() {
        try {
            remind();
        } catch (RuntimeException e) {
            // the database away: the next look finds the same codes
            log.warn("Drop-off codes not looked at for reminders this time: {}", e.toString());
        }
    }

    /** Records the reminder of every unused code expiring soon that has none yet; answers how many it recorded. */
    public int remind() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Expiring> expiring = jdbc.sql("""
                        select return_id, issued_at, expires_at from drop_off_codes
                         where status = 'ISSUED' and expires_at > ? and expires_at <= ?
                         order by expires_at""")
                .params(now, now.plus(properties.expiryReminderBefore()))
                .query((rs, n) -> new Expiring(rs.getString("return_id"),
                        rs.getObject("issued_at", OffsetDateTime.class),
                        rs.getObject("expires_at", OffsetDateTime.class)))
                .list();
        int recorded = 0;
        for (Expiring code : expiring) {
            try {
                if (Boolean.TRUE.equals(transactions.execute(s -> timeline.recordOnce(code.returnId(), now,
                        MerchantEventTypes.TIMELINE_CODE_EXPIRING, "The drop-off code expires at " + code.expiresAt(),
                        "journey", "code-expiring:" + code.issuedAt().toInstant())))) {
                    recorded++;
                }
            } catch (DuplicateKeyException recordedByAnotherNode) {
                // the other node's reminder is this one
            }
        }
        return recorded;
    }

    private record Expiring(String returnId, OffsetDateTime issuedAt, OffsetDateTime expiresAt) {
    }
}
