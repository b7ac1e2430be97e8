package io.returnflow.exchange;

import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnTimeline;

/**
 * Start listener of "Instant exchange shipped more than accepted?", as the journey arrives from an accepted or
 * partial inspection: whether replacements shipped at request went beyond the accepted pieces
 * ({@value ExchangeVariables#INSTANT_EXCHANGE_SHORT}), and if so the timeline names the lines once. A journey
 * without an instant exchange is not asked and gets no variable (it reads as no).
 */
@Component("recordShortReplacements")
class RecordShortReplacements implements ExecutionListener {

    static final String TIMELINE_SHORT = "INSTANT_EXCHANGE_SHORT";

    private static final Logger log = LoggerFactory.getLogger(RecordShortReplacements.class);

    private final InstantExchangeShortfalls shortfalls;
    private final ReturnTimeline timeline;

    RecordShortReplacements(InstantExchangeShortfalls shortfalls, ReturnTimeline timeline) {
        this.shortfalls = shortfalls;
        this.timeline = timeline;
    }

    @Override
    public void notify(DelegateExecution execution) {
        if (!Boolean.TRUE.equals(execution.getVariable(ExchangeVariables.INSTANT_EXCHANGE_PLACED))) {
            return;
        }
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        List<ShortReplacement> beyond = shortfalls.of(returnId);
        execution.setVariable(ExchangeVariables.INSTANT_EXCHANGE_SHORT, !beyond.isEmpty());
        if (!beyond.isEmpty()) {
            timeline.recordOnce(returnId, null, TIMELINE_SHORT, "Replacements shipped at request beyond the accepted: "
                    + beyond.stream().map(ShortReplacement::describe).collect(Collectors.joining("; ")), "system",
                    "instant-exchange-short");
            log.info("Return {}: the instant exchange shipped beyond the accepted on {} line(s)", returnId,
                    beyond.size());
        }
    }
}
