package io.returnflow.notification.sms.sandbox;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** The sandbox SMS provider's tables {@code sandbox_sms_messages} and {@code sandbox_sms_tries}. */
@Repository
@ConditionalOnProperty(name = "returnflow.sms.sandbox.enabled", havingValue = "true")
class SandboxSmsMessages {

    private static final String COLUMNS = "biz_id, out_id, phone_number, sign_name, template_code, template_param, "
            + "content, sent_at";

    private static final String SENT_TO = "phone_number = :phone and sent_at >= :from and sent_at < :to";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    SandboxSmsMessages(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    /** One message the sandbox took. */
    record SandboxSms(String bizId, String outId, String phoneNumber, String signName, String templateCode,
                      String templateParam, String content, OffsetDateTime sentAt) {
    }

    void insert(SandboxSms sms) {
        jdbc.sql("insert into sandbox_sms_messages (" + COLUMNS + ") values (:bizId, :outId, :phone, :signName, "
                        + ":templateCode, :templateParam, :content, :sentAt)")
                .param("bizId", sms.bizId()).param("outId", sms.outId()).param("phone", sms.phoneNumber())
                .param("signName", sms.signName()).param("templateCode", sms.templateCode())
                .param("templateParam", sms.templateParam()).param("content", sms.content())
                .param("sentAt", sms.sentAt())
                .update();
    }

    /**
     * Remembers a request's nonce; false when it was seen already (since {@code forgetBefore}, older ones are
     * dropped: their requests' timestamps are refused anyway).
     */
    boolean firstUseOfNonce(String nonce, OffsetDateTime now, OffsetDateTime forgetBefore) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            jdbc.sql("delete from sandbox_sms_nonces where seen_at < :before").param("before", forgetBefore)
                    .update();
            // in a savepoint: the same nonce written at the same moment by another request fails this insert alone
            Object savepoint = status.createSavepoint();
            try {
                int inserted = jdbc.sql("insert into sandbox_sms_nonces (nonce, seen_at) select :nonce, :now "
                                + "where not exists (select 1 from sandbox_sms_nonces where nonce = :nonce)")
                        .param("nonce", nonce).param("now", now).update();
                status.releaseSavepoint(savepoint);
                return inserted == 1;
            } catch (DuplicateKeyException seen) {
                status.rollbackToSavepoint(savepoint);
                return false;
            }
        }));
    }

    /** Counts one more try of a message (its OutId) and answers how many there were, this one included. */
    int countTry(String outId) {
        return transactions.execute(status -> {
            if (addTry(outId) == 0 && insertIfAbsent(status, outId) == 0) {
                addTry(outId);    // another request with the same OutId wrote it meanwhile
            }
            return jdbc.sql("select tries from sandbox_sms_tries where out_id = :id").param("id", outId)
                    .query(Integer.class).single();
        });
    }

    private int addTry(String outId) {
        return jdbc.sql("update sandbox_sms_tries set tries = tries + 1 where out_id = :id").param("id", outId)
                .update();
    }

    /**
     * The message's first try unless a row is there; inside a savepoint, because a row another transaction writes
     * at the same moment still fails the insert, and PostgreSQL then refuses every further statement of the
     * transaction unless it goes back to the savepoint.
     */
    private int insertIfAbsent(TransactionStatus transaction, String outId) {
        Object savepoint = transaction.createSavepoint();
        try {
            int inserted = jdbc.sql("insert into sandbox_sms_tries (out_id, tries) select :id, 1 where not exists "
                    + "(select 1 from sandbox_sms_tries where out_id = :id)").param("id", outId).update();
            transaction.releaseSavepoint(savepoint);
            return inserted;
        } catch (DuplicateKeyException raced) {
            transaction.rollbackToSavepoint(savepoint);
            return 0;
        }
    }

    /** The messages to a number sent in [from, to), oldest first, one page. */
    List<SandboxSms> sentTo(String phone, OffsetDateTime from, OffsetDateTime to, String bizId, long offset,
                            int limit) {
        JdbcClient.StatementSpec query = jdbc.sql("select " + COLUMNS + " from sandbox_sms_messages where "
                        + SENT_TO + (bizId == null ? "" : " and biz_id = :bizId")
                        + " order by sent_at, biz_id offset :offset rows fetch next :limit rows only")
                .param("phone", phone).param("from", from).param("to", to)
                .param("offset", offset).param("limit", limit);
        return (bizId == null ? query : query.param("bizId", bizId)).query(SandboxSmsMessages::map).list();
    }

    long countSentTo(String phone, OffsetDateTime from, OffsetDateTime to, String bizId) {
        JdbcClient.StatementSpec query = jdbc.sql("select count(*) from sandbox_sms_messages where " + SENT_TO
                        + (bizId == null ? "" : " and biz_id = :bizId"))
                .param("phone", phone).param("from", from).param("to", to);
        return (bizId == null ? query : query.param("bizId", bizId)).query(Long.class).single();
    }

    /** The newest messages, to one number or to all. */
    List<SandboxSms> newest(String phone, int limit) {
        JdbcClient.StatementSpec query = jdbc.sql("select " + COLUMNS + " from sandbox_sms_messages"
                        + (phone == null ? "" : " where phone_number = :phone")
                        + " order by sent_at desc, biz_id desc fetch first :limit rows only")
                .param("limit", limit);
        return (phone == null ? query : query.param("phone", phone)).query(SandboxSmsMessages::map).list();
    }

    private static SandboxSms map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new SandboxSms(rs.getString("biz_id"), rs.getString("out_id"), rs.getString("phone_number"),
                rs.getString("sign_name"), rs.getString("template_code"), rs.getString("template_param"),
                rs.getString("content"), rs.getObject("sent_at", OffsetDateTime.class));
    }
}
