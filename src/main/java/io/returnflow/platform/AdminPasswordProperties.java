package io.returnflow.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the first admin's password ({@code camunda.bpm.admin-user.password}) must be outside the local profile
 * ({@code returnflow.admin-password}), checked by {@link IdentityStartupCheck}.
 *
 * @param minLength the fewest characters it may have
 */
@ConfigurationProperties("returnflow.admin-password")
record AdminPasswordProperties(int minLength) {

    public AdminPasswordProperties {
        if (minLength < 1) {
            throw new IllegalArgumentException("returnflow.admin-password.min-length must be at least 1");
        }
    }
}
