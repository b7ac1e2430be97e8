package io.returnflow.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * The processes' timers, fired by the test. In the test profile every timer lies days ahead, so none fires by
 * itself: a timer fires when a test executes its job, and the outcome never depends on how busy the machine
 * is. What comes before the timer (asynchronous steps, carrier pushes) is waited for, generously.
 */
public final class Timers {

    /** The longest the asynchronous work before a timer may take to get there; waits end as soon as it did. */
    public static final Duration REACH = Duration.ofSeconds(120);
    private static final long POLL_MILLIS = 100;

    private final RuntimeService runtime;
    private final ManagementService management;

    public Timers(RuntimeService runtime, ManagementService management) {
        this.runtime = runtime;
        this.management = management;
    }

    /**
     * Waits until an instance of the process with that business key waits on the timer event, and fires the
     * timer now.
     *
     * @param processKey  e.g. {@code return-journey} (business key: the return's id) or {@code store-shipment}
     *                    (business key: the store's id)
     * @param timerEvent  the BPMN id of the timer event, e.g. {@code Event_CourierDidNotCome}
     */
    public void fire(String processKey, String businessKey, String timerEvent) {
        long deadline = System.nanoTime() + REACH.toNanos();
        while (true) {
            for (Job timer : waitingTimers(processKey, businessKey, timerEvent)) {
                try {
                    management.executeJob(timer.getId());
                    return;
                } catch (OptimisticLockingException concurrentStep) {
                    // the job executor moved the same instance on meanwhile: the timer is still there, try again
                } catch (RuntimeException failed) {
                    if (management.createJobQuery().jobId(timer.getId()).count() > 0) {
                        throw new AssertionError("The timer " + timerEvent + " of " + processKey + " " + businessKey
                                + " failed: " + failed.getMessage(), failed);
                    }
                    // gone meanwhile (a message left the wait): look again
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + REACH + " waiting for " + processKey + " " + businessKey
                        + " to wait on the timer " + timerEvent + "; it waits in " + whereItWaits(processKey,
                        businessKey));
            }
            sleep();
        }
    }

    private List<Job> waitingTimers(String processKey, String businessKey, String timerEvent) {
        List<Job> timers = new ArrayList<>();
        for (ProcessInstance instance : instances(processKey, businessKey)) {
            timers.addAll(management.createJobQuery().processInstanceId(instance.getId()).timers()
                    .activityId(timerEvent).list());
        }
        return timers;
    }

    private List<ProcessInstance> instances(String processKey, String businessKey) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceBusinessKey(businessKey).list();
    }

    private String whereItWaits(String processKey, String businessKey) {
        List<String> where = new ArrayList<>();
        for (ProcessInstance instance : instances(processKey, businessKey)) {
            where.add(runtime.getActiveActivityIds(instance.getId()) + " with jobs "
                    + management.createJobQuery().processInstanceId(instance.getId()).list().stream()
                    .map(job -> job.getId() + (job.getExceptionMessage() == null ? ""
                            : " failed: " + job.getExceptionMessage())).toList());
        }
        return where.isEmpty() ? "no running instance" : String.join("; ", where);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted");
        }
    }
}
