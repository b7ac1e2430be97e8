package io.returnflow.platform;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What operations see of the engine ({@code returnflow.operations}).
 *
 * @param incidentLabels how Cockpit's incidents are labelled with what they are about
 * @param scrapeUser     the user Prometheus scrapes {@code /actuator/prometheus} as; none when not set
 */
@ConfigurationProperties("returnflow.operations")
record OperationsProperties(IncidentLabels incidentLabels, ScrapeUser scrapeUser) {

    public OperationsProperties {
        if (incidentLabels == null) {
            throw new IllegalArgumentException("returnflow.operations.incident-labels is required");
        }
        scrapeUser = scrapeUser == null ? new ScrapeUser(null, null) : scrapeUser;
    }

    /**
     * The user that scrapes the metrics, member of the group {@code monitoring} only (it opens no webapp and
     * calls no API), created or given this password at every start. Production sets both from the
     * environment ({@code RETURNFLOW_SCRAPE_USER}, {@code RETURNFLOW_SCRAPE_PASSWORD}); without an id there is
     * none, and only ops and admin users may read the metrics.
     */
    public record ScrapeUser(String id, String password) {

        public ScrapeUser {
            id = id == null || id.isBlank() ? null : id.trim();
            if (id != null && (password == null || password.isBlank())) {
                throw new IllegalArgumentException("returnflow.operations.scrape-user.password is required with an id");
            }
        }

        public boolean isSet() {
            return id != null;
        }
    }

    /**
     * An incident's annotation (a column of Cockpit's incident lists) names the case: {@code Return R-…}.
     *
     * @param interval     how often new incidents are looked for
     * @param lookBack     how far before the previous look an incident may be dated and still be found (the
     *                     clocks of the cluster's nodes and a long transaction)
     * @param businessKeys per process definition key, what its business key is, e.g. {@code return-journey: Return};
     *                     incidents of other processes are left alone
     */
    public record IncidentLabels(Duration interval, Duration lookBack, Map<String, String> businessKeys) {

        public IncidentLabels {
            if (interval == null || lookBack == null || lookBack.isNegative()) {
                throw new IllegalArgumentException("returnflow.operations.incident-labels needs interval and look-back");
            }
            businessKeys = businessKeys == null ? Map.of() : Map.copyOf(businessKeys);
        }
    }
}
