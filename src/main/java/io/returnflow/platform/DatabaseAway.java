package io.returnflow.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure means that the database is unreachable (restarted, failed over, the network cut, the pool
 * out of connections), decided by the failure's cause chain, never by message text: a
 * {@link SQLTransientConnectionException} (HikariCP's pool timeout) or {@link SQLNonTransientConnectionException},
 * or an {@link SQLException} of SQLState class {@code 08} (connection exception) or {@code 57P01}, {@code 57P02},
 * {@code 57P03} (PostgreSQL's administrator shutdown, crash shutdown, cannot connect now), wherever it sits under
 * Spring's ({@code CannotGetJdbcConnectionException}, {@code TransactionSystemException} "JDBC rollback failed",
 * {@code DataAccessResourceFailureException}), MyBatis' or Camunda's ({@code ProcessEngineException}) wrappers.
 *
 * <p>A constraint violation, a deadlock, a bad statement or a delegate's bug is none of these: it stays a server
 * fault (500), since repeating the request cannot help.
 */
public final class DatabaseAway {

    /** PostgreSQL's SQLStates (class 57, operator intervention) of a server that is going or not yet there. */
    private static final Set<String> SERVER_GOING = Set.of("57P01", "57P02", "57P03");
    /** SQLState class 08: connection exception (SQL standard; PostgreSQL's 08006 for a broken connection). */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    private DatabaseAway() {
    }

    /**
     * Whether the failure or any of its causes says that the database cannot be reached. Also looked at: the
     * failure a {@link TransactionSystemException} could not roll back after (its application exception: a
     * rollback on a connection the pool already closed says no more than "Connection is closed"), and exceptions
     * suppressed by a failure (a close after it).
     */
    public static boolean isCause(Throwable failure) {
        return evidence(failure).isPresent();
    }

    /** The database's own word among the failure's causes that it cannot be reached, if any: what to log. */
    public static Optional<SQLException> evidence(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> toSee = new ArrayDeque<>();
        if (failure != null) {
            toSee.add(failure);
        }
        while (!toSee.isEmpty()) {
            Throwable t = toSee.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException sql) {
                Optional<SQLException> unreachable = unreachable(sql, seen);
                if (unreachable.isPresent()) {
                    return unreachable;
                }
            }
            if (t.getCause() != null) {
                toSee.add(t.getCause());
            }
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                toSee.add(rollback.getApplicationException());
            }
            toSee.addAll(Arrays.asList(t.getSuppressed()));
        }
        return Optional.empty();
    }

    /** The exception itself or one chained to it as its next (a batch's failures). */
    private static Optional<SQLException> unreachable(SQLException failure, Set<Throwable> seen) {
        for (SQLException e = failure; e != null; e = e.getNextException()) {
            if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
                return Optional.of(e);
            }
            String state = e.getSQLState();
            if (state != null && (state.startsWith(CONNECTION_EXCEPTION_CLASS) || SERVER_GOING.contains(state))) {
                return Optional.of(e);
            }
            if (e != failure && !seen.add(e)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
