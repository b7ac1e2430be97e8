package io.returnflow.operations;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The journey's metrics ({@code returnflow.metrics}).
 *
 * @param gaugeRefresh how often the gauges read from the database and the engine are read again; a scrape
 *                     only reads the figures of the last refresh, so scrapes never add queries
 */
@ConfigurationProperties("returnflow.metrics")
record MetricsProperties(Duration gaugeRefresh) {

    public MetricsProperties {
        if (gaugeRefresh == null || gaugeRefresh.isNegative() || gaugeRefresh.isZero()) {
            throw new IllegalArgumentException("returnflow.metrics.gauge-refresh must be a positive duration");
        }
    }
}
