package io.returnflow.selfservice;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The buyer's return page and its links ({@code returnflow.self-service}).
 *
 * @param baseUrl              where buyers reach the page, e.g. {@code https://returns.example.com}; empty: the
 *                             scheme, host and port of the request that made the link
 * @param linkSecret           Base64 secret of at least 32 bytes the links' signing key is derived from (HKDF); no
 *                             link can be made or opened without it (README, "The buyer's return page")
 * @param linkValidity         how long a link opens the page when the merchant says nothing ({@code expiresIn})
 * @param maxLinkValidity      the longest {@code expiresIn} a merchant may ask for
 * @param returnsPerLink       at most this many returns are started from one link (one open at a time)
 * @param allowance            the calls one link may make in a window (reading the order, quotes, confirmations,
 *                             cancellations, window choices); polling the return is not counted
 * @param pickupWindowsOffered how many upcoming pickup windows the page offers
 * @param pollInterval         how often the page asks how the return stands
 */
@Validated
@ConfigurationProperties("returnflow.self-service")
public record SelfServiceProperties(@DefaultValue("") String baseUrl,
                                    @DefaultValue("") String linkSecret,
                                    @DefaultValue("14d") @NotNull Duration linkValidity,
                                    @DefaultValue("60d") @NotNull Duration maxLinkValidity,
                                    @DefaultValue("5") @Positive @Max(100) int returnsPerLink,
                                    @DefaultValue @Valid @NotNull Allowance allowance,
                                    @DefaultValue("12") @Positive @Max(100) int pickupWindowsOffered,
                                    @DefaultValue("5s") @NotNull Duration pollInterval) {

    /**
     * @param window how long one count runs; the count starts again with the first call after it
     * @param calls  the calls one link may make in a window
     */
    public record Allowance(@DefaultValue("10m") @NotNull Duration window,
                            @DefaultValue("60") @Positive int calls) {
    }
}
