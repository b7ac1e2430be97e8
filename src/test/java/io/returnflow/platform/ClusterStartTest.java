package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.returnflow.ReturnFlowApplication;
import io.returnflow.support.SharedPostgres;

/**
 * Nodes started at the same moment on one PostgreSQL all start, and every row a start writes is there once: the
 * engine's schema, Flyway's migrations, the first admin and its grants, groups, memberships, demo users, grants,
 * Tasklist filters (the teams' and Camunda's "All tasks"), the release's deployments, the seeded stores and their
 * clerks, the job due-date index. Then a node restarted on the populated database writes nothing new. And a
 * database that two nodes of an earlier release left with a filter (and its grant) twice starts and is repaired.
 *
 * <p>Each node is a whole application context of the test profile (the local run's demo users and stores) on one
 * fresh database, with its own port and its own connection pool; the job executor is off, as nothing runs here.
 */
class ClusterStartTest {

    private static final List<String> USERS = List.of("admin", "merchant", "clerk", "cs", "inspector", "ops",
            "analyst");
    private static final List<String> MEMBERSHIPS = List.of("admin>camunda-admin", "merchant>merchant-api",
            "clerk>store-clerk", "cs>customer-service", "inspector>warehouse", "ops>ops", "analyst>analyst");
    private static final List<String> GROUPS = List.of(Roles.ADMIN, Roles.MERCHANT_API, Roles.STORE_CLERK,
            Roles.CUSTOMER_SERVICE, Roles.WAREHOUSE, Roles.OPS, Roles.ANALYST, Roles.MONITORING);
    private static final String ALL_TASKS = "All tasks";
    private static final List<String> STORES = List.of("S-SZ-001", "S-SZ-002", "S-SH-001", "S-LOST");
    private static final int FILTER = Resources.FILTER.resourceType();

    @Test
    void threeNodesStartTogetherOnAnEmptyDatabaseAndWriteEverySetupRowOnce() throws Exception {
        String url = SharedPostgres.newDatabase("cluster_start");
        JdbcClient db = JdbcClient.create(SharedPostgres.server().getDatabase("postgres", databaseName(url)));
        List<ConfigurableApplicationContext> nodes = new CopyOnWriteArrayList<>();
        try {
            List<Throwable> failures = startTogether(url, 3, nodes);

            assertThat(failures).as("nodes that did not start").isEmpty();
            assertThat(nodes).hasSize(3);
            Map<String, List<String>> afterFirstStart = assertEverySetupRowOnce(db);

            nodes.remove(0).close();
            assertThat(startTogether(url, 1, nodes)).as("the restarted node did not start").isEmpty();

            assertThat(assertEverySetupRowOnce(db)).as("what the restart found and wrote")
                    .isEqualTo(afterFirstStart);
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    @Test
    void aDatabaseWithAFilterTwiceFromAnEarlierRaceStartsAndIsRepaired() throws Exception {
        String url = SharedPostgres.newDatabase("cluster_repair");
        JdbcClient db = JdbcClient.create(SharedPostgres.server().getDatabase("postgres", databaseName(url)));
        List<ConfigurableApplicationContext> nodes = new CopyOnWriteArrayList<>();
        try {
            assertThat(startTogether(url, 1, nodes)).isEmpty();
            // what two nodes of an earlier release left: the customer-service filter and "All tasks" twice, each
            // copy identical and with its own grants (the group's READ; on the copy also a user's UPDATE)
            String customerService = TasklistFilters.CUSTOMER_SERVICE.name();
            String original = filterIds(db, customerService).get(0);
            copyFilter(db, customerService, "zz-copy-customer-service");
            db.sql("""
                    insert into act_ru_authorization (id_, rev_, type_, group_id_, user_id_, resource_type_, resource_id_,
                                                      perms_)
                    select 'zz-copy-grant-' || id_, 1, type_, group_id_, user_id_, resource_type_,
                           'zz-copy-customer-service', perms_
                    from act_ru_authorization where resource_type_ = ? and resource_id_ = ?""")
                    .params(FILTER, original).update();
            db.sql("""
                    insert into act_ru_authorization (id_, rev_, type_, group_id_, user_id_, resource_type_, resource_id_,
                                                      perms_)
                    values ('zz-copy-user-grant', 1, 1, null, 'ops', ?, 'zz-copy-customer-service', 6)""")
                    .param(FILTER).update();
            copyFilter(db, ALL_TASKS, "zz-copy-all-tasks");
            assertThat(filterIds(db, customerService)).hasSize(2);

            assertThat(startTogether(url, 1, nodes)).as("the node started on the repaired database").isEmpty();

            assertEverySetupRowOnce(db);
            assertThat(filterIds(db, customerService)).containsExactly(original);
            // the copy's grants went to the kept filter: the group's READ (it had it), the user's UPDATE (it had not)
            List<Authorization> opsGrants = nodes.get(1).getBean(AuthorizationService.class)
                    .createAuthorizationQuery().resourceType(Resources.FILTER).resourceId(original).userIdIn("ops")
                    .list();
            assertThat(opsGrants).singleElement().satisfies(grant -> {
                assertThat(grant.isPermissionGranted(Permissions.READ)).isTrue();
                assertThat(grant.isPermissionGranted(Permissions.UPDATE)).isTrue();
            });
            assertThat(db.sql("select count(*) from act_ru_authorization where resource_id_ like 'zz-copy-%'")
                    .query(Integer.class).single()).isZero();
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    @Test
    void aWriteAnotherNodeMadeFirstIsReadAgainNotAFailedStart() throws Exception {
        String url = SharedPostgres.newDatabase("cluster_writer");
        List<ConfigurableApplicationContext> nodes = new CopyOnWriteArrayList<>();
        try {
            assertThat(startTogether(url, 1, nodes)).isEmpty();
            IdentityService identity = nodes.get(0).getBean(IdentityService.class);
            // a node that takes no start lock (an earlier release) creates the user and the membership between this
            // node's look and its write: the write fails on PostgreSQL's unique keys, the second look finds them
            AtomicInteger attempts = new AtomicInteger();
            IdentitySetup.ensure("user racer", () -> {
                boolean missing = identity.createUserQuery().userId("racer").count() == 0;
                if (attempts.incrementAndGet() == 1) {
                    User other = identity.newUser("racer");
                    other.setPassword("racer-password");
                    identity.saveUser(other);
                    identity.createMembership("racer", Roles.OPS);
                }
                if (missing) {
                    User mine = identity.newUser("racer");
                    mine.setPassword("racer-password");
                    identity.saveUser(mine);
                    identity.createMembership("racer", Roles.OPS);
                }
            });

            assertThat(attempts).hasValue(2);
            assertThat(identity.createUserQuery().userId("racer").memberOfGroup(Roles.OPS).count()).isOne();
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    /**
     * Starts that many nodes at the same instant; each that started is added to {@code nodes}. Answers why the
     * others did not start.
     */
    private static List<Throwable> startTogether(String url, int count, List<ConfigurableApplicationContext> nodes)
            throws InterruptedException {
        CyclicBarrier together = new CyclicBarrier(count);
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            List<Future<ConfigurableApplicationContext>> starts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                starts.add(threads.submit(() -> {
                    together.await();
                    ConfigurableApplicationContext node = node().run(arguments(url));
                    nodes.add(node);
                    return node;
                }));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<ConfigurableApplicationContext> start : starts) {
                try {
                    start.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            return failures;
        } finally {
            threads.shutdown();
        }
    }

    /**
     * A node of the test profile. Nodes of a real cluster are processes of their own; here they share the test's
     * JVM, and Spring Boot's logging set-up is not made to run in several threads at once (Logback's configuration
     * threw {@code ConcurrentModificationException} now and then), so the nodes started here set logging up one
     * after the other; the rest of their starts still run together.
     */
    private static SpringApplication node() {
        SpringApplication node = new SpringApplicationBuilder(ReturnFlowApplication.class).profiles("test").build();
        node.setListeners(node.getListeners().stream()
                .map(listener -> listener instanceof LoggingApplicationListener ? new OneAtATimeLogging() : listener)
                .toList());
        return node;
    }

    /** Spring Boot's logging listener, one node at a time. */
    private static final class OneAtATimeLogging extends LoggingApplicationListener {

        private static final Object LOGGING = new Object();

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            synchronized (LOGGING) {
                super.onApplicationEvent(event);
            }
        }
    }

    /** As command-line arguments: they come before the test profile's (its in-memory H2 database). */
    private static String[] arguments(String url) {
        return new String[] {"--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--server.port=0",
                "--camunda.bpm.job-execution.enabled=false", "--spring.main.register-shutdown-hook=false"};
    }

    /**
     * Asserts that every row a start writes is there, once; answers those rows, each check's sorted, for comparing
     * two starts.
     */
    private static Map<String, List<String>> assertEverySetupRowOnce(JdbcClient db) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put("users", rows(db, "select id_ from act_id_user"));
        assertThat(rows.get("users")).containsExactlyInAnyOrderElementsOf(USERS);
        rows.put("groups", rows(db, "select id_ from act_id_group"));
        assertThat(rows.get("groups")).containsExactlyInAnyOrderElementsOf(GROUPS);
        rows.put("memberships", rows(db, "select user_id_ || '>' || group_id_ from act_id_membership"));
        assertThat(rows.get("memberships")).containsExactlyInAnyOrderElementsOf(MEMBERSHIPS);

        // each grant once per (who, resource type, resource id); grants on filters name an existing filter
        rows.put("grants", rows(db, """
                select a.type_ || ' ' || coalesce(a.group_id_, '-') || ' ' || coalesce(a.user_id_, '-') || ' '
                       || a.resource_type_ || ' ' || coalesce(f.name_, a.resource_id_) || ' ' || a.perms_
                from act_ru_authorization a left join act_ru_filter f on a.resource_type_ = ? and f.id_ = a.resource_id_
                where a.resource_type_ <> ?""", FILTER, Resources.TASK.resourceType()));
        assertThat(rows.get("grants")).doesNotHaveDuplicates();
        assertThat(rows(db, "select resource_id_ from act_ru_authorization where resource_type_ = ? and resource_id_ <> '*'"
                + " and resource_id_ not in (select id_ from act_ru_filter)", FILTER)).as("grants on no filter").isEmpty();
        assertThat(rows(db, "select resource_type_ || '' from act_ru_authorization where group_id_ = ? and"
                + " resource_id_ = '*'", Roles.ADMIN)).as("the admins' grants").hasSize(Resources.values().length)
                .doesNotHaveDuplicates();
        for (TasklistFilters.Definition team : TasklistFilters.ALL) {
            assertThat(rows(db, "select a.id_ from act_ru_authorization a join act_ru_filter f on f.id_ = a.resource_id_"
                    + " where a.resource_type_ = ? and a.group_id_ = ? and f.name_ = ?", FILTER, team.group(),
                    team.name())).as("the grant of %s's filter", team.group()).hasSize(1);
        }
        rows.put("filters", rows(db, "select name_ from act_ru_filter"));
        List<String> filters = new ArrayList<>(TasklistFilters.ALL.stream().map(TasklistFilters.Definition::name)
                .toList());
        filters.add(ALL_TASKS);
        assertThat(rows.get("filters")).containsExactlyInAnyOrderElementsOf(filters);

        rows.put("stores", rows(db, "select id from stores"));
        assertThat(rows.get("stores")).containsExactlyInAnyOrderElementsOf(STORES);
        rows.put("store clerks", rows(db, "select store_id || '>' || user_id from store_clerks"));
        assertThat(rows.get("store clerks")).hasSize(STORES.size()).doesNotHaveDuplicates();

        // one deployment of each model and form, one version of each process and decision
        rows.put("deployed resources", rows(db, "select b.name_ from act_ge_bytearray b join act_re_deployment d"
                + " on d.id_ = b.deployment_id_ where b.generated_ is not true"));
        assertThat(rows.get("deployed resources")).isNotEmpty().doesNotHaveDuplicates();
        rows.put("deployments", rows(db, "select name_ from act_re_deployment"));
        assertThat(rows.get("deployments")).hasSize(1);
        rows.put("processes", rows(db, "select key_ || ' ' || version_ from act_re_procdef"));
        assertThat(rows(db, "select key_ from act_re_procdef")).isNotEmpty().doesNotHaveDuplicates();
        rows.put("decisions", rows(db, "select key_ || ' ' || version_ from act_re_decision_def"));
        assertThat(rows(db, "select key_ from act_re_decision_def")).isNotEmpty().doesNotHaveDuplicates();

        rows.put("schema", rows(db, "select version_ from act_ge_schema_log"));
        assertThat(rows.get("schema")).hasSize(1);
        rows.put("migrations", rows(db, "select version || ' ' || success from flyway_schema_history"));
        assertThat(rows.get("migrations")).doesNotHaveDuplicates().allMatch(m -> m.endsWith(" true"));
        rows.put("job due-date index", rows(db, "select c.relname || ' ' || i.indisvalid from pg_index i"
                + " join pg_class c on c.oid = i.indexrelid where c.relname = ?",
                JobDueDateIndex.INDEX_NAME.toLowerCase()));
        assertThat(rows.get("job due-date index")).containsExactly(JobDueDateIndex.INDEX_NAME.toLowerCase() + " true");
        return rows;
    }

    private static List<String> rows(JdbcClient db, String sql, Object... params) {
        return db.sql(sql).params(params).query(String.class).list().stream().sorted().toList();
    }

    private static List<String> filterIds(JdbcClient db, String name) {
        return rows(db, "select id_ from act_ru_filter where name_ = ?", name);
    }

    private static void copyFilter(JdbcClient db, String name, String copyId) {
        db.sql("""
                insert into act_ru_filter (id_, rev_, resource_type_, name_, owner_, query_, properties_)
                select ?, 1, resource_type_, name_, owner_, query_, properties_ from act_ru_filter where name_ = ?""")
                .params(copyId, name).update();
    }

    private static String databaseName(String url) {
        String path = url.substring(url.lastIndexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
