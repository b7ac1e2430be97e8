package io.returnflow.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnSettlements;

/**
 * Which replacements an instant exchange shipped beyond what inspection accepted: a shirt (L1, one piece) and two
 * pairs of trousers (L2) exchanged, the replacements shipped at request for the requested pieces.
 */
class InstantExchangeShortfallsTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-03-02T10:00:00+08:00");

    /** The exchanged lines as the settlements port answers after inspection. */
    private List<ReturnSettlements.ExchangeLine> exchanged = List.of();

    private final InstantExchangeShortfalls shortfalls = new InstantExchangeShortfalls(null, new Settlements());

    @Test
    void aLineAcceptedForNoneIsShortByEverythingShippedForIt() {
        exchanged = List.of(accepted("L2", 2));

        assertThat(shortfalls.of(order(true, ExchangeStatus.CONFIRMED)))
                .containsExactly(new ShortReplacement("L1", "SKU-1-L", "衬衫 L", 1, 0));
    }

    @Test
    void aLineAcceptedInPartIsShortByTheRest() {
        exchanged = List.of(accepted("L1", 1), accepted("L2", 1));

        List<ShortReplacement> beyond = shortfalls.of(order(true, ExchangeStatus.CONFIRMED));

        assertThat(beyond).containsExactly(new ShortReplacement("L2", "SKU-2-32", "长裤 32", 2, 1));
        assertThat(beyond.get(0).extra()).isEqualTo(1);
        assertThat(beyond.get(0).describe()).isEqualTo("L2 SKU-2-32 长裤 32: shipped 2, accepted 1");
    }

    @Test
    void everyLineOfARejectedReturnIsShort() {
        exchanged = List.of();

        assertThat(shortfalls.of(order(true, ExchangeStatus.CONFIRMED))).extracting(ShortReplacement::lineId)
                .containsExactly("L1", "L2");
    }

    @Test
    void linesAcceptedInFullAreNotShort() {
        // inspected and accepted in full, or not inspected by hand: the port gives the requested pieces
        exchanged = List.of(accepted("L1", 1), accepted("L2", 2));

        assertThat(shortfalls.of(order(true, ExchangeStatus.CONFIRMED))).isEmpty();
    }

    @Test
    void anOrderPlacedAfterInspectionIsNeverShort() {
        // placed for what the port gave then; whatever it answers now, nothing went out at request
        exchanged = List.of(accepted("L2", 1));

        assertThat(shortfalls.of(order(false, ExchangeStatus.CONFIRMED))).isEmpty();
    }

    @Test
    void anInstantOrderTheShopRefusedShippedNothing() {
        exchanged = List.of(accepted("L2", 1));

        assertThat(shortfalls.of(order(true, ExchangeStatus.OUT_OF_STOCK))).isEmpty();
        assertThat(shortfalls.of(order(true, ExchangeStatus.REFUSED))).isEmpty();
    }

    @Test
    void anInstantOrderNotAnsweredYetMayStillShip() {
        exchanged = List.of(accepted("L1", 1), accepted("L2", 1));

        assertThat(shortfalls.of(order(true, ExchangeStatus.PENDING))).extracting(ShortReplacement::lineId)
                .containsExactly("L2");
        assertThat(shortfalls.of(order(true, ExchangeStatus.PLACING))).extracting(ShortReplacement::lineId)
                .containsExactly("L2");
    }

    @Test
    void aLineAcceptedInFullIsNotAShortOne() {
        assertThatThrownBy(() -> new ShortReplacement("L1", "SKU-1-L", "衬衫 L", 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ExchangeOrder order(boolean instant, ExchangeStatus status) {
        return new ExchangeOrder("EX-R-1", "R-1", "O-1", "C-1", status, instant, null, null, AT, null, List.of(
                new ExchangeOrder.Line("L1", "SKU-1-L", "衬衫 L", 1, new BigDecimal("120.00")),
                new ExchangeOrder.Line("L2", "SKU-2-32", "长裤 32", 2, new BigDecimal("199.00"))));
    }

    private static ReturnSettlements.ExchangeLine accepted(String lineId, int quantity) {
        return new ReturnSettlements.ExchangeLine(lineId, "SKU-" + lineId, "returned " + lineId, quantity,
                new BigDecimal("120.00"), "replacement of " + lineId, "replacement", new BigDecimal("120.00"));
    }

    /** The port: the exchanged lines the test set, for the one return. */
    private final class Settlements implements ReturnSettlements {

        @Override
        public Optional<StoreCreditTerms> storeCredit(String returnId) {
            return Optional.empty();
        }

        @Override
        public List<ExchangeLine> exchangeLines(String returnId) {
            assertThat(returnId).isEqualTo("R-1");
            return exchanged;
        }

        @Override
        public List<String> exchangeRefused(String returnId, String reason, String actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void chooseFallback(String returnId, Resolution choice, String actor) {
            throw new UnsupportedOperationException();
        }
    }
}
