package io.returnflow.exchange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnSettlements;

/**
 * The settlements port as the tests of exchanges (and of the forms) need it: the replacement sku each return
 * exchanges its line L1 for, what a refusal leaves for a person, and the store credit a return gives.
 */
@TestConfiguration
public class ExchangeTestSettlements {

    @Bean
    @Primary
    public Settlements exchangeSettlements() {
        return new Settlements();
    }

    /** Returns not told of exchange nothing. */
    public static class Settlements implements ReturnSettlements {

        public final Map<String, String> replacementSku = new ConcurrentHashMap<>();
        public final Map<String, List<String>> leftAfterRefusal = new ConcurrentHashMap<>();
        public final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** The pieces of L1 still exchanged (e.g. after inspection); 1 when not told, none exchanged at 0. */
        public final Map<String, Integer> acceptedQuantity = new ConcurrentHashMap<>();
        /** The store credit a return gives; none when not told. */
        public final Map<String, StoreCreditTerms> storeCredit = new ConcurrentHashMap<>();

        @Override
        public Optional<StoreCreditTerms> storeCredit(String returnId) {
            return Optional.ofNullable(storeCredit.get(returnId));
        }

        @Override
        public List<ExchangeLine> exchangeLines(String returnId) {
            String sku = replacementSku.get(returnId);
            int quantity = acceptedQuantity.getOrDefault(returnId, 1);
            return sku == null || quantity == 0 ? List.of() : List.of(new ExchangeLine("L1", "SKU-1", "T 恤", quantity,
                    new BigDecimal("99.00"), sku, "T 恤 (replacement)", new BigDecimal("99.00")));
        }

        @Override
        public List<String> exchangeRefused(String returnId, String reason, String actor) {
            calls.add("exchangeRefused " + returnId + " " + reason);
            return new ArrayList<>(leftAfterRefusal.getOrDefault(returnId, List.of()));
        }

        @Override
        public void chooseFallback(String returnId, Resolution choice, String actor) {
            calls.add("chooseFallback " + returnId + " " + choice);
        }
    }
}
