package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * A job's external calls must end well before its lock does: the start is refused when the clients' timeouts ×
 * attempts × calls per job exceed the allowed share of the lock time, or when a Feign client is missing from the
 * budget; the product's own profiles fit.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobCallBudgetCheckTest {

    /** A Feign client of the application, as the product's are declared. */
    @FeignClient(name = "probe", url = "http://probe.invalid")
    interface ProbeClient {
        @GetMapping("/ping")
        String ping();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableFeignClients(clients = ProbeClient.class)
    static class ProbeClients {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FeignAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class))
            .withUserConfiguration(ProbeClients.class)
            .withBean(JobCallBudgetCheck.class)
            .withPropertyValues("camunda.bpm.job-execution.lock-time-in-millis=30000",
                    "returnflow.jobs.call-budget.max-share-of-lock=0.5",
                    "spring.cloud.openfeign.client.config.probe.connect-timeout=1000",
                    "spring.cloud.openfeign.client.config.probe.read-timeout=4000");

    @Test
    void acceptsCallsThatFitWellWithinTheLock() {
        // (1 s + 4 s) × 1 × 3 = 15 s: half of the 30 s lock
        runner.withPropertyValues("returnflow.jobs.call-budget.clients.probe.calls-per-job=3")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ProbeClient.class));
    }

    @Test
    void refusesCallsThatMayOutlastTheAllowedShareOfTheLock() {
        // (1 s + 4 s) × 2 attempts × 2 calls = 20 s > 15 s
        runner.withPropertyValues("returnflow.jobs.call-budget.clients.probe.calls-per-job=2",
                "returnflow.jobs.call-budget.clients.probe.attempts=2").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(JobCallBudgetCheck.JobsMayOutlastTheirLock.class)
                    .hasMessageContaining("one job's external calls may take 20000 ms")
                    .hasMessageContaining("probe (1000 ms connect + 4000 ms read) × 2 attempts × 2 calls")
                    .hasMessageContaining("camunda.bpm.job-execution.lock-time-in-millis = 30000 ms (15000 ms");
        });
        // the same calls fit a longer lock
        runner.withPropertyValues("returnflow.jobs.call-budget.clients.probe.calls-per-job=2",
                "returnflow.jobs.call-budget.clients.probe.attempts=2",
                "camunda.bpm.job-execution.lock-time-in-millis=40000")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aClientOfSeparateJobsIsBudgetedAloneNotAddedToTheOthers() {
        JobCallBudgetCheck.Timeouts fiveSeconds = new JobCallBudgetCheck.Timeouts(Duration.ofSeconds(1),
                Duration.ofSeconds(4));
        // 10 s + 10 s shared, 10 s alone: within the 20 s allowed of a 40 s lock only while the third stays apart
        JobCallBudgetProperties apart = new JobCallBudgetProperties(0.5, java.util.Map.of(
                "a", new JobCallBudgetProperties.Client(2, 1), "b", new JobCallBudgetProperties.Client(2, 1),
                "own", new JobCallBudgetProperties.Client(2, 1, true)));
        assertThat(JobCallBudgetCheck.check(apart, Duration.ofSeconds(40), name -> fiveSeconds)).isEmpty();
        JobCallBudgetProperties together = new JobCallBudgetProperties(0.5, java.util.Map.of(
                "a", new JobCallBudgetProperties.Client(2, 1), "b", new JobCallBudgetProperties.Client(2, 1),
                "own", new JobCallBudgetProperties.Client(2, 1)));
        assertThat(JobCallBudgetCheck.check(together, Duration.ofSeconds(40), name -> fiveSeconds))
                .singleElement().asString().contains("30000 ms");
        // alone, it must still fit by itself
        JobCallBudgetProperties tooLongAlone = new JobCallBudgetProperties(0.5, java.util.Map.of(
                "own", new JobCallBudgetProperties.Client(5, 1, true)));
        assertThat(JobCallBudgetCheck.check(tooLongAlone, Duration.ofSeconds(40), name -> fiveSeconds))
                .singleElement().asString().contains("25000 ms").contains("own (1000 ms connect");
    }

    @Test
    void refusesAClientWithoutTimeoutsAtFeignsDefaults() {
        // no timeouts configured: Feign waits 10 s to connect and 60 s to read
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FeignAutoConfiguration.class,
                        HttpMessageConvertersAutoConfiguration.class))
                .withUserConfiguration(ProbeClients.class).withBean(JobCallBudgetCheck.class)
                .withPropertyValues("camunda.bpm.job-execution.lock-time-in-millis=60000",
                        "returnflow.jobs.call-budget.clients.probe.calls-per-job=1")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasMessageContaining("probe (10000 ms connect + 60000 ms read)"));
        // the default config's timeouts count for a client without its own
        runner.withPropertyValues("returnflow.jobs.call-budget.clients.probe.calls-per-job=1",
                        "spring.cloud.openfeign.client.config.probe.connect-timeout=",
                        "spring.cloud.openfeign.client.config.probe.read-timeout=",
                        "spring.cloud.openfeign.client.config.default.connect-timeout=2000",
                        "spring.cloud.openfeign.client.config.default.read-timeout=30000")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasMessageContaining("probe (2000 ms connect + 30000 ms read)"));
    }

    @Test
    void refusesAFeignClientMissingFromTheBudget() {
        runner.run(context -> assertThat(context.getStartupFailure())
                .hasMessageContaining("the HTTP client probe is missing from returnflow.jobs.call-budget.clients"));
    }

    @Test
    void theEngineDefaultLockCountsWhenNoneIsConfigured() {
        JobCallBudgetProperties budget = new JobCallBudgetProperties(0.5,
                java.util.Map.of("slow", new JobCallBudgetProperties.Client(1, 1)));
        JobCallBudgetCheck.Timeouts slow = new JobCallBudgetCheck.Timeouts(Duration.ofSeconds(10),
                Duration.ofSeconds(141));
        assertThat(JobCallBudgetCheck.check(budget, JobCallBudgetCheck.ENGINE_DEFAULT_LOCK_TIME, name -> slow))
                .singleElement().asString().contains("151000 ms").contains("300000 ms");
    }

    /** The refusal is Spring Boot's failure report, as every startup refusal's. */
    @Test
    void theRefusalIsTheStartupFailureReport(CapturedOutput output) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(ProbeClients.class, Import.class)
                .sources(FeignAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
                        JobCallBudgetCheck.class)
                .web(WebApplicationType.NONE)
                // this test's properties only, not the product's application.yaml
                .properties("spring.config.name=job-call-budget-check-test",
                        "camunda.bpm.job-execution.lock-time-in-millis=10000",
                        "returnflow.jobs.call-budget.clients.probe.calls-per-job=2",
                        "spring.cloud.openfeign.client.config.probe.connect-timeout=1000",
                        "spring.cloud.openfeign.client.config.probe.read-timeout=4000");
        assertThatThrownBy(application::run).hasStackTraceContaining("one job's external calls may take 10000 ms");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("A job's calls to other systems may outlast the job's lock")
                .contains("a job still calling when its lock expires is run again by another node");
    }

    /**
     * The product's profiles that run the engine: their clients fit their lock, and a dead node's jobs are taken
     * within about a minute (lock time + the idle acquisition's longest wait: 65 s at most).
     */
    @Test
    void theProductsProfilesFitTheirLockAndHandADeadNodesJobsOnWithinAMinute() throws IOException {
        for (List<String> profile : List.of(List.of("application.yaml"),
                List.of("application.yaml", "application-postgres.yaml"))) {
            Binder binder = binder(profile);
            Duration lock = Duration.ofMillis(binder.bind(JobCallBudgetCheck.LOCK_TIME, Long.class).get());
            Duration maxWait = Duration.ofMillis(binder.bind("camunda.bpm.job-execution.max-wait", Long.class).get());
            assertThat(lock.plus(maxWait)).as(profile + ": a dead node's jobs wait at most")
                    .isLessThanOrEqualTo(Duration.ofSeconds(65));
            JobCallBudgetProperties budget = binder.bind(JobCallBudgetCheck.BUDGET, JobCallBudgetProperties.class)
                    .get();
            assertThat(budget.clients()).as(profile.toString()).containsOnlyKeys("kdniao", "payments", "commerce", "store-credit");
            assertThat(JobCallBudgetCheck.check(budget, lock, client -> JobCallBudgetCheck.timeouts(binder, client)))
                    .as(profile.toString()).isEmpty();
        }
        // the tests' generous timeouts come with their own lock
        Binder tests = binder(List.of("application.yaml", "application-test.yaml"));
        Duration testLock = Duration.ofMillis(tests.bind(JobCallBudgetCheck.LOCK_TIME, Long.class).get());
        assertThat(JobCallBudgetCheck.check(tests.bind(JobCallBudgetCheck.BUDGET, JobCallBudgetProperties.class).get(),
                testLock, client -> JobCallBudgetCheck.timeouts(tests, client))).isEmpty();
    }

    /** The files' properties, later files overriding earlier ones, as profiles do. */
    static Binder binder(List<String> files) throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        List<PropertySource<?>> loaded = new ArrayList<>();
        for (String file : files) {
            loaded.addAll(new YamlPropertySourceLoader().load(file, new ClassPathResource(file)));
        }
        for (PropertySource<?> source : loaded) {
            sources.addFirst(source);
        }
        return new Binder(ConfigurationPropertySources.from(sources));
    }
}
