package io.returnflow.storecredit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the merchant's store-credit system (the protocol of README "Store credit") and the sandbox that
 * stands in for it in a local run. The client's timeouts are the Feign client's,
 * {@code spring.cloud.openfeign.client.config.store-credit}, where the job call budget reads them.
 *
 * @param baseUrl the system's API root, without {@code /v1}; may contain {@code ${local.server.port}} (the in-app
 *                sandbox), resolved per call
 * @param apiKey  sent as {@code Authorization: Bearer <apiKey>}
 * @param sandbox the in-app simulated provider
 */
@Validated
@ConfigurationProperties("returnflow.store-credit")
public record StoreCreditProperties(@NotBlank String baseUrl, @NotBlank String apiKey,
                                    @Valid @DefaultValue Sandbox sandbox) {

    /**
     * @param enabled       serve the simulated provider under {@code /sandbox/store-credit}
     * @param flakyFailures how many tries of one idempotency key for the flaky customer fail with 503 before one is
     *                      processed
     */
    public record Sandbox(@DefaultValue("false") boolean enabled,
                          @DefaultValue("2") @PositiveOrZero int flakyFailures) {
    }
}
