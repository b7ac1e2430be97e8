package io.returnflow.dropoff;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads the stores of a seed file ({@code returnflow.stores.seed}) and binds their clerks at start;
 * repeatable. The seed file owns a store until operations change it through the API: from then on
 * their version stays,
 * clerk bindings included. A store with an invalid consolidation rule stops the start.
 */
@Component
@ConditionalOnProperty("returnflow.stores.seed")
class StoreSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StoreSeeder.class);

    private final Stores stores;
    private final StoreClerks clerks;
    private final ResourceLoader resources;
    private final ObjectMapper json;
    private final Clock clock;
    private final String seed;

    public StoreSeeder(Stores stores, StoreClerks clerks, ResourceLoader resources, ObjectMapper json, Clock clock,
                       @Value("${returnflow.stores.seed}") String seed) {
        this.stores = stores;
        this.clerks = clerks;
        this.resources = resources;
        this.json = json;
        this.clock = clock;
        this.seed = seed;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) throws IOException {
        if (seed.isBlank()) {
            return;
        }
        List<SeededStore> seeded;
        try (InputStream in = resources.getResource(seed).getInputStream()) {
            seeded = json.readValue(in, new TypeReference<>() { });
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        int written = 0;
        for (SeededStore s : seeded) {
            Store store = s.toStore();
            ConsolidationSchedule.problem(store.consolidationSchedule(), now.toInstant()).ifPresent(problem -> {
                throw new IllegalStateException("Seed " + seed + ", store " + store.id()
                        + ": consolidationSchedule " + problem);
            });
            if (store.phone() == null || store.phone().isBlank()) {
                throw new IllegalStateException("Seed " + seed + ", store " + store.id()
                        + ": phone is needed (the courier of its shipments calls it)");
            }
            if (store.consolidationParcels() < 1) {
                throw new IllegalStateException("Seed " + seed + ", store " + store.id()
                        + ": consolidationParcels must be at least 1");
            }
            if (!stores.seed(store, now)) {
                continue; // operations own this store now, its clerks included
            }
            written++;
            for (String clerk : s.clerks() == null ? List.<String>of() : s.clerks()) {
                clerks.bind(store.id(), clerk, Stores.SEED, now);
            }
        }
        log.info("Seeded {} of {} stores from {} (the others were changed by operations)", written, seeded.size(),
                seed);
    }

    /** A store as the seed file lists it, with the clerks bound to it. */
    record SeededStore(String id, String name, String province, String city, String district, String address,
                       String postCode, String phone, String openingHours, String carrierAccount,
                       Integer consolidationParcels, String consolidationSchedule, Boolean active,
                       List<String> clerks) {

        Store toStore() {
            return new Store(id, name, province, city, district, address, postCode, phone, openingHours,
                    carrierAccount,
                    consolidationParcels == null ? Store.DEFAULT_CONSOLIDATION_PARCELS : consolidationParcels,
                    consolidationSchedule == null ? Store.DEFAULT_CONSOLIDATION_SCHEDULE : consolidationSchedule,
                    active == null || active);
        }
    }
}
