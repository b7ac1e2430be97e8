package io.returnflow.storecredit.sandbox;

import io.returnflow.support.SharedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Exactly once against the sandbox over HTTP, on PostgreSQL as production runs the ledger: there a request that
 * meets another's uncommitted key waits for it and then finds its answer, and a statement that fails aborts its
 * transaction, which H2 does not.
 */
class StoreCreditSandboxRoundTripPostgresTest extends StoreCreditSandboxRoundTripTest {

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "storecredit");
    }
}
