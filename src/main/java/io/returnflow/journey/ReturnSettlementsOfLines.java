package io.returnflow.journey;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.RefundAfterInspection.AcceptedLine;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ResolutionPolicy;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnSettlements;
import io.returnflow.returns.ReturnTimeline;

/**
 * The settlements of a return as its lines are resolved ({@link ReturnResolutions}) and its parts planned
 * ({@link ReturnPricing#settlement}). Every method reads and writes in the caller's transaction.
 */
@Component
@Transactional
class ReturnSettlementsOfLines implements ReturnSettlements {

    private final ReturnRepository returns;
    private final ReturnResolutions resolutions;
    private final ReturnTimeline timeline;
    private final ResolutionPolicy policy;

    ReturnSettlementsOfLines(ReturnRepository returns, ReturnResolutions resolutions, ReturnTimeline timeline,
                             ResolutionPolicy policy) {
        this.returns = returns;
        this.resolutions = resolutions;
        this.timeline = timeline;
        this.policy = policy;
    }

    @Override
    public Optional<StoreCreditTerms> storeCredit(String returnId) {
        ReturnRepository.PlannedCredit credit = returns.plannedCredit(returnId);
        if (credit.amount().signum() == 0 && credit.bonus().signum() == 0) {
            return Optional.empty();
        }
        CustomerReturn r = returns.get(returnId, List.of());
        return Optional.of(new StoreCreditTerms(returnId, r.orderId(), r.customer().id(), r.payment().currency(),
                credit.amount(), credit.bonus()));
    }

    @Override
    public List<ExchangeLine> exchangeLines(String returnId) {
        Map<String, AcceptedLine> accepted = returns.acceptedLines(returnId);
        Map<String, LineResolution> lines = returns.resolutions(returnId);
        List<ExchangeLine> exchanged = new ArrayList<>();
        for (ReturnItem item : returns.items(returnId)) {
            LineResolution line = lines.get(item.lineId());
            if (line == null || line.resolution() != Resolution.EXCHANGE || line.fallbackPending()) {
                continue;
            }
            int quantity = accepted.isEmpty() ? item.quantity()
                    : Optional.ofNullable(accepted.get(item.lineId())).map(AcceptedLine::quantity).orElse(0);
            if (quantity > 0) {
                exchanged.add(new ExchangeLine(item.lineId(), item.sku(), item.name(), quantity, item.unitPrice(),
                        line.exchangeFor().sku(), line.exchangeFor().name(), line.exchangeFor().unitPrice()));
            }
        }
        return exchanged;
    }

    @Override
    public List<String> exchangeRefused(String returnId, String reason, String actor) {
        List<String> waiting = new ArrayList<>();
        List<String> fallenBack = new ArrayList<>();
        for (LineResolution line : returns.resolutions(returnId).values()) {
            if (line.resolution() != Resolution.EXCHANGE) {
                continue;
            }
            if (line.fallbackPending()) {
                waiting.add(line.lineId());
                continue;
            }
            Optional<Resolution> fallback = line.fallback().resolution();
            if (fallback.isPresent()) {
                returns.updateResolution(returnId, line.fallenBackTo(fallback.get()));
                fallenBack.add(line.lineId() + " → " + fallback.get());
            } else {
                returns.updateResolution(returnId, line.awaitingFallback());
                waiting.add(line.lineId());
            }
        }
        if (fallenBack.isEmpty() && waiting.isEmpty()) {
            throw new IllegalStateException("Return " + returnId + " exchanges no line");
        }
        ReturnPricing.Settlement planned = resolutions.replan(returnId);
        String currency = returns.get(returnId, List.of()).payment().currency();
        timeline.record(returnId, "EXCHANGE_FALLBACK", "Exchange refused (" + reason + "): "
                + (fallenBack.isEmpty() ? "" : String.join(", ", fallenBack) + " as the policy names; ")
                + (waiting.isEmpty() ? "" : String.join(", ", waiting) + " wait for customer service; ")
                + ReturnResolutions.describe(planned, currency), actor);
        return List.copyOf(waiting);
    }

    @Override
    public void chooseFallback(String returnId, Resolution choice, String actor) {
        if (choice == Resolution.EXCHANGE) {
            throw new IllegalArgumentException("A refused exchange falls back to REFUND or STORE_CREDIT, not "
                    + choice);
        }
        List<LineResolution> waiting = waitingLines(returnId);
        if (waiting.isEmpty()) {
            throw new IllegalStateException("Return " + returnId + " has no line waiting for a fallback");
        }
        // the table decides what a line may become, for customer service as for the PUT of a line's resolution
        List<String> notAllowed = choicesOfLines(returnId, waiting).entrySet().stream()
                .filter(line -> !line.getValue().contains(choice)).map(Map.Entry::getKey).toList();
        if (!notAllowed.isEmpty()) {
            throw new IllegalArgumentException("Return " + returnId + ": " + choice + " is not allowed for line(s) "
                    + String.join(", ", notAllowed) + " by " + ResolutionPolicy.DECISION_KEY);
        }
        List<String> chosen = new ArrayList<>();
        for (LineResolution line : waiting) {
            returns.updateResolution(returnId, line.fallenBackTo(choice));
            chosen.add(line.lineId());
        }
        ReturnPricing.Settlement planned = resolutions.replan(returnId);
        String currency = returns.get(returnId, List.of()).payment().currency();
        timeline.record(returnId, "EXCHANGE_FALLBACK", String.join(", ", chosen) + " → " + choice
                + " (customer service's choice); " + ReturnResolutions.describe(planned, currency), actor);
    }

    @Override
    public List<Resolution> fallbackChoices(String returnId) {
        Set<Resolution> choices = EnumSet.of(Resolution.REFUND, Resolution.STORE_CREDIT);
        choicesOfLines(returnId, waitingLines(returnId)).values().forEach(choices::retainAll);
        return List.copyOf(choices);
    }

    private List<LineResolution> waitingLines(String returnId) {
        return returns.resolutions(returnId).values().stream().filter(LineResolution::fallbackPending).toList();
    }

    /**
     * Per waiting line, what the table allows it now of refund and store credit (as a change of the line's
     * resolution is checked); a line allowed neither may be refunded, as a line no rule answers.
     */
    private Map<String, Set<Resolution>> choicesOfLines(String returnId, List<LineResolution> waiting) {
        if (waiting.isEmpty()) {
            return Map.of();
        }
        List<ReturnItem> items = returns.items(returnId);
        return choicesOfLines(items, returns.get(returnId, items), waiting);
    }

    private Map<String, Set<Resolution>> choicesOfLines(List<ReturnItem> items, CustomerReturn r,
                                                        List<LineResolution> waiting) {
        String returnId = r.id();
        Map<String, Set<Resolution>> choices = new LinkedHashMap<>();
        for (LineResolution line : waiting) {
            ReturnItem item = items.stream().filter(i -> i.lineId().equals(line.lineId())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Return " + returnId + " has no line "
                            + line.lineId()));
            ResolutionPolicy.Allowed allowed = policy.decide(item.category(), r.reason(), r.customer().tier(),
                    item.unitPrice());
            Set<Resolution> ofLine = EnumSet.noneOf(Resolution.class);
            for (Resolution fallback : List.of(Resolution.REFUND, Resolution.STORE_CREDIT)) {
                if (allowed.allows(fallback)) {
                    ofLine.add(fallback);
                }
            }
            choices.put(line.lineId(), ofLine.isEmpty() ? Set.of(Resolution.REFUND) : ofLine);
        }
        return choices;
    }
}
