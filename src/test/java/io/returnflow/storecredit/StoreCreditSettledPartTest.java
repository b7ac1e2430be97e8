package io.returnflow.storecredit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.Test;

/** A return's resolutions stand once its store credit is in the ledger, even only intended. */
class StoreCreditSettledPartTest {

    @Test
    void theCreditIsASettledPartFromItsIntentOn() {
        StoreCreditLedger ledger = new StoreCreditLedger(MigratedDatabase.migrated().jdbc());
        StoreCreditSettledPart part = new StoreCreditSettledPart(ledger);
        assertThat(part.settledPart("R-1")).isEmpty();

        ledger.intend(new CreditOrder("credit:R-1", "R-1", "cus_1", "SO-1", "CNY", new BigDecimal("99.00"),
                new BigDecimal("10.00")), OffsetDateTime.parse("2026-12-07T10:00:00+08:00"));

        assertThat(part.settledPart("R-1")).contains("store credit INTENDED");
    }
}
