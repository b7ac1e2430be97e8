package io.returnflow.returns.journey;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Stands in for one delegate bean in process tests: records the business key (return id) of every
 * call, including calls that fail, notes its bean name in a journal shared by all stand-ins of a
 * test, and then does what the test told it to.
 */
final class RecordingDelegate implements JavaDelegate {

    private final String beanName;
    private final List<String> journal;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile JavaDelegate behaviour = execution -> { };

    RecordingDelegate(String beanName, List<String> journal) {
        this.beanName = beanName;
        this.journal = journal;
    }

    /** What every further call does after being recorded (default: nothing). */
    RecordingDelegate behaving(JavaDelegate behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    @Override
    public void execute(DelegateExecution execution) throws Exception {
        calls.add(execution.getProcessBusinessKey());
        journal.add(beanName);
        behaviour.execute(execution);
    }

    /** The business keys of the calls so far, in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }
}
