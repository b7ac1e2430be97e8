package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.dropoff.CheckInAudit.Attempt;
import io.returnflow.dropoff.CheckInAudit.Kind;
import io.returnflow.dropoff.CheckInAudit.Outcome;
import io.returnflow.support.Eventually;
import io.returnflow.support.MigratedDatabase;

/** V9 and the store network's repositories on both databases the product runs on. */
class StoreNetworkDatabaseTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 26, 2, 20, 0, 0, ZoneOffset.UTC);

    static Stream<MigratedDatabase> databases() {
        return Stream.of(MigratedDatabase.migrated(), MigratedDatabase.onPostgres());
    }

    static Store store(String id, int parcels, boolean active) {
        return new Store(id, "南山店", "广东省", "深圳市", "南山区", "科技园 2 号", "518000", null, "09:00-21:00", "7550000001",
                parcels, "0/30 * * * * ?", active);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void storesAreCreatedChangedDeactivatedAndSeededWithoutUndoingOperations(MigratedDatabase db) {
        Stores stores = new Stores(db.jdbc(), db.dataSource());

        assertThat(stores.create(store("S-1", 3, true), "ops", NOW)).isTrue();
        assertThat(stores.create(store("S-1", 4, true), "ops", NOW)).isFalse();
        assertThat(stores.find("S-1").orElseThrow()).isEqualTo(store("S-1", 3, true));

        assertThat(stores.deactivate("S-1", "ops", NOW)).isTrue();
        assertThat(stores.find("S-1")).isEmpty();
        assertThat(stores.findAny("S-1").orElseThrow().active()).isFalse();
        assertThat(stores.inCity("深圳市")).isEmpty();

        // operations changed S-1: the seed leaves it; S-2 is the seed's, and follows the file
        assertThat(stores.seed(store("S-1", 9, true), NOW)).isFalse();
        assertThat(stores.findAny("S-1").orElseThrow().active()).isFalse();
        assertThat(stores.seed(store("S-2", 5, true), NOW)).isTrue();
        assertThat(stores.seed(store("S-2", 6, true), NOW)).isTrue();
        assertThat(stores.find("S-2").orElseThrow().consolidationParcels()).isEqualTo(6);

        assertThat(stores.update(store("S-1", 7, true), "ops", NOW)).isTrue();
        assertThat(stores.update(store("S-9", 7, true), "ops", NOW)).isFalse();
        assertThat(stores.withIds(List.of("S-2", "S-1"))).extracting(Store::id).containsExactly("S-1", "S-2");
        assertThat(stores.inCity(null)).extracting(Store::consolidationParcels).containsExactly(7, 6);

        // a store of before V9 gets the default rule
        db.jdbc().sql("insert into stores (id, name, province, city, address) values ('S-OLD', 'old', '广东省', '深圳市', 'x')")
                .update();
        Store old = stores.find("S-OLD").orElseThrow();
        assertThat(old.consolidationParcels()).isEqualTo(Store.DEFAULT_CONSOLIDATION_PARCELS);
        assertThat(old.consolidationSchedule()).isEqualTo(Store.DEFAULT_CONSOLIDATION_SCHEDULE);
        assertThat(old.carrierAccount()).isNull();

        assertThatThrownBy(() -> stores.create(store("S-0", 0, true), "ops", NOW))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void clerksAreBoundOnceAndAttemptsAreAudited(MigratedDatabase db) {
        Stores stores = new Stores(db.jdbc(), db.dataSource());
        stores.create(store("S-1", 3, true), "ops", NOW);
        stores.create(store("S-2", 3, false), "ops", NOW);
        StoreClerks clerks = new StoreClerks(db.jdbc(), db.dataSource());

        assertThat(clerks.bind("S-2", "clerk", "ops", NOW)).isTrue();
        assertThat(clerks.bind("S-1", "clerk", "ops", NOW)).isTrue();
        assertThat(clerks.bind("S-1", "clerk", "ops", NOW)).isFalse();
        assertThat(clerks.isBound("S-1", "clerk")).isTrue();
        assertThat(clerks.storesOf("clerk")).containsExactly("S-1", "S-2");
        assertThat(clerks.clerksOf("S-1")).containsExactly("clerk");
        assertThat(clerks.unbind("S-1", "clerk")).isTrue();
        assertThat(clerks.unbind("S-1", "clerk")).isFalse();
        assertThat(clerks.isBound("S-1", "clerk")).isFalse();

        CheckInAudit audit = new CheckInAudit(db.jdbc(), db.transactions());
        audit.record(new Attempt(NOW, "S-1", "clerk", "10.0.0.1", Kind.CHECK_IN, Outcome.MALFORMED, null, null, 3));
        audit.record(new Attempt(NOW, "S-" + "X".repeat(40), "clerk", "2001:db8::1", Kind.PREVIEW, Outcome.UNKNOWN,
                "ab".repeat(32), null, 12));
        assertThat(db.jdbc().sql("select outcome from check_in_attempts order by id").query(String.class).list())
                .containsExactly("MALFORMED", "UNKNOWN");
        assertThat(db.jdbc().sql("select elapsed_ms from check_in_attempts where outcome = 'UNKNOWN'")
                .query(Integer.class).single()).isEqualTo(12);
    }

    @Test
    void seedingInOneTransactionGoesOnWhenAnotherNodeInsertsTheSameStoreMeanwhile() throws Exception {
        MigratedDatabase db = MigratedDatabase.onPostgres();
        Stores stores = new Stores(db.jdbc(), db.dataSource());
        try (Connection otherNode = db.dataSource().getConnection()) {
            otherNode.setAutoCommit(false);
            try (Statement insert = otherNode.createStatement()) {
                insert.executeUpdate("insert into stores (id, name, province, city, address, phone, updated_by)"
                        + " values ('S-1', 'other node', '广东省', '深圳市', '科技园', '0755', 'seed')");
            }
            // this node's seeding does not see the other's row yet, inserts it too and waits for the other's commit
            CompletableFuture<Boolean> seeding = CompletableFuture.supplyAsync(() ->
                    new TransactionTemplate(db.transactions()).execute(status -> {
                        boolean created = stores.create(store("S-1", 3, true), Stores.SEED, NOW);
                        stores.create(store("S-2", 3, true), Stores.SEED, NOW);
                        return created;
                    }));
            Eventually.await("the seeding waiting for the other node's row", Duration.ofMinutes(2),
                    () -> db.jdbc().sql("select count(*) from pg_stat_activity where datname = current_database()"
                            + " and wait_event_type = 'Lock'").query(Integer.class).single() > 0);
            otherNode.commit();

            assertThat(seeding.get()).isFalse();
        }
        assertThat(stores.findAny("S-1")).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("other node"));
        assertThat(stores.findAny("S-2")).isPresent();
    }
}
