package io.returnflow.journey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.RefundAfterInspection.AcceptedLine;
import io.returnflow.returns.Resolution;
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

    ReturnSettlementsOfLines(ReturnRepository returns, ReturnResolutions resolutions, ReturnTimeline timeline) {
        this.returns = returns;
        this.resolutions = resolutions;
        this.timeline = timeline;
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
        List<String> chosen = new ArrayList<>();
        for (LineResolution line : returns.resolutions(returnId).values()) {
            if (line.fallbackPending()) {
                returns.updateResolution(returnId, line.fallenBackTo(choice));
                chosen.add(line.lineId());
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalStateException("Return " + returnId + " has no line waiting for a fallback");
        }
        ReturnPricing.Settlement planned = resolutions.replan(returnId);
        String currency = returns.get(returnId, List.of()).payment().currency();
        timeline.record(returnId, "EXCHANGE_FALLBACK", String.join(", ", chosen) + " → " + choice
                + " (customer service's choice); " + ReturnResolutions.describe(planned, currency), actor);
    }
}
