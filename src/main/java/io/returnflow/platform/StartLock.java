package io.returnflow.platform;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's start at a time on a PostgreSQL database: the cluster-wide start lock. Several nodes may be started at
 * the same moment on one database, empty or not; each start writes (the engine's schema, Flyway's migrations, the
 * first admin, groups, grants, Tasklist filters, the release's deployments, the seeded stores, the job due-date
 * index), and most of those writes look before they insert. Two nodes doing that at once create a row twice or fail
 * on a unique key. So a node takes this lock before its first write (before Flyway migrates and before the engine
 * builds its schema, {@link StartLockConfiguration}) and gives it back once the application is ready (every
 * {@code ApplicationRunner} ran) or its start failed: the next node then finds everything written and writes
 * nothing. Nodes already running never take it; a restart of one node waits only for other starts.
 *
 * <p>A PostgreSQL session-level advisory lock ({@code pg_try_advisory_lock}) on a connection of its own, opened for the
 * start and closed after it (never one of the pool's: a connection given back to the pool still locked would keep every
 * later start waiting). A node that dies while it holds the lock loses its connection and with it the lock, so nobody
 * waits for a dead node; when its machine or network vanishes without closing the connection, the session (idle while
 * the lock is held) is ended by PostgreSQL's TCP keepalive, set for this session to notice it within
 * {@code vanished-holder-after} instead of the operating system's two hours. The lock is asked for again every
 * {@code poll-interval} rather than waited for in one statement: a statement that waits keeps a transaction open, and
 * the holder's {@code create index concurrently} ({@link JobDueDateIndex}) would wait for that transaction to end. A
 * waiting node logs, every {@code report-interval}, which session holds the lock (its PostgreSQL process id, its
 * {@code application_name}: {@code returnflow start <pid>@<host>}, and client address); after {@code max-wait} it gives
 * up and does not start. Advisory locks belong to one database: installations on other databases of the same server do
 * not wait for each other. Flyway's own lock (also an advisory lock) is always taken inside this one, never before it,
 * so the two cannot deadlock.
 *
 * <p>On H2 (the local run) it does nothing: an H2 file database is opened by one process at a time (H2 locks the
 * file), so there is never a second node to wait for.
 */
public final class StartLock implements AutoCloseable {

    /** The advisory lock's key: "RFSTART1". Both 32-bit halves are positive, as pg_locks shows them. */
    static final long KEY = 0x5246_5354_4152_5431L;

    private static final Logger log = LoggerFactory.getLogger(StartLock.class);
    /** PostgreSQL keeps 63 bytes of an application_name. */
    private static final int MAX_APPLICATION_NAME = 63;

    /** Told, on the first refused attempt and every report-interval after it, who holds the lock. */
    @FunctionalInterface
    interface Waiting {
        void waiting(Holder holder, Duration waited);
    }

    /**
     * The session that holds the lock, as far as PostgreSQL shows it (nulls: it was given back meanwhile).
     *
     * @param pid the holder's PostgreSQL process id ({@code pg_stat_activity.pid})
     */
    record Holder(Integer pid, String application, String client, OffsetDateTime since) {

        @Override
        public String toString() {
            return pid == null ? "a session that has just given it back"
                    : "PostgreSQL session " + pid + " ('" + application + "' from " + client + ", connected since "
                    + since + ")";
        }
    }

    private final DataSource dataSource;
    private final StartLockProperties properties;
    private final String label;
    private final Waiting waiting;
    private Boolean postgres;
    /** Open while the lock is held; read without the monitor, which a waiting {@link #acquire} keeps. */
    private volatile Connection connection;

    /** A lock that logs who it waits for. */
    StartLock(DataSource dataSource, StartLockProperties properties) {
        this(dataSource, properties, (holder, waited) -> log.info("Start lock: waiting for the start of another node,"
                + " held by {}: waited {} s of at most {}", holder, waited.toSeconds(), properties.maxWait()));
    }

    StartLock(DataSource dataSource, StartLockProperties properties, Waiting waiting) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.waiting = waiting;
        String who = "returnflow start " + ManagementFactory.getRuntimeMXBean().getName();
        this.label = who.length() > MAX_APPLICATION_NAME ? who.substring(0, MAX_APPLICATION_NAME) : who;
    }

    /**
     * Takes the lock, waiting while another node holds it; does nothing when this lock is already held or the
     * database is not PostgreSQL.
     *
     * @throws IllegalStateException after {@code max-wait}, naming the holder; or when the database cannot be asked
     */
    public synchronized void acquire() {
        if (connection != null || !onPostgres()) {
            return;
        }
        Connection c = null;
        try {
            c = open();
            c.setAutoCommit(true);
            // what a waiting node shows of this one (pg_stat_activity): the connection is this lock's alone
            setApplicationName(c, label);
            // the holder's session is idle for its whole start: only TCP keepalive tells a vanished holder
            try {
                setKeepalive(c, properties);
            } catch (SQLException unsupported) {
                // a server whose platform has no per-socket keepalive: the lock works, a vanished holder is noticed
                // as late as the operating system notices it
                log.warn("Start lock: PostgreSQL refused the lock session's keepalive ({}); a holder whose machine"
                        + " vanishes keeps the lock until the server's operating system notices",
                        unsupported.toString());
            }
            long started = System.nanoTime();
            long reported = 0;
            boolean first = true;
            while (!tryLock(c)) {
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                Holder holder = holder(c);
                if (waited.compareTo(properties.maxWait()) >= 0) {
                    throw new IllegalStateException("The start lock (PostgreSQL advisory lock " + KEY + ") is still held"
                            + " by " + holder + " after " + waited.toSeconds() + " s (returnflow.start-lock.max-wait "
                            + properties.maxWait() + "): another node's start hangs. Look at that node, or end its"
                            + " session (select pg_terminate_backend(" + holder.pid() + ")), then start this node again.");
                }
                if (first || System.nanoTime() - reported >= properties.reportInterval().toNanos()) {
                    waiting.waiting(holder, waited);
                    reported = System.nanoTime();
                    first = false;
                }
                Thread.sleep(properties.pollInterval().toMillis());
            }
            connection = c;
            long waitedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            log.info("Start lock taken{}", first ? "" : " after waiting " + waitedMs + " ms for another node's start");
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("Cannot take the start lock on the database", e);
        } catch (InterruptedException e) {
            closeQuietly(c);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the start lock", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Gives the lock back (closing its connection); does nothing when it is not held. */
    public synchronized void release() {
        if (connection == null) {
            return;
        }
        Connection c = connection;
        connection = null;
        try (PreparedStatement unlock = c.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, KEY);
            unlock.execute();
            log.info("Start lock given back");
        } catch (SQLException e) {
            // closing the connection below ends the session, and with it the lock
            log.info("Start lock: giving it back failed ({}); its connection is closed, which ends it", e.toString());
        } finally {
            closeQuietly(c);
        }
    }

    /** Whether this node holds the lock now. */
    public boolean held() {
        return connection != null;
    }

    /** The PostgreSQL process id of the session that holds the lock for this node; null when not held. */
    Integer sessionPid() throws SQLException {
        Connection c = connection;
        if (c == null) {
            return null;
        }
        return Integer.valueOf(text(c, "select pg_backend_pid()::text"));
    }

    @Override
    public void close() {
        release();
    }

    private boolean onPostgres() {
        if (postgres == null) {
            postgres = DatabaseKind.of(dataSource) == DatabaseKind.POSTGRES;
        }
        return postgres;
    }

    /** A connection outside the pool, when the pool says how to open one. */
    private Connection open() throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            if (pool.getJdbcUrl() != null) {
                Properties info = new Properties();
                info.putAll(pool.getDataSourceProperties());
                if (pool.getUsername() != null) {
                    info.setProperty("user", pool.getUsername());
                }
                if (pool.getPassword() != null) {
                    info.setProperty("password", pool.getPassword());
                }
                return DriverManager.getConnection(pool.getJdbcUrl(), info);
            }
        }
        return dataSource.getConnection();
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, KEY);
            try (ResultSet r = lock.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    private static Holder holder(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                select a.pid, a.application_name, coalesce(host(a.client_addr), 'local socket') as client,
                       a.backend_start
                from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and l.objsubid = 1
                  and l.database = (select oid from pg_database where datname = current_database())
                  and l.classid = ?::bigint::oid and l.objid = ?::bigint::oid""")) {
            q.setLong(1, KEY >>> 32);
            q.setLong(2, KEY & 0xFFFF_FFFFL);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return new Holder(null, null, null, null);
                }
                return new Holder(r.getInt("pid"), r.getString("application_name"), r.getString("client"),
                        r.getObject("backend_start", OffsetDateTime.class));
            }
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql); ResultSet r = q.executeQuery()) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * The session's keepalive (PostgreSQL's {@code tcp_keepalives_*}, any user may set them; ignored on a Unix
     * socket, where the server notices a vanished peer at once).
     */
    private static void setKeepalive(Connection c, StartLockProperties properties) throws SQLException {
        String seconds = String.valueOf(properties.keepaliveSeconds());
        try (PreparedStatement set = c.prepareStatement("select set_config('tcp_keepalives_idle', ?, false),"
                + " set_config('tcp_keepalives_interval', ?, false), set_config('tcp_keepalives_count', ?, false)")) {
            set.setString(1, seconds);
            set.setString(2, seconds);
            set.setString(3, String.valueOf(StartLockProperties.KEEPALIVE_PROBES));
            set.execute();
        }
    }

    /** A setting of the session that holds the lock for this node; null when not held. */
    String sessionSetting(String name) throws SQLException {
        Connection c = connection;
        if (c == null) {
            return null;
        }
        try (PreparedStatement q = c.prepareStatement("select current_setting(?)")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private static void setApplicationName(Connection c, String name) throws SQLException {
        try (PreparedStatement set = c.prepareStatement("select set_config('application_name', ?, false)")) {
            set.setString(1, name);
            set.execute();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("Closing the start lock's connection failed", e);
        }
    }
}
