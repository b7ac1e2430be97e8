package io.returnflow.dropoff;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Loads the stores of a seed file (returnflow.stores.seed) at start; repeatable. */
@Component
@ConditionalOnProperty("returnflow.stores.seed")
public class StoreSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StoreSeeder.class);

    private final Stores stores;
    private final ResourceLoader resources;
    private final ObjectMapper json;
    private final String seed;

    public StoreSeeder(Stores stores, ResourceLoader resources, ObjectMapper json,
                       @org.springframework.beans.factory.annotation.Value("${returnflow.stores.seed}") String seed) {
        this.stores = stores;
        this.resources = resources;
        this.json = json;
        this.seed = seed;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) throws IOException {
        if (seed.isBlank()) {
            return;
        }
        try (InputStream in = resources.getResource(seed).getInputStream()) {
            List<Store> seeded = json.readValue(in, new TypeReference<>() { });
            seeded.forEach(stores::save);
            log.info("Seeded {} stores from {}", seeded.size(), seed);
        }
    }
}
