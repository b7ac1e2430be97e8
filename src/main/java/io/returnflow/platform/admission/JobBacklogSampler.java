package io.returnflow.platform.admission;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Counts the engine's due jobs every {@code returnflow.admission.backlog.sample-interval} on a thread of its own
 * (not the scheduler's, whose pollers it must not wait for, nor theirs for it) and hands the count to
 * {@link AdmissionControl}: requests never query the database to be admitted. A count that fails is logged; the
 * last one goes stale and then refuses nothing.
 */
class JobBacklogSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobBacklogSampler.class);

    private final JobBacklog backlog;
    private final AdmissionControl control;
    private final long intervalMillis;
    private ScheduledExecutorService executor;

    public JobBacklogSampler(JobBacklog backlog, AdmissionControl control, AdmissionProperties properties) {
        this.backlog = backlog;
        this.control = control;
        this.intervalMillis = properties.backlog().sampleInterval().toMillis();
    }

    /** Counts once, now. */
    public void sample() {
        try {
            control.backlogSampled(backlog.dueJobs());
        } catch (RuntimeException e) {
            log.warn("Engine backlog not counted: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "job-backlog-sampler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
