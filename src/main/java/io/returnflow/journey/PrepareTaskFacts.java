package io.returnflow.journey;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * Task-create listener on every user task: copies the return's facts ({@link TaskFacts}) into
 * task-local variables the task's form shows read-only. Local to the task, they never reach the
 * process; a form that submits them back changes nothing.
 */
@Component("prepareTaskFacts")
class PrepareTaskFacts implements TaskListener {

    /** Set by the refund step's error boundary event: the provider's refusal. */
    static final String VAR_REFUND_FAILURE = "refundFailure";

    private final TaskFacts facts;

    public PrepareTaskFacts(TaskFacts facts) {
        this.facts = facts;
    }

    @Override
    public void notify(DelegateTask task) {
        String returnId = (String) task.getVariable(ReturnJourney.VAR_RETURN_ID);
        facts.of(returnId, task.getVariable(VAR_REFUND_FAILURE)).forEach(task::setVariableLocal);
    }
}
