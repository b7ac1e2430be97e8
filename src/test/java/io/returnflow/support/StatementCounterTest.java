package io.returnflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which table the statement counter charges a statement to. */
class StatementCounterTest {

    @Test
    void aStatementIsOnTheFirstTableItNamesOutsideItsSubQueries() {
        assertThat(StatementCounter.tableOf("select * from returns r left join return_items i on i.return_id = r.id"))
                .contains("returns");
        assertThat(StatementCounter.tableOf("insert into notifications (id) select ? where not exists "
                + "(select 1 from notifications where id = ?)")).contains("notifications");
    }

    @Test
    void aStatementOfSubQueriesOnlyIsOnTheFirstTableTheyName() {
        assertThat(StatementCounter.tableOf("select exists (select 1 from refunds where return_id = ?) as refund, "
                + "exists (select 1 from store_credits where return_id = ?) as store_credit")).contains("refunds");
        assertThat(StatementCounter.tableOf("select 1")).isEmpty();
    }
}
