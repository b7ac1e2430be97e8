package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose files and the proxy's configuration, read as Docker and HAProxy would read them (no Docker daemon
 * runs the tests): the cluster file runs scalable nodes with what the {@code postgres} profile needs, the single-node
 * file still does, every service says when it is healthy, and the proxy sends the webapps' requests to one node per
 * browser and the rest round robin, to ready nodes only.
 */
class ClusterComposeTest {

    private static final Path DOCKER = Path.of("docker");
    private static final String READINESS = "/actuator/health/readiness";

    @Test
    void everyServiceOfBothFilesSaysWhenItIsHealthy() {
        for (String file : List.of("compose.yaml", "compose.cluster.yaml")) {
            Map<String, Map<String, Object>> services = services(file);
            for (String service : List.of("postgres", "app", "prometheus", "grafana")) {
                assertThat(services).as(file).containsKey(service);
            }
            services.forEach((name, service) -> {
                if (file.equals("compose.cluster.yaml") || name.equals("postgres") || name.equals("app")) {
                    assertThat(map(service.get("healthcheck"))).as(file + ": " + name + "'s healthcheck")
                            .containsKey("test");
                }
            });
        }
        assertThat(services("compose.cluster.yaml")).containsKey("proxy");
    }

    @Test
    void theClusterNodesScaleAndAreHealthyWhenReady() {
        Map<String, Object> app = services("compose.cluster.yaml").get("app");
        // --scale app=N: no fixed name, no host port
        assertThat(app).doesNotContainKeys("ports", "container_name");
        // README, "Running a cluster": `up` starts two nodes, `--scale app=3` adds one
        assertThat(app).as("the nodes an `up` starts").containsEntry("scale", 2);
        assertThat(String.join(" ", strings(map(app.get("healthcheck")).get("test")))).contains(READINESS);
        assertThat(map(map(app.get("depends_on")).get("postgres"))).containsEntry("condition", "service_healthy");
    }

    @Test
    void aStoppingNodeGetsTheTimeItsShutdownPhasesTake() {
        Map<String, Object> settings = yaml(Path.of("src/main/resources/application.yaml"));
        Duration phase = DurationStyle.detectAndParse(
                String.valueOf(path(settings, "spring", "lifecycle", "timeout-per-shutdown-phase")));
        assertThat(path(settings, "server", "shutdown")).isEqualTo("graceful");
        for (String file : List.of("compose.yaml", "compose.cluster.yaml")) {
            Duration grace = DurationStyle.detectAndParse(
                    String.valueOf(services(file).get("app").get("stop_grace_period")));
            // the jobs' phase, then the HTTP requests' phase
            assertThat(grace).as(file).isGreaterThan(phase.multipliedBy(2));
        }
    }

    /** What the postgres profile reads from the environment without a default: each file sets every one of it. */
    @Test
    void bothFilesSetEveryVariableThePostgresProfileRequires() throws IOException {
        String profile = Files.readString(Path.of("src/main/resources/application-postgres.yaml"));
        Set<String> required = new TreeSet<>();
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(profile);
        while (placeholder.find()) {
            required.add(placeholder.group(1));
        }
        assertThat(required).contains("DATABASE_URL", "PAYMENT_SECRET_KEY", "WAREHOUSE_NAME");

        Map<String, Object> single = map(services("compose.yaml").get("app").get("environment"));
        Map<String, Object> cluster = map(services("compose.cluster.yaml").get("app").get("environment"));
        for (Map<String, Object> environment : List.of(single, cluster)) {
            assertThat(environment).containsKeys(required.toArray(String[]::new))
                    .containsEntry("SPRING_PROFILES_ACTIVE", "postgres");
        }
        // the nodes run as the single node does, and read the proxy's X-Forwarded-* headers
        assertThat(cluster).containsAllEntriesOf(single).containsEntry("SERVER_FORWARD_HEADERS_STRATEGY", "native");
    }

    @Test
    void theProxyIsPinnedPublishedAndWaitsForReadyNodes() {
        Map<String, Object> proxy = services("compose.cluster.yaml").get("proxy");
        assertThat(String.valueOf(proxy.get("image"))).matches("haproxy:\\d+\\.\\d+\\.\\d+");
        assertThat(strings(proxy.get("ports"))).contains("8080:8080");
        assertThat(strings(proxy.get("volumes")))
                .contains("./haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
        assertThat(map(map(proxy.get("depends_on")).get("app"))).containsEntry("condition", "service_healthy");
    }

    @Test
    void theWebappsAreStickyAndEverythingElseRoundRobin() throws IOException {
        HaproxyConfig proxy = HaproxyConfig.read(DOCKER.resolve("haproxy/haproxy.cfg"));
        String webapps = proxy.backendFor("/camunda/app/cockpit/default/");
        String rest = proxy.backendFor("/api/returns");
        assertThat(webapps).isNotEqualTo(rest);
        assertThat(proxy.backendFor("/camunda")).isEqualTo(webapps);
        assertThat(proxy.backendFor("/camunda/api/engine/engine/default/task/count")).isEqualTo(webapps);
        for (String path : List.of("/api/returns", "/engine-rest/task", "/webhooks/carriers/kdniao",
                "/webhooks/payments/stripe", "/store/session", "/store/", "/v3/api-docs", "/")) {
            assertThat(proxy.backendFor(path)).as(path).isEqualTo(rest);
        }

        List<String> sticky = proxy.section("backend " + webapps);
        assertThat(sticky).anySatisfy(line -> assertThat(line).startsWith("cookie ").contains(" insert ")
                .contains("dynamic"));
        assertThat(sticky).anySatisfy(line -> assertThat(line).startsWith("dynamic-cookie-key "));
        List<String> roundRobin = proxy.section("backend " + rest);
        assertThat(roundRobin).contains("balance roundrobin").noneMatch(line -> line.startsWith("cookie "));

        for (List<String> backend : List.of(sticky, roundRobin)) {
            assertThat(backend).contains("option httpchk GET " + READINESS, "http-check expect status 200");
            // every node of the scaled service, found by Docker's DNS
            assertThat(backend).anySatisfy(line -> assertThat(line).startsWith("server-template ")
                    .contains(" app:8080 ").contains("resolvers docker"));
        }
        assertThat(proxy.section("resolvers docker")).contains("nameserver dns 127.0.0.11:53");
        assertThat(proxy.section("defaults")).contains("option redispatch")
                .anySatisfy(line -> assertThat(line).startsWith("default-server ").contains("check"));
    }

    /**
     * The premise of the stickiness: the webapps keep the servlet container's sessions; only the clerk's page keeps
     * Spring Session's, in the database.
     */
    @Test
    void onlyTheClerksPageKeepsItsSessionInTheDatabase() {
        Map<String, Object> settings = yaml(Path.of("src/main/resources/application.yaml"));
        assertThat(strings(path(settings, "spring", "autoconfigure", "exclude")))
                .contains("org.springframework.boot.autoconfigure.session.SessionAutoConfiguration");
    }

    @Test
    void prometheusScrapesEveryNodeOfTheCluster() {
        Map<String, Object> prometheus = services("compose.cluster.yaml").get("prometheus");
        assertThat(strings(prometheus.get("volumes")))
                .contains("./prometheus/prometheus.cluster.yml:/etc/prometheus/prometheus.yml:ro");
        Map<String, Object> config = yaml(DOCKER.resolve("prometheus/prometheus.cluster.yml"));
        Map<String, Object> job = map(list(config.get("scrape_configs")).get(0));
        assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
        Map<String, Object> discovery = map(list(job.get("dns_sd_configs")).get(0));
        assertThat(strings(discovery.get("names"))).containsExactly("app");
        assertThat(discovery).containsEntry("type", "A").containsEntry("port", 8080);
        assertThat(map(job.get("basic_auth"))).containsEntry("password_file", "/run/secrets/scrape_password");
    }

    // ------------------------------------------------------------------------------------------------ reading

    private static Map<String, Map<String, Object>> services(String file) {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        map(yaml(DOCKER.resolve(file)).get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Object path(Map<String, Object> yaml, String... keys) {
        Object node = yaml;
        for (String key : keys) {
            node = map(node).get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }

    private static List<String> strings(Object node) {
        return list(node).stream().map(String::valueOf).toList();
    }

    /**
     * HAProxy's configuration as sections of lines (comments and indentation dropped), and the routing of the
     * frontend: the first {@code use_backend} whose {@code path}/{@code path_beg} conditions match, else the
     * default backend.
     */
    record HaproxyConfig(Map<String, List<String>> sections) {

        static HaproxyConfig read(Path file) throws IOException {
            Map<String, List<String>> sections = new LinkedHashMap<>();
            List<String> current = null;
            for (String raw : Files.readAllLines(file)) {
                String line = raw.replaceAll("#.*", "").strip().replaceAll("\\s+", " ");
                if (line.isEmpty()) {
                    continue;
                }
                if (!Character.isWhitespace(raw.charAt(0))) {
                    current = new ArrayList<>();
                    sections.put(line, current);
                } else {
                    assertThat(current).as("a line outside any section: " + raw).isNotNull();
                    current.add(line);
                }
            }
            return new HaproxyConfig(sections);
        }

        List<String> section(String name) {
            assertThat(sections).containsKey(name);
            return sections.get(name);
        }

        String backendFor(String path) {
            List<String> frontend = section("frontend returnflow");
            for (String line : frontend) {
                Matcher rule = Pattern.compile("use_backend (\\S+) if (.+)").matcher(line);
                if (rule.matches() && anyMatches(rule.group(2), path)) {
                    return rule.group(1);
                }
            }
            return frontend.stream().filter(line -> line.startsWith("default_backend "))
                    .map(line -> line.substring("default_backend ".length())).findFirst().orElseThrow();
        }

        private static boolean anyMatches(String condition, String path) {
            for (String alternative : condition.split("\\|\\|")) {
                Matcher acl = Pattern.compile("\\{ (path|path_beg) (\\S+) }").matcher(alternative.strip());
                assertThat(acl.matches()).as("a condition this test reads: " + alternative).isTrue();
                boolean matches = acl.group(1).equals("path") ? path.equals(acl.group(2))
                        : path.startsWith(acl.group(2));
                if (matches) {
                    return true;
                }
            }
            return false;
        }
    }
}
