package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A clerk's page session set up wrongly stops the start, saying which setting is wrong. */
class StorePagePropertiesTest {

    private static final String CRON = "0 * * * * *";

    @Test
    void takesTheSettingsOfApplicationYaml() {
        StorePageProperties.Session session =
                new StorePageProperties.Session("RETURNFLOW_STORE_SESSION", "Strict", Duration.ofMinutes(30), CRON, Duration.ofHours(12));
        assertThat(new StorePageProperties(session).session()).isEqualTo(session);
        assertThat(new StorePageProperties.Session("S", "Lax", Duration.ofMinutes(1), CRON, Duration.ofHours(12)).sameSite()).isEqualTo("Lax");
        // a node that leaves the cleanup to the others
        assertThat(new StorePageProperties.Session("S", "Lax", Duration.ofDays(1), "-", Duration.ofDays(1)).cleanupCron()).isEqualTo("-");
    }

    @Test
    void refusesACookieSentFromOtherSitesOrWithoutSameSite() {
        assertThatThrownBy(() -> new StorePageProperties.Session("S", "None", Duration.ofMinutes(30), CRON, Duration.ofHours(12)))
                .hasMessageContaining("same-site");
        assertThatThrownBy(() -> new StorePageProperties.Session("S", null, Duration.ofMinutes(30), CRON, Duration.ofHours(12)))
                .hasMessageContaining("same-site");
    }

    @Test
    void refusesAnUnboundedOrUselessIdleTimeout() {
        assertThatThrownBy(() -> new StorePageProperties.Session("S", "Strict", null, CRON, Duration.ofHours(12)))
                .hasMessageContaining("idle-timeout");
        assertThatThrownBy(() -> new StorePageProperties.Session("S", "Strict", Duration.ofDays(2), CRON, Duration.ofDays(2)))
                .hasMessageContaining("idle-timeout");
        assertThatThrownBy(() -> new StorePageProperties.Session("S", "Strict", Duration.ofSeconds(30), CRON, Duration.ofHours(12)))
                .hasMessageContaining("idle-timeout");
    }

    @Test
    void refusesAnAbsoluteTimeoutShorterThanTheIdleOneOrOverAWeek() {
        assertThatThrownBy(() -> new StorePageProperties.Session("S", "Strict", Duration.ofHours(1), CRON,
                Duration.ofMinutes(30))).hasMessageContaining("absolute-timeout");
        assertThatThrownBy(() -> new StorePageProperties.Session("S", "Strict", Duration.ofHours(1), CRON,
                Duration.ofDays(8))).hasMessageContaining("absolute-timeout");
        assertThatThrownBy(() -> new StorePageProperties.Session("S", "Strict", Duration.ofHours(1), CRON, null))
                .hasMessageContaining("absolute-timeout");
    }

    @Test
    void refusesACookieNameOrCronThatCannotWork() {
        assertThatThrownBy(() -> new StorePageProperties.Session("a;b", "Strict", Duration.ofMinutes(30), CRON, Duration.ofHours(12)))
                .hasMessageContaining("cookie-name");
        assertThatThrownBy(() -> new StorePageProperties.Session("S", "Strict", Duration.ofMinutes(30), "every minute",
                Duration.ofHours(12)))
                .hasMessageContaining("cleanup-cron");
        assertThatThrownBy(() -> new StorePageProperties(null)).hasMessageContaining("session");
    }
}
