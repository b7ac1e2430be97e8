package io.returnflow.risk;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.returnflow.support.SharedPostgres;

/** {@link RiskHistoryTest}'s history and facts on PostgreSQL (production's database). */
class RiskHistoryPostgresTest extends RiskHistoryTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "riskhistory");
    }
}
