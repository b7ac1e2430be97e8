package io.returnflow.platform.admission;

/** How much work the engine has waiting: the jobs that are due and not yet done, on all nodes. */
@FunctionalInterface
interface JobBacklog {

    /** Jobs due now (or without a due date) with retries left, not suspended; running ones included. */
    long dueJobs();
}
