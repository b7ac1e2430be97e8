package io.returnflow.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a request that met an unreachable database is answered ({@code returnflow.database-outage}): README,
 * "Capacity and overload".
 *
 * @param retryAfter what its {@code Retry-After} tells the client to wait (whole seconds, at least 1 s): about
 *                   the time a PostgreSQL restart or fail-over takes
 */
@ConfigurationProperties("returnflow.database-outage")
public record DatabaseOutageProperties(Duration retryAfter) {

    public DatabaseOutageProperties {
        if (retryAfter == null || retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("returnflow.database-outage.retry-after must be at least 1s");
        }
    }
}
