package io.returnflow.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * An index on the engine's job due dates ({@code ACT_RU_JOB.DUEDATE_}), which Camunda's schema does not
 * have. Two statements run all the time on every node and ask for the jobs that are due: the job
 * executor's acquisition ({@code DUEDATE_ is null or DUEDATE_ <= now}) and the admission control's count
 * of due jobs. Without the index both read every row of the table, and every waiting journey keeps a
 * timer there (the courier's no-show, the drop-off code's expiry, the lost parcel), so their cost grew
 * with the journeys waiting: 0.4 ms a call with a thousand, 165 ms with a hundred thousand (see
 * bench/README.md, "Live journeys"). With it they read only what is due.
 *
 * <p>Created once the engine has created or checked its own schema; an existing index is kept. On
 * PostgreSQL it is built {@code concurrently}, so a first start on a large production table does not
 * block the jobs' writes while it builds; an index left invalid by an interrupted build is built again.
 * Nodes starting together build it one at a time ({@link StartLock}): an index another node is still building
 * concurrently looks invalid too, and must not be dropped under it. A failure is logged and the engine starts without it: it is a matter of speed, never of correctness.
 * {@code returnflow.jobs.due-date-index: false} leaves the engine's schema as Camunda makes it.
 */
@Component
@ConditionalOnProperty(name = "returnflow.jobs.due-date-index", havingValue = "true", matchIfMissing = true)
final class JobDueDateIndex extends AbstractProcessEnginePlugin {

    static final String INDEX_NAME = "RF_IDX_JOB_DUEDATE";

    private static final Logger log = LoggerFactory.getLogger(JobDueDateIndex.class);

    private DataSource dataSource;
    private String databaseType;
    private String table;

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        this.dataSource = configuration.getDataSource();
        this.databaseType = configuration.getDatabaseType();
        String prefix = configuration.getDatabaseTablePrefix();
        this.table = (prefix == null ? "" : prefix) + "ACT_RU_JOB";
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine processEngine) {
        if (dataSource == null) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if ("postgres".equals(databaseType)) {
                onPostgres(connection);
            } else if ("h2".equals(databaseType)) {
                execute(connection, "create index if not exists " + INDEX_NAME + " on " + table + " (DUEDATE_)");
            } else {
                log.info("No index on {}.DUEDATE_ made for database type {}", table, databaseType);
            }
        } catch (SQLException e) {
            log.warn("The index {} on {}.DUEDATE_ could not be made; job acquisition reads the whole table until it"
                    + " is: {}", INDEX_NAME, table, e.toString());
        }
    }

    private void onPostgres(Connection connection) throws SQLException {
        String name = INDEX_NAME.toLowerCase();
        Boolean valid = null;
        try (PreparedStatement q = connection.prepareStatement("select i.indisvalid from pg_index i"
                + " join pg_class c on c.oid = i.indexrelid where c.relname = ? and pg_table_is_visible(c.oid)")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                if (r.next()) {
                    valid = r.getBoolean(1);
                }
            }
        }
        if (Boolean.TRUE.equals(valid)) {
            return;
        }
        if (Boolean.FALSE.equals(valid)) {
            // an earlier concurrent build was interrupted: the index exists but is never used
            execute(connection, "drop index concurrently if exists " + name);
        }
        // concurrently: the build does not block inserts and deletes of jobs on a live table
        execute(connection, "create index concurrently if not exists " + name + " on " + table + " (DUEDATE_)");
        log.info("Index {} on {}.DUEDATE_ made", name, table);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
