package io.returnflow.forms;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

import io.returnflow.support.Courier;

/**
 * Moves journeys on with the job executor switched off: the test runs each asynchronous step's job
 * itself, and fires only the timers it names (by the BPMN id of their event), so that no timer fires
 * behind a test's back however slow the machine is. When the journey has nothing to run, the sandbox
 * courier is stepped (it collects what the journey booked, the warehouse signs for what it collected);
 * the carrier inbox keeps running by itself, and its messages are correlated by the application as in
 * production.
 */
final class JourneyDriver {

    private static final Duration POLL = Duration.ofMillis(150);

    private final RuntimeService runtime;
    private final ManagementService management;
    private final TaskService tasks;
    private final Courier courier;
    private final Duration timeout;

    JourneyDriver(RuntimeService runtime, ManagementService management, TaskService tasks, Courier courier,
                  Duration timeout) {
        this.runtime = runtime;
        this.management = management;
        this.tasks = tasks;
        this.courier = courier;
        this.timeout = timeout;
    }

    /**
     * Runs the journey's due asynchronous steps, and the named timers, and steps the courier, until
     * {@code reached} holds.
     *
     * @param timers BPMN ids of the timer events that may fire (e.g. {@code Event_CourierDidNotCome})
     */
    void runUntil(String returnId, String what, Set<String> timers, BooleanSupplier reached) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what + " of return "
                        + returnId + "; the journey waits in " + whereItWaits(returnId));
            }
            if (!runOneStep(returnId, timers)) {
                sleep();
            }
        }
    }

    /** Runs the journey's due asynchronous steps (e.g. books the courier right after the start). */
    void runDueSteps(String returnId) {
        runUntil(returnId, "its due steps", Set.of(), () -> {
            ProcessInstance instance = instance(returnId);
            return instance == null
                    || management.createJobQuery().processInstanceId(instance.getId()).messages().count() == 0;
        });
    }

    /** The open task of that name of the return, or null. */
    Task openTask(String returnId, String name) {
        List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(returnId).taskName(name).list();
        return open.isEmpty() ? null : open.get(0);
    }

    /** Runs the journey until a task of that name is open; answers it. */
    Task runUntilTask(String returnId, String name, Set<String> timers) {
        runUntil(returnId, "the task '" + name + "'", timers, () -> openTask(returnId, name) != null);
        return openTask(returnId, name);
    }

    /** Runs the journey's due steps until it has ended. */
    void runUntilEnded(String returnId) {
        runUntil(returnId, "the end of the journey", Set.of(), () -> instance(returnId) == null);
    }

    /** The BPMN ids of the activities the running journey waits in (empty once it has ended). */
    List<String> activeActivities(String returnId) {
        ProcessInstance instance = instance(returnId);
        return instance == null ? List.of() : runtime.getActiveActivityIds(instance.getId());
    }

    /** The due date of the journey's timer on that BPMN event, or null. */
    Date timerDue(String returnId, String timerEvent) {
        ProcessInstance instance = instance(returnId);
        Job timer = instance == null ? null : management.createJobQuery().processInstanceId(instance.getId())
                .timers().activityId(timerEvent).singleResult();
        return timer == null ? null : timer.getDuedate();
    }

    ProcessInstance instance(String returnId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(returnId).singleResult();
    }

    /** The activities the journey waits in, for messages. */
    String whereItWaits(String returnId) {
        ProcessInstance instance = instance(returnId);
        if (instance == null) {
            return "no activity (the journey has ended)";
        }
        return runtime.getActiveActivityIds(instance.getId()) + ", jobs "
                + management.createJobQuery().processInstanceId(instance.getId()).list().stream()
                .map(j -> j.getId() + (j.getExceptionMessage() == null ? "" : " failed: " + j.getExceptionMessage()))
                .toList();
    }

    /** @return whether a step ran */
    private boolean runOneStep(String returnId, Set<String> timers) {
        ProcessInstance instance = instance(returnId);
        if (instance == null) {
            return false;
        }
        for (Job job : management.createJobQuery().processInstanceId(instance.getId()).messages().list()) {
            if (execute(job)) {
                return true;
            }
        }
        for (String timer : timers) {
            for (Job job : management.createJobQuery().processInstanceId(instance.getId()).timers()
                    .activityId(timer).list()) {
                if (execute(job)) {
                    return true;
                }
            }
        }
        return courier.moveOn(returnId);
    }

    private boolean execute(Job job) {
        try {
            management.executeJob(job.getId());
            return true;
        } catch (OptimisticLockingException concurrentMessage) {
            // the carrier inbox correlated a message with this journey meanwhile: look again
            return true;
        } catch (RuntimeException failed) {
            if (management.createJobQuery().jobId(job.getId()).count() == 0) {
                // gone meanwhile (its activity was left when a message arrived): look again
                return true;
            }
            throw new AssertionError("The journey's step (job " + job.getId() + ") failed: " + failed.getMessage(),
                    failed);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted");
        }
    }
}
