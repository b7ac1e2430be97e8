package io.returnflow.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.returnflow.storecredit.StoreCredit;
import io.returnflow.storecredit.StoreCreditSettled;
import org.junit.jupiter.api.Test;

/** Operations' figures of store credit: counted per outcome and channel, the credited value and the bonus apart. */
class StoreCreditMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JourneyMeters meters = new JourneyMeters(registry, mock(BusinessFigures.class));

    @Test
    void countsStoreCreditsWithTheBonusApartFromTheValue() {
        OffsetDateTime at = OffsetDateTime.parse("2026-12-07T10:00:00+08:00");
        meters.storeCreditSettled(new StoreCreditSettled("R-1", StoreCredit.Status.ISSUED, new BigDecimal("99.00"),
                new BigDecimal("10.00"), "cny", false, at));
        meters.storeCreditSettled(new StoreCreditSettled("R-2", StoreCredit.Status.ISSUED, new BigDecimal("50.00"),
                BigDecimal.ZERO, "CNY", true, at));
        meters.storeCreditSettled(new StoreCreditSettled("R-3", StoreCredit.Status.FAILED, new BigDecimal("20.00"),
                new BigDecimal("2.00"), "CNY", false, at));

        assertThat(registry.get("returnflow.store_credits").tags("outcome", "issued", "channel", "provider",
                "currency", "CNY").counter().count()).isEqualTo(1);
        assertThat(registry.get("returnflow.store_credits").tags("outcome", "issued", "channel", "by_hand")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("returnflow.store_credits.amount").tags("outcome", "issued", "currency", "CNY")
                .counter().count()).isEqualTo(149.00);
        assertThat(registry.get("returnflow.store_credits.bonus").tags("outcome", "issued", "currency", "CNY")
                .counter().count()).isEqualTo(10.00);
        assertThat(registry.get("returnflow.store_credits.bonus").tags("outcome", "failed").counter().count())
                .isEqualTo(2.00);
    }
}
