package io.returnflow.operations;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a return's journey ends (completed, or cancelled in Cockpit), writes how the return ended into the
 * instance's variables, so that the engine's history keeps it next to the instance: Cockpit's "Finished
 * journeys" tab shows it to operations without any access to the product's API. The engine reports every
 * execution event to Spring (the starter's eventing); only a process instance's own end is taken, and only
 * for an instance whose business key is a return.
 *
 * <p>{@value #OUTCOME}: the return's status (COMPLETED, REJECTED, CANCELLED, EXPIRED; another one when the
 * journey was cancelled by hand); {@value #REFUND_STATUS}, {@value #REFUND_AMOUNT} (plain decimal text) and
 * {@value #REFUND_CURRENCY}: the return's refund, when it has one. Nothing here can fail a journey's end.
 */
@Component
public class JourneyOutcomes {

    public static final String OUTCOME = "returnOutcome";
    public static final String REFUND_STATUS = "refundStatus";
    public static final String REFUND_AMOUNT = "refundAmount";
    public static final String REFUND_CURRENCY = "refundCurrency";

    private static final Logger log = LoggerFactory.getLogger(JourneyOutcomes.class);

    private final BusinessFigures figures;

    public JourneyOutcomes(BusinessFigures figures) {
        this.figures = figures;
    }

    @EventListener
    public void executionEvent(DelegateExecution execution) {
        if (!isInstanceEnd(execution) || execution.getProcessBusinessKey() == null) {
            return;
        }
        String returnId = execution.getProcessBusinessKey();
        try {
            figures.outcome(returnId).ifPresent(outcome -> {
                execution.setVariable(OUTCOME, outcome.status().name());
                if (outcome.refundStatus() != null) {
                    execution.setVariable(REFUND_STATUS, outcome.refundStatus());
                    execution.setVariable(REFUND_AMOUNT, outcome.refundAmount().toPlainString());
                    execution.setVariable(REFUND_CURRENCY, outcome.refundCurrency());
                }
            });
        } catch (RuntimeException e) {
            log.warn("The outcome of return {} could not be kept with its journey: {}", returnId, e.toString());
        }
    }

    /** The end of the process instance itself (not of one of its activities, which share its execution). */
    static boolean isInstanceEnd(DelegateExecution execution) {
        return ExecutionListener.EVENTNAME_END.equals(execution.getEventName())
                && execution.getId().equals(execution.getProcessInstanceId())
                && execution.getProcessInstanceId().equals(execution.getActivityInstanceId());
    }
}
