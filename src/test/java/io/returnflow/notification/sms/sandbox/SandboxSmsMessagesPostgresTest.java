package io.returnflow.notification.sms.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.Test;

/** The sandbox SMS provider's queries on PostgreSQL: a day's page for QuerySendDetails, the outbox, tries. */
class SandboxSmsMessagesPostgresTest {

    private final SandboxSmsMessages messages = new SandboxSmsMessages(MigratedDatabase.onPostgres().jdbc());

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

    @Test
    void aNonceIsTakenOnceUntilItIsForgotten() {
        OffsetDateTime now = OffsetDateTime.parse("2026-12-07T10:00:00+08:00");

        assertThat(messages.firstUseOfNonce("n-1", now, now.minusMinutes(30))).isTrue();
        assertThat(messages.firstUseOfNonce("n-1", now.plusMinutes(1), now.minusMinutes(29))).isFalse();
        assertThat(messages.firstUseOfNonce("n-1", now.plusMinutes(31), now.plusMinutes(1))).isTrue();
    }
}
