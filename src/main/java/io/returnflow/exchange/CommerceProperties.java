package io.returnflow.exchange;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the merchant's shop for exchange orders (README, "Exchanges"), how long the journey waits for its
 * answer, and the sandbox shop that stands in for it in a local run. Timeouts:
 * {@code spring.cloud.openfeign.client.config.commerce}.
 *
 * @param baseUrl  the shop's API root, without {@code /v1}; may contain {@code ${local.server.port}} (the in-app
 *                 sandbox), resolved per call
 * @param apiKey   sent as {@code Authorization: Bearer <apiKey>}
 * @param answers  how the journey waits for a pending order
 * @param sandbox  the in-app simulated shop
 */
@Validated
@ConfigurationProperties("returnflow.commerce")
public record CommerceProperties(@NotBlank String baseUrl, @NotBlank String apiKey,
                                 @Valid @DefaultValue Answers answers,
                                 @Valid @DefaultValue Sandbox sandbox) {

    /**
     * @param noAnswerAfter             how long the journey waits for the shop's answer before it asks the shop
     * @param asksBeforeCustomerService after this many asks without an answer, customer service chases the order
     * @param retryCycle                the retries of placing an order and asking the shop ({@code R5/PT1M})
     * @param customerServiceSla        how soon customer service should act on an exchange task
     */
    public record Answers(@DefaultValue("24h") @NotNull Duration noAnswerAfter,
                          @DefaultValue("3") @Positive int asksBeforeCustomerService,
                          @DefaultValue("R5/PT1M") @NotBlank String retryCycle,
                          @DefaultValue("4h") @NotNull Duration customerServiceSla) {
    }

    /**
     * @param enabled             serve the simulated shop under {@code /sandbox/commerce}
     * @param defaultStock        the stock of a sku the sandbox has no row for
     * @param unavailableFailures how many tries of one key on {@code sandbox:unavailable-twice} fail with 503
     * @param pendingFor          how long a pending order waits before the sandbox's tick answers it (on its
     *                            clock); {@code POST /sandbox/commerce/step} answers every pending order at once
     * @param tick                how often the sandbox looks for pending orders to answer
     * @param outcomeUrl          ReturnFlow's exchange-order API root ({@code …/api/exchange-orders}) as the sandbox
     *                            calls it, {@code /{id}/outcome} appended; may contain {@code ${local.server.port}}
     * @param outcomeUser         the merchant-api user the sandbox calls the outcome API as (HTTP Basic)
     * @param outcomePassword     its password
     */
    public record Sandbox(@DefaultValue("false") boolean enabled, @DefaultValue("100") @PositiveOrZero int defaultStock,
                          @DefaultValue("2") @PositiveOrZero int unavailableFailures,
                          @DefaultValue("10s") @NotNull Duration pendingFor,
                          @DefaultValue("1s") @NotNull Duration tick,
                          String outcomeUrl, String outcomeUser, String outcomePassword) {
    }
}
