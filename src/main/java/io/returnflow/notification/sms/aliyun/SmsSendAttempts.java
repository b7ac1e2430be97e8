package io.returnflow.notification.sms.aliyun;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The table {@code sms_send_attempts}: what the adapter knows of each message it handed to Alibaba Cloud. Each
 * write commits on its own (a transaction of its own, whatever the caller runs in): the mark before
 * {@code SendSms} must outlive a caller whose transaction rolls back, or a lost answer would be forgotten.
 */
@Repository
class SmsSendAttempts {

    static final String UNSETTLED = "UNSETTLED";
    static final String SENT = "SENT";

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    SmsSendAttempts(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * One message's record.
     *
     * @param firstAttemptAt the first try that may have reached the provider (since the last settled one)
     * @param lastAttemptAt  the latest such try
     */
    record Attempt(String messageId, String status, String bizId, int attempts, OffsetDateTime firstAttemptAt,
                   OffsetDateTime lastAttemptAt) {

        boolean sent() {
            return SENT.equals(status);
        }
    }

    Optional<Attempt> find(String messageId) {
        return jdbc.sql("select message_id, status, biz_id, attempts, first_attempt_at, last_attempt_at "
                        + "from sms_send_attempts where message_id = :id")
                .param("id", messageId)
                .query((rs, n) -> new Attempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class)))
                .optional();
    }

    /** Before {@code SendSms}: this message may reach the provider from now on. */
    void markUnsettled(String messageId, OffsetDateTime now) {
        ownTransaction.executeWithoutResult(status -> {
            if (update(messageId, now) == 0 && insertIfAbsent(status, messageId, now) == 0) {
                // another try of the same message wrote it meanwhile (a sender's claim ran out): count this one
                update(messageId, now);
            }
        });
    }

    /**
     * Records the message's first try unless a row is there; inside a savepoint, because a row another transaction
     * writes at the same moment still fails the insert, and PostgreSQL then refuses every further statement of the
     * transaction unless it goes back to the savepoint.
     *
     * @return 1 when written, 0 when the message already had its row
     */
    private int insertIfAbsent(TransactionStatus transaction, String messageId, OffsetDateTime now) {
        Object savepoint = transaction.createSavepoint();
        try {
            int inserted = jdbc.sql("insert into sms_send_attempts (message_id, status, attempts, first_attempt_at, "
                            + "last_attempt_at) select :id, :status, 1, :now, :now where not exists "
                            + "(select 1 from sms_send_attempts where message_id = :id)")
                    .param("id", messageId).param("status", UNSETTLED).param("now", now).update();
            transaction.releaseSavepoint(savepoint);
            return inserted;
        } catch (DuplicateKeyException raced) {
            transaction.rollbackToSavepoint(savepoint);
            return 0;
        }
    }

    /** Counts a try of a message already recorded; a message recorded as sent stays so (and counts as found). */
    private int update(String messageId, OffsetDateTime now) {
        return jdbc.sql("update sms_send_attempts set status = :status, attempts = attempts + 1, "
                        + "last_attempt_at = :now where message_id = :id and status <> :sent")
                .param("id", messageId).param("status", UNSETTLED).param("now", now).param("sent", SENT).update()
                + jdbc.sql("select count(*) from sms_send_attempts where message_id = :id and status = :sent")
                .param("id", messageId).param("sent", SENT).query(Integer.class).single();
    }

    /** The provider took it: every later send of this message answers sent without calling. */
    void markSent(String messageId, String bizId, OffsetDateTime now) {
        ownTransaction.executeWithoutResult(status -> {
            int updated = jdbc.sql("update sms_send_attempts set status = :sent, biz_id = :bizId, sent_at = :now "
                            + "where message_id = :id")
                    .param("id", messageId).param("sent", SENT).param("bizId", bizId).param("now", now).update();
            if (updated == 0) {
                jdbc.sql("insert into sms_send_attempts (message_id, status, biz_id, attempts, first_attempt_at, "
                                + "last_attempt_at, sent_at) values (:id, :sent, :bizId, 1, :now, :now, :now)")
                        .param("id", messageId).param("sent", SENT).param("bizId", bizId).param("now", now)
                        .update();
            }
        });
    }

    /**
     * The provider certainly does not have it (it refused it, or the request never left): the next send goes
     * straight to {@code SendSms}. A message already recorded as sent stays so.
     */
    void forget(String messageId) {
        ownTransaction.executeWithoutResult(status -> jdbc.sql(
                        "delete from sms_send_attempts where message_id = :id and status = :unsettled")
                .param("id", messageId).param("unsettled", UNSETTLED).update());
    }
}
