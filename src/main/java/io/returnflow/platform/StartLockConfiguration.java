package io.returnflow.platform;

import javax.sql.DataSource;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Where a start takes and gives back the {@link StartLock}. Taken by whichever of the two first writers runs first:
 * Flyway's migrations (before it migrates) or the engine (the first plugin's {@code preInit}, before the engine
 * creates or checks its schema, creates the first admin and the "All tasks" filter, deploys the release's models and
 * makes the job due-date index); the other finds it held. Given back when the application is ready, after every
 * {@code ApplicationRunner} (groups, grants, Tasklist filters, demo users, stores, the release's model check), or
 * when the start failed; and at the latest when the context closes.
 */
@Configuration(proxyBeanMethods = false)
class StartLockConfiguration {

    @Bean
    StartLock startLock(DataSource dataSource, StartLockProperties properties) {
        return new StartLock(dataSource, properties);
    }

    @Bean
    FlywayMigrationStrategy startLockBeforeMigrations(StartLock lock) {
        return flyway -> {
            lock.acquire();
            flyway.migrate();
        };
    }

    @Bean
    ProcessEnginePlugin startLockBeforeTheEngine(StartLock lock) {
        return new StartLockPlugin(lock);
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> startLockGivenBackWhenReady(StartLock lock) {
        return ready -> lock.release();
    }

    @Bean
    ApplicationListener<ApplicationFailedEvent> startLockGivenBackWhenFailed(StartLock lock) {
        return failed -> lock.release();
    }

    /** The first of the engine's plugins. */
    private static final class StartLockPlugin extends AbstractProcessEnginePlugin implements Ordered {

        private final StartLock lock;

        StartLockPlugin(StartLock lock) {
            this.lock = lock;
        }

        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            lock.acquire();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public String toString() {
            return "StartLock";
        }
    }
}
