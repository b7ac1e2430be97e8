package io.returnflow.operations;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * When a return's journey ends, writes how the return ended into the instance's variables, so that the engine's
 * history keeps it next to the instance: Cockpit's "Finished journeys" tab shows it to operations without any
 * access to the product's API. The engine calls it at the end of the {@code return-journey} process itself
 * ({@link JourneyOutcomesConfiguration}), for every version of the diagram, and for no other process.
 *
 * <p>{@value #OUTCOME}: the return's status (COMPLETED, REJECTED, CANCELLED, EXPIRED; another one when the
 * journey was cancelled by hand); {@value #REFUND_STATUS}, {@value #REFUND_AMOUNT} (plain decimal text) and
 * {@value #REFUND_CURRENCY}: the return's refund, when it has one. Nothing here can fail a journey's end.
 *
 * <p>Cancelled by hand: deleting the instance (Cockpit's "Cancel process instance", the engine's REST API,
 * {@code RuntimeService.deleteProcessInstance}) ends the process too and writes the outcome, unless the deletion
 * skips custom listeners (this is one): then the instance keeps no outcome. Cockpit's cancel dialog skips them
 * unless the operator unticks "Skip custom listeners".
 */
@Component
class JourneyOutcomes implements ExecutionListener {

    public static final String OUTCOME = "returnOutcome";
    public static final String REFUND_STATUS = "refundStatus";
    public static final String REFUND_AMOUNT = "refundAmount";
    public static final String REFUND_CURRENCY = "refundCurrency";

    private static final Logger log = LoggerFactory.getLogger(JourneyOutcomes.class);

    private final BusinessFigures figures;

    public JourneyOutcomes(BusinessFigures figures) {
        this.figures = figures;
    }

    @Override
    public void notify(DelegateExecution execution) {
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

    /** The end of the process instance itself: checked, not assumed, as nothing may write into a running journey. */
    static boolean isInstanceEnd(DelegateExecution execution) {
        return ExecutionListener.EVENTNAME_END.equals(execution.getEventName())
                && execution.getId().equals(execution.getProcessInstanceId())
                && execution.getProcessInstanceId().equals(execution.getActivityInstanceId());
    }
}
