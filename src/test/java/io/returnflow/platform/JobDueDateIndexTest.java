package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.support.SharedPostgres;

/**
 * The engine's job table has its due-date index once the application has started, on the embedded H2
 * and on PostgreSQL, and the statements that look for due jobs can use it.
 */
class JobDueDateIndexTest {

    @Nested
    @SpringBootTest
    class OnH2 {

        @Autowired
        JdbcClient jdbc;

        @Test
        void theJobTableIsIndexedByDueDate() {
            List<String> columns = jdbc.sql("select c.COLUMN_NAME from INFORMATION_SCHEMA.INDEX_COLUMNS c"
                            + " where c.INDEX_NAME = ? and c.TABLE_NAME = 'ACT_RU_JOB'")
                    .param(JobDueDateIndex.INDEX_NAME).query(String.class).list();
            assertThat(columns).containsExactly("DUEDATE_");
        }
    }

    @Nested
    @SpringBootTest
    class OnPostgres {

        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            SharedPostgres.useNewDatabase(registry, "job_due_date_index");
        }

        @Autowired
        JdbcClient jdbc;

        @Test
        void theJobTableIsIndexedByDueDateAndTheIndexIsValid() {
            Boolean valid = jdbc.sql("select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid"
                            + " join pg_class t on t.oid = i.indrelid where c.relname = ? and t.relname = 'act_ru_job'")
                    .param(JobDueDateIndex.INDEX_NAME.toLowerCase()).query(Boolean.class).single();
            assertThat(valid).isTrue();
            String definition = jdbc.sql("select indexdef from pg_indexes where indexname = ?")
                    .param(JobDueDateIndex.INDEX_NAME.toLowerCase()).query(String.class).single();
            assertThat(definition).containsIgnoringCase("(duedate_)");
        }

        @Autowired
        PlatformTransactionManager transactions;

        @Test
        void lookingForDueJobsUsesTheIndexWhenTheTableHoldsManyFutureTimers() {
            // the planner prefers an index only on a table of some size: 20,000 timers due next month are
            // written, the table analysed and the plan of the acquisition's condition read, all in one
            // transaction that is rolled back
            TransactionTemplate rolledBack = new TransactionTemplate(transactions);
            String plan = rolledBack.execute(status -> {
                status.setRollbackOnly();
                jdbc.sql("""
                        insert into act_ru_job (id_, rev_, type_, exclusive_, retries_, duedate_, handler_type_,
                                                suspension_state_, priority_)
                        select 'index-probe-' || n, 1, 'timer', true, 3, now() + interval '30 days', 'timer-transition',
                               1, 0
                        from generate_series(1, 20000) n""").update();
                jdbc.sql("analyze act_ru_job").update();
                return String.join("\n", jdbc.sql("""
                        explain select id_ from act_ru_job
                        where retries_ > 0 and (duedate_ is null or duedate_ <= now())
                          and (lock_owner_ is null or lock_exp_time_ <= now()) and suspension_state_ = 1""")
                        .query(String.class).list());
            });
            assertThat(plan).containsIgnoringCase(JobDueDateIndex.INDEX_NAME).doesNotContainIgnoringCase("Seq Scan");
        }
    }
}
