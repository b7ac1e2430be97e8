package io.returnflow.dropoff;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many wrong codes a counter accepts before it stops listening for a while
 * ({@code returnflow.drop-off.check-in}).
 *
 * @param window         the sliding window failed attempts are counted in
 * @param clientFailures failed attempts one client (user and address) may make within the window; the next
 *                       attempt is refused with 429 until the oldest failure leaves the window
 * @param storeFailures  failed attempts all clients together may make at one store within the window
 */
@ConfigurationProperties("returnflow.drop-off.check-in")
record CheckInProperties(Duration window, int clientFailures, int storeFailures) {

    public CheckInProperties {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("returnflow.drop-off.check-in.window must be positive");
        }
        if (clientFailures < 1 || storeFailures < 1) {
            throw new IllegalArgumentException(
                    "returnflow.drop-off.check-in.client-failures and store-failures must be at least 1");
        }
    }
}
