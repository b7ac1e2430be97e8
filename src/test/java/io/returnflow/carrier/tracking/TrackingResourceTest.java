package io.returnflow.carrier.tracking;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.returnflow.support.MutableClock;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.platform.DatabaseOutage;
import io.returnflow.platform.DatabaseOutageProperties;
import io.returnflow.platform.ProblemHandlers;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** Operations' view of parked tracking subscriptions. */
class TrackingResourceTest {

    private MockMvc mvc;
    private TrackingSubscriptions subscriptions;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        MigratedDatabase db = MigratedDatabase.migrated();
        clock = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
        subscriptions = new TrackingSubscriptions(db.jdbc(), db.dataSource());
        mvc = MockMvcBuilders.standaloneSetup(new TrackingResource(subscriptions, clock))
                .setControllerAdvice(new ProblemHandlers(Jackson2ObjectMapperBuilder.json().build(),
                        new DatabaseOutage(new DatabaseOutageProperties(Duration.ofSeconds(5)))))
                .build();
    }

    @Test
    void parkedSubscriptionsAreListedWithTheReasonAndCanBePutBackInLine() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(clock);
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", now);
        subscriptions.request("SB0000000002", "SF", "RF-R-2-1", "R-2", now);
        subscriptions.park("SB0000000001", true, "refused by the carrier: 单号格式错误");

        mvc.perform(get("/api/carrier-inbox/tracking"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].waybill").value("SB0000000001"))
                .andExpect(jsonPath("$[0].returnId").value("R-1"))
                .andExpect(jsonPath("$[0].status").value("PARKED"))
                .andExpect(jsonPath("$[0].lastError").value("refused by the carrier: 单号格式错误"));
        mvc.perform(get("/api/carrier-inbox/tracking").param("status", "requested"))
                .andExpect(jsonPath("$[0].waybill").value("SB0000000002"));

        mvc.perform(post("/api/carrier-inbox/tracking/SB0000000001/requeue"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REQUESTED"))
                .andExpect(jsonPath("$.attempts").value(0));
        mvc.perform(post("/api/carrier-inbox/tracking/SB0000000001/requeue"))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/carrier-inbox/tracking/SB-UNKNOWN/requeue"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/carrier-inbox/tracking").param("status", "LOST"))
                .andExpect(status().isBadRequest());
    }
}
