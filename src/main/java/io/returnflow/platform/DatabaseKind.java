package io.returnflow.platform;

import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Which database the product runs on, for the few statements that differ: PostgreSQL in production,
 * H2 for the embedded default. Everything else is portable SQL.
 */
public enum DatabaseKind {
    POSTGRES,
    H2_OR_OTHER;

    /** Asks the database once; callers keep the answer. */
    public static DatabaseKind of(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return product != null && product.toLowerCase(Locale.ROOT).contains("postgres") ? POSTGRES : H2_OR_OTHER;
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot tell which database the product runs on", e);
        }
    }
}
