package io.returnflow.events.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which URLs may be an endpoint's, with production's settings and with the local run's. */
class WebhookUrlPolicyTest {

    private static final Map<String, String> DNS = Map.of(
            "erp.example.com", "93.184.216.34",
            "localhost", "127.0.0.1",
            "intranet.example.com", "10.1.2.3",
            "metadata.example.com", "169.254.169.254",
            "ula.example.com", "fd00::1",
            "cgnat.example.com", "100.64.0.1",
            "v6.example.com", "2606:2800:220:1:248:1893:25c8:1946");

    private static WebhookUrlPolicy policy(boolean allowHttp, boolean allowPrivate) {
        WebhookProperties properties = new WebhookProperties(allowHttp, allowPrivate, Duration.ofSeconds(1), 50,
                Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofDays(3), Duration.ofHours(24),
                Duration.ofDays(7), 1000, 100, 200,
                "ua", new WebhookProperties.SandboxReceiver(false, Duration.ofMinutes(5)));
        return new WebhookUrlPolicy(properties, host -> {
            String address = DNS.get(host);
            if (address == null && (host.matches("[0-9.]+") || host.contains(":"))) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        });
    }

    @Test
    void productionTakesHttpsOnThePublicInternetOnly() {
        WebhookUrlPolicy production = policy(false, false);
        assertThat(production.refusal("https://erp.example.com/returnflow/events")).isEmpty();
        assertThat(production.refusal("https://v6.example.com:8443/hooks?x=1")).isEmpty();
        assertThat(production.refusal("https://93.184.216.34/hooks")).isEmpty();
        assertThat(production.refusal("http://erp.example.com/hooks")).hasValue("must be https");
        assertThat(production.refusal("https://localhost/hooks")).get().asString().contains("loopback");
        assertThat(production.refusal("https://127.0.0.1/hooks")).isPresent();
        assertThat(production.refusal("https://[::1]/hooks")).isPresent();
        assertThat(production.refusal("https://intranet.example.com/hooks")).isPresent();
        assertThat(production.refusal("https://metadata.example.com/latest")).isPresent();
        assertThat(production.refusal("https://169.254.169.254/latest")).isPresent();
        assertThat(production.refusal("https://ula.example.com/hooks")).isPresent();
        assertThat(production.refusal("https://cgnat.example.com/hooks")).isPresent();
        assertThat(production.refusal("https://0.0.0.0/hooks")).isPresent();
        // benchmarking (198.18.0.0/15) and reserved (240.0.0.0/4) addresses, and their neighbours that are public
        assertThat(production.refusal("https://198.18.0.1/hooks")).isPresent();
        assertThat(production.refusal("https://198.19.255.254/hooks")).isPresent();
        assertThat(production.refusal("https://198.17.255.254/hooks")).isEmpty();
        assertThat(production.refusal("https://198.20.0.1/hooks")).isEmpty();
        assertThat(production.refusal("https://240.0.0.1/hooks")).isPresent();
        assertThat(production.refusal("https://255.255.255.255/hooks")).isPresent();
        assertThat(production.refusal("https://239.255.255.254/hooks")).as("multicast").isPresent();
        assertThat(production.refusal("https://223.255.255.254/hooks")).isEmpty();
        assertThat(production.refusal("https://nowhere.example.com/hooks")).get().asString()
                .contains("does not resolve");
    }

    @Test
    void anyUrlMustBeAbsoluteHttpWithoutUserInfoAndShortEnough() {
        WebhookUrlPolicy local = policy(true, true);
        assertThat(local.refusal("http://localhost:8080/sandbox/merchant-receiver/erp")).isEmpty();
        assertThat(local.refusal("https://intranet.example.com/hooks")).isEmpty();
        assertThat(local.refusal("https://198.18.0.1/hooks")).isEmpty();
        assertThat(local.refusal("https://240.0.0.1/hooks")).isEmpty();
        assertThat(local.refusal(null)).isPresent();
        assertThat(local.refusal(" ")).isPresent();
        assertThat(local.refusal("/relative/path")).isPresent();
        assertThat(local.refusal("ftp://erp.example.com/hooks")).hasValue("http or https");
        assertThat(local.refusal("mailto:ops@example.com")).isPresent();
        assertThat(local.refusal("https://user:pw@erp.example.com/hooks")).hasValue("must not carry a user or password");
        assertThat(local.refusal("https://erp.example.com/hooks#part")).isPresent();
        assertThat(local.refusal("https://erp.example.com/a b")).hasValue("not a valid URL");
        String path = "x".repeat(WebhookUrlPolicy.MAX_LENGTH);
        assertThat(local.refusal("https://erp.example.com/" + path)).hasValue("at most 2048 characters");
    }
}
