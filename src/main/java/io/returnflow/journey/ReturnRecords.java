package io.returnflow.journey;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which of the records that steps of a return's journey write beside the return exist for it, in one statement:
 * the return's resource reads a record only when it exists. A return has none of them when requested and gets
 * them one by one as its journey goes on, so reading each table blindly costs a statement per table for every
 * answer and every merchant event's snapshot; asking the tables themselves (never guessing from the status)
 * keeps every answer exactly as reading them would.
 */
@Component
class ReturnRecords {

    private final JdbcClient jdbc;

    ReturnRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What exists for the return now. */
    Present of(String returnId) {
        return jdbc.sql("""
                        select exists (select 1 from refunds where return_id = :id) as refund,
                               exists (select 1 from inspection_results where return_id = :id) as inspection,
                               exists (select 1 from line_dispositions where return_id = :id) as dispositions,
                               exists (select 1 from store_credits where return_id = :id) as store_credit,
                               exists (select 1 from exchange_orders where return_id = :id) as exchange_order,
                               exists (select 1 from risk_assessments where return_id = :id) as risk""")
                .param("id", returnId)
                .query((rs, n) -> new Present(rs.getBoolean("refund"), rs.getBoolean("inspection"),
                        rs.getBoolean("dispositions"), rs.getBoolean("store_credit"), rs.getBoolean("exchange_order"),
                        rs.getBoolean("risk")))
                .single();
    }

    /**
     * Whether the return has a refund, inspection results, line dispositions, a store credit, an exchange order
     * and a risk assessment.
     */
    record Present(boolean refund, boolean inspection, boolean dispositions, boolean storeCredit,
                   boolean exchangeOrder, boolean risk) {
    }
}
