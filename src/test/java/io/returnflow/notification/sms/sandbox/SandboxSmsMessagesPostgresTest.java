package io.returnflow.notification.sms.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.returnflow.support.Eventually;
import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.Test;

/** The sandbox SMS provider's queries on PostgreSQL: a day's page for QuerySendDetails, the outbox, tries. */
class SandboxSmsMessagesPostgresTest {

    private final MigratedDatabase database = MigratedDatabase.onPostgres();
    private final SandboxSmsMessages messages = new SandboxSmsMessages(database.jdbc(), database.transactions());

    @Test
    void pagesADaysMessagesAndCountsTries() {
        OffsetDateTime day = OffsetDateTime.parse("2026-12-07T00:00:00+08:00");
        for (int i = 0; i < 3; i++) {
            messages.insert(new SandboxSmsMessages.SandboxSms("biz-" + i, "out-" + i, "13800138000", "退货服务",
                    "SMS_1", "{}", "【退货服务】" + i, day.plusHours(i + 1)));
        }
        messages.insert(new SandboxSmsMessages.SandboxSms("biz-next-day", "out-x", "13800138000", "退货服务", "SMS_1",
                null, "【退货服务】x", day.plusDays(1).plusHours(1)));

        assertThat(messages.countSentTo("13800138000", day, day.plusDays(1), null)).isEqualTo(3);
        assertThat(messages.sentTo("13800138000", day, day.plusDays(1), null, 2, 2))
                .extracting(SandboxSmsMessages.SandboxSms::bizId).containsExactly("biz-2");
        assertThat(messages.sentTo("13800138000", day, day.plusDays(1), "biz-1", 0, 50))
                .extracting(SandboxSmsMessages.SandboxSms::outId).containsExactly("out-1");
        assertThat(messages.newest(null, 2)).extracting(SandboxSmsMessages.SandboxSms::bizId)
                .containsExactly("biz-next-day", "biz-2");
        assertThat(messages.newest("13900000000", 10)).isEmpty();
        assertThat(messages.countTry("out-0")).isEqualTo(1);
        assertThat(messages.countTry("out-0")).isEqualTo(2);
    }

    /**
     * Another request with the same OutId writes its row while this one counts: this one's insert meets the row
     * (PostgreSQL fails it once the other commits) and still counts its try, in a transaction that goes on.
     */
    @Test
    void aTryIsCountedWhenAnotherRequestWritesTheRowMeanwhile() throws Exception {
        String outId = "out-raced-" + UUID.randomUUID();
        ExecutorService request = Executors.newSingleThreadExecutor();
        try (Connection other = database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement(
                    "insert into sandbox_sms_tries (out_id, tries) values (?, 1)")) {
                insert.setString(1, outId);
                insert.executeUpdate();
            }
            Future<Integer> counted = request.submit(() -> messages.countTry(outId));
            Eventually.await("the count waiting for the other request's row", Duration.ofMinutes(1),
                    () -> waitsForALock("sandbox_sms_tries"));
            other.commit();

            assertThat(counted.get(1, TimeUnit.MINUTES)).isEqualTo(2);
        } finally {
            request.shutdownNow();
        }
        assertThat(messages.countTry(outId)).isEqualTo(3);
    }

    private boolean waitsForALock(String table) {
        return database.jdbc().sql("select count(*) from pg_stat_activity where datname = current_database() "
                        + "and wait_event_type = 'Lock' and query like :insert")
                .param("insert", "insert into " + table + "%").query(Long.class).single() > 0;
    }

    @Test
    void aNonceIsTakenOnceUntilItIsForgotten() {
        OffsetDateTime now = OffsetDateTime.parse("2026-12-07T10:00:00+08:00");

        assertThat(messages.firstUseOfNonce("n-1", now, now.minusMinutes(30))).isTrue();
        assertThat(messages.firstUseOfNonce("n-1", now.plusMinutes(1), now.minusMinutes(29))).isFalse();
        assertThat(messages.firstUseOfNonce("n-1", now.plusMinutes(31), now.plusMinutes(1))).isTrue();
    }
}
