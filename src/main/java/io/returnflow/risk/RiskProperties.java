package io.returnflow.risk;

import java.time.Duration;
import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the journey reads a buyer's history for the analysts' table {@code return-risk}
 * ({@code returnflow.risk.*}). The thresholds themselves are the table's, not configuration.
 *
 * @param lookback how far back the facts look: the buyer's returns, orders, drop-offs and shared contacts
 *                 within it (90 days)
 */
@ConfigurationProperties("returnflow.risk")
public record RiskProperties(Duration lookback) {

    public RiskProperties {
        Objects.requireNonNull(lookback, "returnflow.risk.lookback");
        if (lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("returnflow.risk.lookback must be positive");
        }
    }
}
