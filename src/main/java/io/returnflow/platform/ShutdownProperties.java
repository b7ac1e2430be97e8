package io.returnflow.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a node stops ({@code returnflow.shutdown}); README, "Running a cluster".
 *
 * @param jobsTimeout how long the jobs this node is running get to finish once it stops, before the jobs it
 *                    acquired but never started are handed back; within
 *                    {@code spring.lifecycle.timeout-per-shutdown-phase}, the most Spring waits for it
 */
@ConfigurationProperties("returnflow.shutdown")
record ShutdownProperties(Duration jobsTimeout) {

    public ShutdownProperties {
        if (jobsTimeout == null || jobsTimeout.isNegative()) {
            throw new IllegalArgumentException("returnflow.shutdown.jobs-timeout must be zero or more");
        }
    }
}
