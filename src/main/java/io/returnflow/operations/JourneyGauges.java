package io.returnflow.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The gauges read from the database and the engine: where the journeys stand, the people's open and overdue
 * tasks, the carrier inbox, parked tracking subscriptions, open incidents and the returned lines per disposition.
 * They are read on a schedule ({@code returnflow.metrics.gauge-refresh}), never by a scrape, so scrapes cost the database nothing. The
 * figures are the cluster's (one database), so every node reports the same: sum counters across nodes, not
 * these. A figure that cannot be read keeps its last value until the next refresh.
 */
@Component
class JourneyGauges {

    private static final Logger log = LoggerFactory.getLogger(JourneyGauges.class);

    private final BusinessFigures business;
    private final EngineFigures engine;
    private final Clock clock;

    private final MultiGauge journeys;
    private final MultiGauge openTasks;
    private final MultiGauge overdueTasks;
    private final MultiGauge inboxEntries;
    private final MultiGauge inboxOldest;
    private final MultiGauge parkedSubscriptions;
    private final MultiGauge incidents;
    private final MultiGauge dispositions;

    public JourneyGauges(BusinessFigures business, EngineFigures engine, MeterRegistry registry, Clock clock) {
        this.business = business;
        this.engine = engine;
        this.clock = clock;
        journeys = MultiGauge.builder("returnflow.journeys")
                .description("Returns in each status (cluster-wide, from the database)")
                .register(registry);
        openTasks = MultiGauge.builder("returnflow.tasks.open")
                .description("Open human tasks per kind (cluster-wide)")
                .register(registry);
        overdueTasks = MultiGauge.builder("returnflow.tasks.overdue")
                .description("Open human tasks past their due date (SLA) per kind (cluster-wide)")
                .register(registry);
        inboxEntries = MultiGauge.builder("returnflow.carrier.inbox.entries")
                .description("Carrier pushes waiting in the inbox (pending) or given up on (parked), per carrier")
                .register(registry);
        inboxOldest = MultiGauge.builder("returnflow.carrier.inbox.oldest.pending.age")
                .description("How long the oldest pending carrier push has waited, per carrier")
                .baseUnit("seconds")
                .register(registry);
        parkedSubscriptions = MultiGauge.builder("returnflow.tracking.subscriptions.parked")
                .description("Tracking subscriptions given up on, waiting for operations, per carrier")
                .register(registry);
        incidents = MultiGauge.builder("returnflow.incidents.open")
                .description("Open engine incidents per process, activity and type (cluster-wide)")
                .register(registry);
        dispositions = MultiGauge.builder("returnflow.lines.dispositioned")
                .description("Returned lines per disposition the warehouse recorded (cluster-wide)")
                .register(registry);
    }

    @Scheduled(fixedDelayString = "${returnflow.metrics.gauge-refresh:15s}")
    public void refresh() {
        refresh("journeys", () -> business.returnsByStatus().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("status", e.getKey().name()), e.getValue()))
                .toList(), journeys);
        List<EngineFigures.TaskFigure> tasks = read("open tasks", () -> engine.openTasks(Date.from(clock.instant())));
        if (tasks != null) {
            openTasks.register(tasks.stream().map(t -> MultiGauge.Row.of(taskTags(t), t.open())).toList(), true);
            overdueTasks.register(tasks.stream().map(t -> MultiGauge.Row.of(taskTags(t), t.overdue())).toList(),
                    true);
        }
        List<BusinessFigures.InboxFigure> inbox = read("carrier inbox", business::carrierInbox);
        if (inbox != null) {
            OffsetDateTime now = OffsetDateTime.now(clock);
            inboxEntries.register(inbox.stream().map(f -> MultiGauge.Row.of(
                    Tags.of("carrier", f.carrier(), "status", f.status().toLowerCase(Locale.ROOT)),
                    f.entries())).toList(), true);
            inboxOldest.register(inbox.stream().filter(f -> "PENDING".equals(f.status()) && f.oldest() != null)
                    .map(f -> MultiGauge.Row.of(Tags.of("carrier", f.carrier()),
                            Math.max(0, Duration.between(f.oldest(), now).toMillis() / 1000.0)))
                    .toList(), true);
        }
        refresh("parked tracking subscriptions", () -> business.parkedSubscriptionsByCarrier().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("carrier", e.getKey()), e.getValue()))
                .toList(), parkedSubscriptions);
        refresh("incidents", () -> engine.openIncidents().stream()
                .map(i -> MultiGauge.Row.of(Tags.of("process", i.process(), "activity", i.activity(),
                        "type", i.type()), i.incidents()))
                .toList(), incidents);
        refresh("dispositions", () -> business.linesByDisposition().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("disposition", e.getKey().name()), e.getValue()))
                .toList(), dispositions);
    }

    private static Tags taskTags(EngineFigures.TaskFigure task) {
        return Tags.of("process", task.process(), "task", task.task());
    }

    private static void refresh(String what, Supplier<List<? extends MultiGauge.Row<?>>> rows, MultiGauge gauge) {
        List<? extends MultiGauge.Row<?>> read = read(what, rows);
        if (read != null) {
            gauge.register(read, true);
        }
    }

    /** The figures, or null (logged) when they cannot be read now: the gauges keep their last values. */
    private static <T> T read(String what, Supplier<T> figures) {
        try {
            return figures.get();
        } catch (RuntimeException e) {
            log.warn("Metrics: the {} could not be read, keeping the last figures: {}", what, e.toString());
            return null;
        }
    }
}
