package io.returnflow.journey;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnSettlements;

/**
 * The settlements of a return whose every line is refunded, as every return is until lines may be resolved
 * otherwise: no store credit and no exchange.
 */
@Component
class ReturnSettlementsOfPlan implements ReturnSettlements {

    @Override
    public Optional<StoreCreditTerms> storeCredit(String returnId) {
        return Optional.empty();
    }

    @Override
    public List<ExchangeLine> exchangeLines(String returnId) {
        return List.of();
    }

    @Override
    public List<String> exchangeRefused(String returnId, String reason, String actor) {
        throw new IllegalStateException("Return " + returnId + " exchanges no line");
    }

    @Override
    public void chooseFallback(String returnId, Resolution choice, String actor) {
        throw new IllegalStateException("Return " + returnId + " exchanges no line");
    }
}
