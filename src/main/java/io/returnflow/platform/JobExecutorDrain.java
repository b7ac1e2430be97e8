package io.returnflow.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * A stopping node hands its jobs back to the cluster at once instead of keeping them locked.
 *
 * <p>What the engine and Spring do by themselves when the application context closes: Spring shuts the job
 * executor's thread pool at the {@link ContextClosedEvent} (it takes no more work) and, during the first shutdown
 * phase, waits for the jobs running on it; the engine's job executor keeps acquiring until the engine is closed,
 * after every phase. Each job it acquires in between is locked to this node
 * ({@code ACT_RU_JOB.LOCK_OWNER_}, {@code LOCK_EXP_TIME_}) and refused by the shut pool, and so are jobs refused
 * earlier when the pool's queue was full: no other node takes them before their lock expires
 * ({@code camunda.bpm.job-execution.lock-time-in-millis}), although nothing runs them.
 *
 * <p>So, on this context's {@link ContextClosedEvent} (before Spring's own listener shuts the pool), the job
 * executor stops acquiring. An inactive job executor runs no job it has not started: the batches still queued
 * in the pool unlock their jobs when their turn comes, and a running batch unlocks those after its current one.
 * Then, in the first shutdown phase, the jobs running here get {@code returnflow.shutdown.jobs-timeout} to finish;
 * once none runs, every job still locked by this node's lock owner is one it never started, and is unlocked in
 * one statement. Should jobs still run at the bound, they keep their locks (another node must not run a job
 * this one is running), the queued batches are unlocked, and the rest waits for its locks to expire.
 */
@Component
class JobExecutorDrain implements ApplicationListener<ContextClosedEvent>, SmartLifecycle, Ordered {

    private static final Logger log = LoggerFactory.getLogger(JobExecutorDrain.class);

    private final ApplicationContext context;
    private final ObjectProvider<JobExecutor> jobExecutors;
    private final ObjectProvider<ProcessEngine> engines;
    private final Duration jobsTimeout;
    private volatile boolean running;

    JobExecutorDrain(ApplicationContext context, ObjectProvider<JobExecutor> jobExecutors,
                     ObjectProvider<ProcessEngine> engines, ShutdownProperties shutdown,
                     LifecycleProperties lifecycle) {
        Duration phase = lifecycle.getTimeoutPerShutdownPhase();
        if (shutdown.jobsTimeout().compareTo(phase) >= 0) {
            // Spring would stop waiting first and close the database while jobs still run and their locks are held
            throw new IllegalStateException("returnflow.shutdown.jobs-timeout (" + shutdown.jobsTimeout()
                    + ") must be shorter than spring.lifecycle.timeout-per-shutdown-phase (" + phase + ")");
        }
        this.context = context;
        this.jobExecutors = jobExecutors;
        this.engines = engines;
        this.jobsTimeout = shutdown.jobsTimeout();
    }

    /** Before Spring's own listeners: the pool must still take the batches acquired until the acquisition ends. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != context) {
            return;
        }
        JobExecutor jobExecutor = jobExecutors.getIfAvailable();
        if (jobExecutor != null && jobExecutor.isActive()) {
            // stops and joins the acquisition thread, then marks the executor inactive
            jobExecutor.shutdown();
            log.info("Stopping: the job executor acquires no more jobs (lock owner {})", jobExecutor.getLockOwner());
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** In the first shutdown phase, beside the pools Spring waits for. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public void stop() {
        drain();
    }

    /** Asynchronous, so that Spring waits for this and the other pools of the phase at the same time. */
    @Override
    public void stop(Runnable callback) {
        Thread drain = new Thread(() -> {
            try {
                drain();
            } finally {
                callback.run();
            }
        }, "job-executor-drain");
        drain.setDaemon(true);
        drain.start();
    }

    private void drain() {
        running = false;
        JobExecutor jobExecutor = jobExecutors.getIfAvailable();
        ProcessEngine engine = engines.getIfAvailable();
        if (jobExecutor == null || engine == null) {
            return;
        }
        ThreadPoolExecutor pool = pool(jobExecutor);
        if (pool == null) {
            log.info("Stopping: the job executor's pool is not Spring's; its unstarted jobs keep their locks");
            return;
        }
        pool.shutdown();
        boolean idle;
        try {
            idle = pool.awaitTermination(jobsTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (idle) {
            try {
                int unlocked = unlockUnstarted(engine, jobExecutor.getLockOwner());
                log.info("Stopping: no job runs on this node; {} jobs it had acquired but not started are unlocked",
                        unlocked);
            } catch (DataAccessException databaseGone) {
                // nothing lost: the jobs are taken by another node when their locks expire, as after a kill
                log.warn("Stopping: the jobs this node acquired but did not start keep their locks until these"
                        + " expire; the database did not take the unlock: {}", databaseGone.getMessage());
            }
        } else {
            // an inactive job executor's batch only unlocks its jobs: run the queued ones here, and now
            List<Runnable> queued = new ArrayList<>();
            pool.getQueue().drainTo(queued);
            queued.forEach(Runnable::run);
            log.warn("Stopping: {} job threads still run after returnflow.shutdown.jobs-timeout ({}); their jobs keep"
                    + " their locks until these expire, the {} queued batches are unlocked", pool.getActiveCount(),
                    jobsTimeout, queued.size());
        }
    }

    private static ThreadPoolExecutor pool(JobExecutor jobExecutor) {
        if (jobExecutor instanceof SpringJobExecutor spring
                && spring.getTaskExecutor() instanceof ThreadPoolTaskExecutor tasks) {
            return tasks.getThreadPoolExecutor();
        }
        return null;
    }

    /**
     * The jobs locked by this node's lock owner, none of which runs; the revision moves on as the engine's own
     * unlock moves it.
     */
    private static int unlockUnstarted(ProcessEngine engine, String lockOwner) {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        String prefix = configuration.getDatabaseTablePrefix();
        String table = (prefix == null ? "" : prefix) + "ACT_RU_JOB";
        return JdbcClient.create(configuration.getDataSource())
                .sql("update " + table + " set LOCK_OWNER_ = null, LOCK_EXP_TIME_ = null, REV_ = REV_ + 1"
                        + " where LOCK_OWNER_ = ?")
                .param(lockOwner)
                .update();
    }
}
