package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.returnflow.support.Eventually;
import io.returnflow.support.SharedPostgres;

/**
 * A node that dies while holding a job leaves it locked (LOCK_OWNER_ its id, LOCK_EXP_TIME_ its acquisition plus
 * the lock time). On a real PostgreSQL, a running engine with the product's lock time leaves that job alone while
 * the lock holds, and acquires and executes it once the lock has expired. The engine's clock is moved (ClockUtil);
 * the job executor runs for real, and the test waits for what it executes, not for time to pass.
 */
class DeadNodeJobTakeOverTest {

    static final String PROCESS = "deadNodeProbe";
    static final String DEAD_NODE = "node-that-died";
    /** Generous: what is awaited is the job executor's next acquisition on a busy machine, not a duration. */
    static final long AWAIT_MINUTES = 2;

    /** What the job's delegate ran, by business key. */
    static final List<String> EXECUTED = new CopyOnWriteArrayList<>();
    static final Map<String, CountDownLatch> RAN = new ConcurrentHashMap<>();

    /** The step behind the job. */
    public static class RecordRun implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            EXECUTED.add(execution.getProcessBusinessKey());
            RAN.computeIfAbsent(execution.getProcessBusinessKey(), key -> new CountDownLatch(1)).countDown();
        }
    }

    HikariDataSource dataSource;
    ProcessEngine engine;
    JdbcClient jdbc;
    Duration lockTime;

    @BeforeEach
    void engineOnPostgres() throws Exception {
        // the product's lock time (application.yaml; the postgres profile keeps it)
        lockTime = Duration.ofMillis(JobCallBudgetCheckTest.binder(List.of("application.yaml",
                "application-postgres.yaml")).bind(JobCallBudgetCheck.LOCK_TIME, Long.class).get());
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(SharedPostgres.newDatabase("dead_node"));
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
        jdbc = JdbcClient.create(dataSource);

        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl)
                ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration();
        DefaultJobExecutor jobExecutor = new DefaultJobExecutor();
        jobExecutor.setLockTimeInMillis((int) lockTime.toMillis());
        // the executor looks often in real time; when a lock expires is the engine clock's matter
        jobExecutor.setWaitTimeInMillis(100);
        jobExecutor.setMaxWait(500);
        configuration.setJobExecutor(jobExecutor);
        configuration.setDataSource(dataSource)
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                .setJobExecutorActivate(false)
                .setHistory(ProcessEngineConfiguration.HISTORY_NONE)
                .setProcessEngineName("dead-node-" + System.nanoTime());
        engine = configuration.buildProcessEngine();

        BpmnModelInstance model = Bpmn.createExecutableProcess(PROCESS).camundaHistoryTimeToLive(1)
                .startEvent().serviceTask("Activity_Probe").camundaAsyncBefore()
                .camundaClass(RecordRun.class.getName()).endEvent().done();
        engine.getRepositoryService().createDeployment().addModelInstance("dead-node-probe.bpmn", model).deploy();
    }

    @AfterEach
    void stop() {
        ClockUtil.reset();
        if (engine != null) {
            engine.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        EXECUTED.clear();
        RAN.clear();
    }

    @Test
    void aJobLockedByADeadNodeIsTakenOnceItsLockExpiresAndNotBefore() throws InterruptedException {
        Date acquiredByTheDeadNode = new Date();
        ClockUtil.setCurrentTime(acquiredByTheDeadNode);
        engine.getRuntimeService().startProcessInstanceByKey(PROCESS, "orphan");
        Job orphan = engine.getManagementService().createJobQuery().singleResult();
        Date lockExpires = new Date(acquiredByTheDeadNode.getTime() + lockTime.toMillis());
        // what the dead node's acquisition wrote, and then nothing more: the node died with the job
        int locked = jdbc.sql("update act_ru_job set lock_owner_ = :owner, lock_exp_time_ = :expires, rev_ = rev_ + 1"
                        + " where id_ = :id")
                .param("owner", DEAD_NODE).param("expires", new java.sql.Timestamp(lockExpires.getTime()))
                .param("id", orphan.getId()).update();
        assertThat(locked).isEqualTo(1);

        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        configuration.getJobExecutor().start();

        // a second before the lock expires: the running executor takes a fresh job, and leaves the orphan alone
        ClockUtil.setCurrentTime(new Date(lockExpires.getTime() - 1000));
        engine.getRuntimeService().startProcessInstanceByKey(PROCESS, "fresh");
        assertThat(ran("fresh").await(AWAIT_MINUTES, TimeUnit.MINUTES)).as("the fresh job ran").isTrue();
        assertThat(EXECUTED).containsExactly("fresh");
        assertThat(lockOwner(orphan.getId())).isEqualTo(DEAD_NODE);

        // a second after: the next acquisition takes it over and runs it
        ClockUtil.setCurrentTime(new Date(lockExpires.getTime() + 1000));
        assertThat(ran("orphan").await(AWAIT_MINUTES, TimeUnit.MINUTES)).as("the orphan ran").isTrue();
        assertThat(EXECUTED).containsExactly("fresh", "orphan");
        // the delegate ran inside the job's transaction: its commit ends the journey
        Eventually.await("the orphan's journey to end", Duration.ofMinutes(AWAIT_MINUTES),
                () -> engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey("orphan")
                        .count(), count -> count == 0);
        assertThat(EXECUTED).as("run once").containsExactly("fresh", "orphan");
    }

    private static CountDownLatch ran(String businessKey) {
        return RAN.computeIfAbsent(businessKey, key -> new CountDownLatch(1));
    }

    private String lockOwner(String jobId) {
        return jdbc.sql("select lock_owner_ from act_ru_job where id_ = :id").param("id", jobId)
                .query(String.class).optional().orElse(null);
    }
}
