package io.returnflow.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements the application sends to its database, per statement text, as
 * {@code pg_stat_statements} does at the top level: every execution of a prepared statement, every statement of
 * a batch. Installed around the application's {@link DataSource} by {@link #installer()}; what the test itself
 * reads goes through {@link #uncounted()} instead.
 *
 * <p>A statement is on the first table it names outside parentheses ({@link #tableOf}), and is also counted with
 * the application's methods that sent it (the innermost {@code io.returnflow} frames of its stack), so that a
 * count that grows says where from.
 */
public final class StatementCounter {

    /** How many of the application's frames name a statement's sender. */
    private static final int SENDER_FRAMES = 4;
    private static final Pattern SPACE = Pattern.compile("\\s+");
    /** Anything in parentheses: sub-queries, column and value lists, function arguments. */
    private static final Pattern PARENTHESES = Pattern.compile("\\([^()]*\\)");
    private static final Pattern TABLE_NAME = Pattern.compile("\\b(?:from|into|update|join)\\s+([a-z_][a-z0-9_]*)");

    private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bySender = new ConcurrentHashMap<>();
    private volatile DataSource target;
    private volatile boolean counting;

    /** Wraps the application's data source bean (whatever its name) in a counting one. */
    public BeanPostProcessor installer() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof Counting) && target == null) {
                    target = dataSource;
                    return new Counting(dataSource);
                }
                return bean;
            }
        };
    }

    /** The application's database, for the test's own reads: never counted. */
    public DataSource uncounted() {
        if (target == null) {
            throw new IllegalStateException("No data source was wrapped");
        }
        return target;
    }

    /** Forgets what was counted and counts from now on. */
    public void start() {
        bySql.clear();
        bySender.clear();
        counting = true;
    }

    public void stop() {
        counting = false;
    }

    /** Statement text (lower case, whitespace collapsed) to how many times it ran, for statements on these tables. */
    public Map<String, Long> statementsOn(Set<String> tables) {
        Map<String, Long> counted = new TreeMap<>();
        bySql.forEach((sql, n) -> {
            if (tableOf(sql).filter(tables::contains).isPresent()) {
                counted.put(sql, n.sum());
            }
        });
        return counted;
    }

    /**
     * Sender ({@code Repository.method < Caller.method …}) and statement text to count, for statements on these
     * tables.
     */
    public Map<String, Long> sendersOn(Set<String> tables) {
        Map<String, Long> counted = new TreeMap<>();
        bySender.forEach((key, n) -> {
            String sql = key.substring(key.indexOf(" | ") + 3);
            if (tableOf(sql).filter(tables::contains).isPresent()) {
                counted.put(key, n.sum());
            }
        });
        return counted;
    }

    /**
     * The table a statement is on: the first it names after {@code from}, {@code into}, {@code update} or
     * {@code join}, outside its sub-queries; for a statement that is all sub-queries (such as
     * {@code select exists (select 1 from refunds ...), exists (...)}), the first its sub-queries name, so that a
     * statement combining several reads counts like the reads it stands for.
     */
    public static Optional<String> tableOf(String sql) {
        String outer = sql;
        for (String inner = PARENTHESES.matcher(outer).replaceAll(""); !inner.equals(outer);
             inner = PARENTHESES.matcher(outer).replaceAll("")) {
            outer = inner;
        }
        Matcher m = TABLE_NAME.matcher(outer);
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        Matcher anywhere = TABLE_NAME.matcher(sql);
        return anywhere.find() ? Optional.of(anywhere.group(1)) : Optional.empty();
    }

    private void count(String sql, int times) {
        if (!counting || sql == null || times <= 0) {
            return;
        }
        String text = SPACE.matcher(sql.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
        bySql.computeIfAbsent(text, k -> new LongAdder()).add(times);
        bySender.computeIfAbsent(sender() + " | " + text, k -> new LongAdder()).add(times);
    }

    /** The application's frames that sent a statement, innermost first: the repository, and who asked it. */
    private static String sender() {
        String chain = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("io.returnflow.")
                        && !f.getClassName().startsWith("io.returnflow.support.")
                        && !f.getClassName().contains("$$"))
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .distinct().limit(SENDER_FRAMES).collect(Collectors.joining(" < ")));
        return chain.isEmpty() ? "(engine or framework)" : chain;
    }

    /** The application's data source, counting. */
    private final class Counting extends DelegatingDataSource {

        Counting(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return connection(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return connection(super.getConnection(username, password));
        }
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (method, args, result) -> {
            String name = method.getName();
            boolean prepares = name.equals("prepareStatement") || name.equals("prepareCall");
            if (prepares && result instanceof Statement statement && args[0] instanceof String sql) {
                return prepared(statement, sql);
            }
            if (result instanceof Statement statement && name.equals("createStatement")) {
                return plain(statement);
            }
            return result;
        });
    }

    /** A prepared statement: each execution counts once, a batch once per statement added. */
    private Object prepared(Statement statement, String sql) {
        int[] batched = {0};
        Class<?> type = statement instanceof CallableStatement ? CallableStatement.class : PreparedStatement.class;
        return proxy(type, statement, (method, args, result) -> {
            String name = method.getName();
            if (name.equals("addBatch") && (args == null || args.length == 0)) {
                batched[0]++;
            } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                count(sql, batched[0]);
                batched[0] = 0;
            } else if (name.startsWith("execute") && (args == null || args.length == 0)) {
                count(sql, 1);
            } else if (name.startsWith("execute") && args[0] instanceof String text) {
                count(text, 1);
            }
            return result;
        });
    }

    /** A plain statement: each execution of a text counts once, a batch once per text added. */
    private Object plain(Statement statement) {
        List<String> batched = new ArrayList<>();
        return proxy(Statement.class, statement, (method, args, result) -> {
            String name = method.getName();
            if (name.equals("addBatch") && args != null && args.length == 1 && args[0] instanceof String text) {
                batched.add(text);
            } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                batched.forEach(text -> count(text, 1));
                batched.clear();
            } else if (name.startsWith("execute") && args != null && args[0] instanceof String text) {
                count(text, 1);
            }
            return result;
        });
    }

    /** What to do with a call's result once the real object answered it. */
    private interface AfterCall {
        Object after(Method method, Object[] args, Object result) throws SQLException;
    }

    private static <T> T proxy(Class<T> type, Object target, AfterCall after) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] == type) {
                return proxy;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.after(method, args, result);
        };
        return type.cast(Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
