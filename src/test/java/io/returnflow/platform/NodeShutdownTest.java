package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AcquireJobsCmd;
import org.camunda.bpm.engine.impl.jobexecutor.AcquiredJobs;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.returnflow.ReturnFlowApplication;
import io.returnflow.support.Eventually;
import io.returnflow.support.SharedPostgres;

/**
 * A node on PostgreSQL, stopped as SIGTERM stops it (its application context closes): its readiness probe answers
 * 503 OUT_OF_SERVICE before it stops serving (and answered so until its start-up setup had run), the job it runs
 * finishes, and the jobs it had acquired but not started are unlocked, so that another node's engine takes them at
 * once instead of after the lock time.
 *
 * <p>The node has one job thread and a queue of one: of the five jobs it acquires, one runs (held by the test
 * until the node stops), one waits in the queue and three are refused by the full pool, locked all the same.
 */
class NodeShutdownTest {

    private static final String PROCESS = "drainProbe";
    private static final int JOBS = 5;
    private static final Duration GENEROUS = Duration.ofMinutes(2);

    @Test
    void aStoppingNodeIsNotReadyFinishesItsJobAndHandsTheOthersBack() throws Exception {
        String databaseUrl = SharedPostgres.newDatabase("node_shutdown");
        ConfigurableApplicationContext node = startNode(databaseUrl);
        Probes probes = node.getBean(Probes.class);
        String lockOwner;
        try {
            assertThat(probes.readinessDuringStartUp).as("readiness while the start-up setup runs").isEqualTo(503);
            assertThat(probes.readiness()).isEqualTo(200);
            assertThat(probes.liveness()).isEqualTo(200);
            lockOwner = holdJobs(node);
        } finally {
            node.close();
        }

        assertThat(probes.readinessWhileStopping).as("readiness while the node stops").isEqualTo(503);
        assertThat(probes.readinessBodyWhileStopping).contains("OUT_OF_SERVICE");
        assertThat(probes.stateWhileStopping).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

        JdbcClient database = database(databaseUrl);
        List<String> left = database.sql("select id_ from act_ru_job where process_def_key_ = ?")
                .param(PROCESS).query(String.class).list();
        assertThat(left).as("the job that ran has finished; the others wait").hasSize(JOBS - 1);
        assertThat(database.sql("select count(*) from act_ru_job where lock_owner_ = ? or lock_exp_time_ is not null")
                .param(lockOwner).query(Long.class).single()).as("jobs still locked").isZero();

        Set<String> acquired = acquireWithAnotherEngine(databaseUrl);
        assertThat(acquired).as("taken at once by another node").containsAll(left);
    }

    /**
     * A job still running when {@code returnflow.shutdown.jobs-timeout} has passed (here none) keeps its lock, so
     * that no other node runs it meanwhile; the batch waiting in the queue is unlocked all the same. The job is held
     * until the node has handed the queued batch back, and what the database holds is read at that moment; then the
     * job may finish, so that the shutdown phase (generous) never has to run out for the test to go on.
     */
    @Test
    void aJobStillRunningAtTheBoundKeepsItsLockAndTheQueuedOneIsHandedBack() throws Exception {
        String databaseUrl = SharedPostgres.newDatabase("node_shutdown_bound");
        ConfigurableApplicationContext node = startNode(databaseUrl, "--returnflow.shutdown.jobs-timeout=0s",
                "--spring.lifecycle.timeout-per-shutdown-phase=" + GENEROUS.toSeconds() + "s",
                "--probe.release-on-stop=false");
        Probes probes = node.getBean(Probes.class);
        String lockOwner;
        try {
            lockOwner = holdJobs(node);
        } finally {
            node.close();
        }
        assertThat(probes.runningJobLockOwnerWhenHandedBack).as("the running job's lock owner once the queued job was"
                + " handed back").isEqualTo(lockOwner);
        assertThat(probes.unlockedWhenHandedBack).as("jobs unlocked: the queued one").isEqualTo(1);
    }

    /** A node of its own, not the test framework's: the test closes it. */
    private static ConfigurableApplicationContext startNode(String databaseUrl, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
                "--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--camunda.bpm.job-execution.core-pool-size=1", "--camunda.bpm.job-execution.max-pool-size=1",
                "--camunda.bpm.job-execution.queue-capacity=1",
                "--camunda.bpm.job-execution.max-jobs-per-acquisition=10"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(ReturnFlowApplication.class, Probes.class)
                .initializers(context -> context.getBeanFactory()
                        .registerSingleton(TestClassesExcluded.class.getName(), new TestClassesExcluded()))
                .run(args.toArray(String[]::new));
    }

    /** Five journeys whose first job the node holds: one running, one queued, three refused; answers the lock owner. */
    private static String holdJobs(ConfigurableApplicationContext node) throws InterruptedException {
        ProcessEngine engine = node.getBean(ProcessEngine.class);
        JdbcClient jdbc = node.getBean(JdbcClient.class);
        Probes probes = node.getBean(Probes.class);
        BpmnModelInstance model = Bpmn.createExecutableProcess(PROCESS).camundaHistoryTimeToLive(1)
                .startEvent().serviceTask("Activity_Hold").camundaAsyncBefore()
                .camundaDelegateExpression("${drainProbeStep}").endEvent().done();
        engine.getRepositoryService().createDeployment().addModelInstance(PROCESS + ".bpmn", model).deploy();
        for (int i = 0; i < JOBS; i++) {
            engine.getRuntimeService().startProcessInstanceByKey(PROCESS, "probe-" + i);
        }
        assertThat(probes.started.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).as("a job started").isTrue();
        Eventually.await("every probe job acquired by the node", GENEROUS, () -> lockedJobs(jdbc).size() == JOBS);
        return jdbc.sql("select distinct lock_owner_ from act_ru_job where process_def_key_ = ?")
                .param(PROCESS).query(String.class).single();
    }

    private static JdbcClient database(String databaseUrl) {
        return JdbcClient.create(new DriverManagerDataSource(databaseUrl, "postgres", "postgres"));
    }

    private static List<String> lockedJobs(JdbcClient jdbc) {
        return jdbc.sql("select id_ from act_ru_job where process_def_key_ = ? and lock_owner_ is not null")
                .param(PROCESS).query(String.class).list();
    }

    /** What another node's job executor acquires now, on the same database. */
    private static Set<String> acquireWithAnotherEngine(String databaseUrl) {
        DefaultJobExecutor otherExecutor = new DefaultJobExecutor();
        otherExecutor.setMaxJobsPerAcquisition(JOBS * 2);
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
                .createStandaloneProcessEngineConfiguration()
                .setJdbcUrl(databaseUrl).setJdbcUsername("postgres").setJdbcPassword("postgres")
                .setJdbcDriver("org.postgresql.Driver")
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_FALSE)
                .setHistory(ProcessEngineConfiguration.HISTORY_FULL)
                .setProcessEngineName("other-node-" + System.nanoTime())
                .setJobExecutorActivate(false);
        configuration.setJobExecutor(otherExecutor);
        ProcessEngine other = configuration.buildProcessEngine();
        try {
            AcquiredJobs acquired = configuration.getCommandExecutorTxRequired()
                    .execute(new AcquireJobsCmd(otherExecutor));
            return acquired.getJobIdBatches().stream().flatMap(List::stream).collect(Collectors.toSet());
        } finally {
            other.close();
        }
    }

    /** The classes of the test sources stay out of the application's component scan, as in the framework's tests. */
    static final class TestClassesExcluded extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getResource().getURI().toString().contains("/test-classes/");
        }
    }

    /** The job the node runs until it stops, and what the probes answer while it starts and while it stops. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Probes implements SmartLifecycle {

        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final ApplicationContext context;
        private final ApplicationAvailability availability;
        volatile int readinessDuringStartUp;
        volatile int readinessWhileStopping;
        volatile String readinessBodyWhileStopping;
        volatile ReadinessState stateWhileStopping;
        volatile String runningInstance;
        volatile long unlockedWhenHandedBack;
        volatile String runningJobLockOwnerWhenHandedBack;
        private volatile boolean running;

        private final boolean releaseOnStop;

        Probes(ApplicationContext context, ApplicationAvailability availability,
               @Value("${probe.release-on-stop:true}") boolean releaseOnStop) {
            this.context = context;
            this.availability = availability;
            this.releaseOnStop = releaseOnStop;
        }

        @Bean
        JavaDelegate drainProbeStep() {
            return execution -> {
                runningInstance = execution.getProcessInstanceId();
                started.countDown();
                // held as a provider's call holds a job thread: a socket read does not end when interrupted
                boolean interrupted = false;
                while (true) {
                    try {
                        if (!release.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never let the job finish");
                        }
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            };
        }

        /** Runs with the application's start-up setup (its ApplicationRunners), the web server already up. */
        @Bean
        ApplicationRunner readinessDuringStartUp() {
            return args -> readinessDuringStartUp = readiness();
        }

        int readiness() {
            return get("/actuator/health/readiness").statusCode();
        }

        int liveness() {
            return get("/actuator/health/liveness").statusCode();
        }

        private HttpResponse<String> get(String path) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            try {
                URI uri = URI.create("http://localhost:" + port + path);
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** The node stops: the balancer's probe asks, then the running job may finish. */
        @Override
        public void stop() {
            running = false;
            HttpResponse<String> answer = get("/actuator/health/readiness");
            readinessWhileStopping = answer.statusCode();
            readinessBodyWhileStopping = answer.body();
            stateWhileStopping = availability.getReadinessState();
            if (releaseOnStop) {
                release.countDown();
            } else {
                // the job runs on until the node has handed back the queued batch (the drain, in this same shutdown
                // phase); what the database holds then is kept, and the job may finish
                Thread watcher = new Thread(this::releaseOnceHandedBack, "probe-handed-back");
                watcher.setDaemon(true);
                watcher.start();
            }
        }

        private void releaseOnceHandedBack() {
            try {
                JdbcClient jdbc = context.getBean(JdbcClient.class);
                unlockedWhenHandedBack = Eventually.await("the queued job handed back", GENEROUS,
                        () -> jdbc.sql("select count(*) from act_ru_job where process_def_key_ = ?"
                                + " and lock_owner_ is null").param(PROCESS).query(Long.class).single(),
                        unlocked -> unlocked > 0);
                runningJobLockOwnerWhenHandedBack = jdbc.sql("select lock_owner_ from act_ru_job"
                                + " where process_instance_id_ = ?")
                        .param(runningInstance).query(String.class).single();
            } finally {
                release.countDown();
            }
        }
    }
}
