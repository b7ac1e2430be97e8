package io.returnflow.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API keys' settings ({@code returnflow.api-keys}).
 *
 * @param lastUsedPrecision how stale a key's {@code lastUsedAt} may be: a request with a key writes its use only
 *                          when the last written one is older, so that a busy integration does not write a row per
 *                          request
 */
@ConfigurationProperties("returnflow.api-keys")
record ApiKeyProperties(Duration lastUsedPrecision) {

    public ApiKeyProperties {
        if (lastUsedPrecision == null || lastUsedPrecision.isNegative()) {
            throw new IllegalArgumentException("returnflow.api-keys.last-used-precision must be zero or more");
        }
    }
}
