package io.returnflow.settlement;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Freight rates and carrier reconciliation ({@code returnflow.settlement}).
 *
 * @param zone               the zone in which carrier statements date their charges (and our bookings are dated)
 * @param maxStatementRows   the most data rows one uploaded statement may have
 * @param rates              the carriers' rate table; see {@link RateTable} for how a row is chosen
 */
@ConfigurationProperties("returnflow.settlement")
public record SettlementProperties(ZoneId zone, int maxStatementRows, List<Rate> rates) {

    public SettlementProperties {
        rates = rates == null ? List.of() : List.copyOf(rates);
    }

    /**
     * One row of a carrier's rate table: {@code firstKg} for the first kilogram and
     * {@code additionalKg} for every started kilogram beyond it.
     *
     * @param service the service the row prices; {@code null} for both
     * @param from    origin province, or {@code *} for any
     * @param to      destination province, or {@code *} for any
     */
    public record Rate(String carrier, FreightService service, String from, String to, BigDecimal firstKg,
                       BigDecimal additionalKg) {
    }
}
