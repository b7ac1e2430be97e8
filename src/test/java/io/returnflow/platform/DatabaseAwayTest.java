package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import jakarta.servlet.RequestDispatcher;
import jakarta.ws.rs.core.Response;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * What counts as "the database is away" ({@link DatabaseAway}: the cause chain, never the message), and the
 * answers given for it where exceptions are handled before {@link DatabaseOutageFilter} sees them: Spring MVC
 * ({@link ProblemHandlers}), Boot's error path ({@link ProblemErrorController}) and the engine REST APIs' mappers
 * ({@link TaskRefusalAnswers}). A constraint violation
 * and a delegate's bug stay 500.
 */
class DatabaseAwayTest {

    private static final SQLException BROKEN = new PSQLException("An I/O error occurred while sending to the backend.",
            PSQLState.CONNECTION_FAILURE);

    private final DatabaseOutage outage = new DatabaseOutage(new DatabaseOutageProperties(Duration.ofSeconds(5)));

    @Test
    void theWaysADatabaseThatWentAwayShowsAreRecognisedThroughTheirWrappers() {
        SQLTransientConnectionException poolTimeout = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 30000ms.");
        assertThat(DatabaseAway.isCause(poolTimeout)).isTrue();
        assertThat(DatabaseAway.isCause(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                poolTimeout))).isTrue();
        // the failure the fault run met: Spring Security's password check, its transaction's rollback
        assertThat(DatabaseAway.isCause(new TransactionSystemException("JDBC rollback failed", BROKEN))).isTrue();
        // a rollback after the server ended the connection (a restart): the pool's closed connection says no more
        // than "Connection is closed"; the failure the rollback followed says why
        TransactionSystemException afterRestart = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        afterRestart.initApplicationException(new ProcessEngineException("ENGINE-03004",
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseAway.isCause(new RuntimeException(afterRestart))).isTrue();
        // a failure suppressed by another (a close after it)
        IllegalStateException closing = new IllegalStateException("close failed");
        closing.addSuppressed(BROKEN);
        assertThat(DatabaseAway.isCause(closing)).isTrue();
        assertThat(DatabaseAway.isCause(new CannotCreateTransactionException("Could not open JDBC Connection",
                new SQLException("refused", "08001")))).isTrue();
        assertThat(DatabaseAway.isCause(new DataAccessResourceFailureException("x", BROKEN))).isTrue();
        // Camunda's: MyBatis' PersistenceException inside the engine's ProcessEngineException inside REST's
        assertThat(DatabaseAway.isCause(new RestException(Response.Status.INTERNAL_SERVER_ERROR, new ProcessEngineException("ENGINE-03004",
                new PersistenceException("### Error querying database", BROKEN))))).isTrue();
        for (String state : new String[] {"57P01", "57P02", "57P03", "08003", "08004", "08P01"}) {
            assertThat(DatabaseAway.isCause(new ProcessEngineException("x", new SQLException("x", state))))
                    .as(state).isTrue();
        }
        // a batch's failure chained as the next exception of the batch's own
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "2BP01", new int[0]);
        batch.setNextException(BROKEN);
        assertThat(DatabaseAway.isCause(new ProcessEngineException("flush failed", batch))).isTrue();
    }

    @Test
    void whatRepeatingCannotHelpIsNotTheDatabaseBeingAway() {
        assertThat(DatabaseAway.isCause(new DataIntegrityViolationException("duplicate",
                new SQLIntegrityConstraintViolationException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseAway.isCause(new ProcessEngineException("delegate failed",
                new IllegalStateException("Connection refused by the carrier")))).isFalse();
        assertThat(DatabaseAway.isCause(new SQLException("deadlock detected", "40P01"))).isFalse();
        assertThat(DatabaseAway.isCause(new SQLException("Connection is closed"))).isFalse();
        // a wrapper alone, whatever its name or message, is not the database's word
        assertThat(DatabaseAway.isCause(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLException("password authentication failed", "28P01")))).isFalse();
        assertThat(DatabaseAway.isCause(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed")))).isFalse();
        assertThat(DatabaseAway.isCause(null)).isFalse();
        // a cause chain that loops ends
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);
        assertThat(DatabaseAway.isCause(a)).isFalse();
    }

    @Test
    void springMvcAnswers503ForTheDatabaseAnd500ForAConstraintViolation() {
        ProblemHandlers handlers = new ProblemHandlers(Jackson2ObjectMapperBuilder.json().build(), outage);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/carriers/kdniao");

        ResponseEntity<ProblemDetail> away = handlers.unexpected(
                new DataAccessResourceFailureException("PreparedStatementCallback", BROKEN), request);
        assertThat(away.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(away.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(away.getBody().getType().toString()).endsWith("/unavailable");

        ResponseEntity<ProblemDetail> duplicate = handlers.unexpected(new DataIntegrityViolationException("duplicate",
                new SQLIntegrityConstraintViolationException("duplicate key", "23505")), request);
        assertThat(duplicate.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(duplicate.getBody().getType().toString()).endsWith("/internal");
    }

    @Test
    void bootsErrorPathAnswers503ForAnOutageThatReachedIt() throws Exception {
        ProblemErrorController errors = new ProblemErrorController(Jackson2ObjectMapperBuilder.json().build(), outage);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new TransactionSystemException("JDBC rollback failed",
                BROKEN));
        MockHttpServletResponse response = new MockHttpServletResponse();

        errors.error(request, response);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentAsString()).contains("/unavailable");

        MockHttpServletResponse bug = new MockHttpServletResponse();
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("bug"));
        errors.error(request, bug);
        assertThat(bug.getStatus()).isEqualTo(500);
        assertThat(bug.getHeader("Retry-After")).isNull();
    }

    @Test
    void theEngineRestApisAnswer503InCamundasFormatAndKeepTheir500ForABug() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/engine-rest/task");
        request.setAttribute(DatabaseOutage.RETRY_AFTER_ATTRIBUTE, 5L);

        Response away = new TaskRefusalAnswers.ForAnyException().answerFor(
                new RestException(Response.Status.INTERNAL_SERVER_ERROR, new ProcessEngineException("ENGINE-03004",
                        new PersistenceException("### Error querying database", BROKEN))), request);
        assertThat(away.getStatus()).isEqualTo(503);
        assertThat(away.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(away.getEntity()).asString().contains("message").contains("in 5 s").doesNotContain("backend");

        Response bug = new TaskRefusalAnswers.ForAnyException().answerFor(
                new ProcessEngineException("delegate failed", new IllegalStateException("bug")), request);
        assertThat(bug.getStatus()).isEqualTo(500);
    }
}
