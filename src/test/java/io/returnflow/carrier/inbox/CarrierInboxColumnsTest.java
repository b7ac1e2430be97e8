package io.returnflow.carrier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.Test;

/** The lengths the webhook checks before storing are the columns' own: a migration that changes one fails here. */
class CarrierInboxColumnsTest {

    @Test
    void theCheckedLengthsAreTheColumnSizes() {
        MigratedDatabase db = MigratedDatabase.migrated();

        assertThat(size(db, "request_type")).isEqualTo(CarrierInbox.MAX_REQUEST_TYPE_LENGTH);
        assertThat(size(db, "order_code")).isEqualTo(CarrierInbox.MAX_ORDER_CODE_LENGTH);
        assertThat(size(db, "return_id")).isEqualTo(CarrierInbox.MAX_RETURN_ID_LENGTH);
        assertThat(size(db, "last_error")).isEqualTo(CarrierInbox.MAX_ERROR_LENGTH);
    }

    private static int size(MigratedDatabase db, String column) {
        return db.jdbc().sql("""
                        select character_maximum_length from information_schema.columns
                         where lower(table_name) = 'carrier_inbox' and lower(column_name) = :column""")
                .param("column", column)
                .query(Integer.class).single();
    }
}
