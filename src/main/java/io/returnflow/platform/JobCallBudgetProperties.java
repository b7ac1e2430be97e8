package io.returnflow.platform;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one job may spend at worst on calls to other systems ({@code returnflow.jobs.call-budget}), checked at start
 * against the job lock time by {@link JobCallBudgetCheck}: a job still waiting on a provider when its lock expires
 * is run a second time by another node.
 *
 * @param maxShareOfLock the share of {@code camunda.bpm.job-execution.lock-time-in-millis} the external calls of one
 *                       job may take at worst (the rest is the job's database work and a margin)
 * @param clients        per HTTP client a job may call (a Feign client's name, whose timeouts are
 *                       {@code spring.cloud.openfeign.client.config.<name>}): how often one job calls it
 */
@ConfigurationProperties("returnflow.jobs.call-budget")
public record JobCallBudgetProperties(@DefaultValue("0.5") double maxShareOfLock,
                                      @DefaultValue Map<String, Client> clients) {

    public JobCallBudgetProperties {
        if (!(maxShareOfLock > 0 && maxShareOfLock <= 1)) {
            throw new IllegalArgumentException("returnflow.jobs.call-budget.max-share-of-lock must be above 0 and at "
                    + "most 1; was " + maxShareOfLock);
        }
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }

    /**
     * One client's calls in one job.
     *
     * @param callsPerJob the most requests one job sends it (e.g. cancel and book again when rebooking a pickup), a
     *                    request the HTTP client itself may send twice counted twice (the JDK's HttpURLConnection
     *                    sends a GET once more when its connection fails without an answer)
     * @param attempts    tries per request: 1 without a Feign {@code Retryer} (Spring Cloud OpenFeign's default never
     *                    retries); a client given a retryer declares its attempts here
     * @param separateJobs the jobs that call this client call no other client (a step of its own, e.g. "Issue store
     *                     credit"): its worst case is a job's budget of its own, not added to the other clients'
     */
    public record Client(@DefaultValue("1") int callsPerJob, @DefaultValue("1") int attempts,
                         @DefaultValue("false") boolean separateJobs) {

        /** A client the jobs may call together with the others. */
        public Client(int callsPerJob, int attempts) {
            this(callsPerJob, attempts, false);
        }

        @ConstructorBinding
        public Client {
            if (callsPerJob < 1 || attempts < 1) {
                throw new IllegalArgumentException("returnflow.jobs.call-budget.clients.*: calls-per-job and attempts "
                        + "must be at least 1");
            }
        }
    }
}
