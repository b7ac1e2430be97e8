package io.returnflow.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.returnflow.returns.ReturnSettlements;

/**
 * Which replacements an instant exchange shipped beyond what inspection accepted. An instant order is placed at
 * request for the requested quantities of the exchanged lines, before anybody has seen the returned items; once
 * inspection has accepted fewer pieces of such a line (or none), the difference went to the buyer for nothing.
 * An order placed after inspection is placed for the accepted pieces only, and so is never short.
 */
@Service
public class InstantExchangeShortfalls {

    private final ExchangeOrders orders;
    private final ReturnSettlements settlements;

    InstantExchangeShortfalls(ExchangeOrders orders, ReturnSettlements settlements) {
        this.orders = orders;
        this.settlements = settlements;
    }

    /**
     * The lines of the return's instant exchange order shipped beyond the accepted quantities, in line order; empty
     * when the return has no instant order, when the shop refused it or had no stock (nothing was shipped), or when
     * every line was accepted in full. A return nobody inspected counts as accepted in full.
     */
    public List<ShortReplacement> of(String returnId) {
        return orders.ofReturn(returnId).map(this::of).orElse(List.of());
    }

    /** As {@link #of(String)}, for the return's exchange order already read. */
    List<ShortReplacement> of(ExchangeOrder order) {
        return of(order, order.instant() && shipsReplacements(order) ? settlements.exchangeLines(order.returnId())
                : List.of());
    }

    /**
     * The rule: the lines of an exchange order shipped beyond the exchanged lines as they stand now
     * ({@link ReturnSettlements#exchangeLines}: the accepted quantities; a line it no longer lists had none accepted).
     * Only an instant order that the shop ships, or may still ship (confirmed, or not answered yet), can be short: an
     * order placed after inspection is placed for the accepted pieces, and one out of stock or refused ships nothing.
     */
    public static List<ShortReplacement> of(ExchangeOrder order, List<ReturnSettlements.ExchangeLine> exchanged) {
        if (!order.instant() || !shipsReplacements(order)) {
            return List.of();
        }
        Map<String, Integer> accepted = exchanged.stream().collect(Collectors.toMap(
                ReturnSettlements.ExchangeLine::lineId, ReturnSettlements.ExchangeLine::quantity, Integer::sum));
        List<ShortReplacement> beyond = new ArrayList<>();
        for (ExchangeOrder.Line line : order.lines()) {
            int kept = accepted.getOrDefault(line.lineId(), 0);
            if (kept < line.quantity()) {
                beyond.add(new ShortReplacement(line.lineId(), line.sku(), line.name(), line.quantity(), kept));
            }
        }
        return List.copyOf(beyond);
    }

    private static boolean shipsReplacements(ExchangeOrder order) {
        return order.status() != ExchangeStatus.OUT_OF_STOCK && order.status() != ExchangeStatus.REFUSED;
    }
}
