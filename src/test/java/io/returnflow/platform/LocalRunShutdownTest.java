package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.returnflow.ReturnFlowApplication;

/**
 * The local run (README's first command: the default {@code local} profile on the H2 file {@code ./data/returnflow})
 * stopped as a person stops it, by SIGTERM (Ctrl-C): the node's graceful shutdown still reaches its database after
 * the JVM's shutdown hooks started (the job executor hands back the jobs it acquired but did not start, the engine
 * writes its metrics), so H2 must not close the file on its own hook before. Runs the application as a process of
 * its own in an empty working directory, with the shipped configuration as it is.
 */
class LocalRunShutdownTest {

    /** Generous bounds on a machine busy with other builds, not a measure of speed. */
    private static final long START_MINUTES = 5;
    private static final long STOP_MINUTES = 3;
    private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

    @TempDir
    Path workingDirectory;

    @Test
    void aLocalRunStoppedBySigtermClosesCleanly() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = workingDirectory.resolve("node.log");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), ReturnFlowApplication.class.getName(),
                "--server.port=0")
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("SPRING_PROFILES_ACTIVE");
        Process node = builder.start();
        try {
            awaitReady(node, output);
            assertThat(Files.exists(workingDirectory.resolve("data/returnflow.mv.db")))
                    .as("the shipped H2 file in ./data").isTrue();

            node.destroy();     // SIGTERM
            assertThat(node.waitFor(STOP_MINUTES, TimeUnit.MINUTES)).as("the node stopped").isTrue();
        } finally {
            node.destroyForcibly();
        }

        assertThat(Files.readString(output)).contains("Stopping: no job runs on this node")
                .doesNotContain("Database is already closed")
                .doesNotContain("Could not collect and log metrics")
                .doesNotContain("Exception in thread");
    }

    /** Ready: the start-up setup (the application's runners) has run, as a balancer's probe sees it. */
    private static void awaitReady(Process node, Path output) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(START_MINUTES);
        while (System.nanoTime() < until) {
            assertThat(node.isAlive()).as("the local run is running:%n%s", Files.readString(output)).isTrue();
            Matcher port = TOMCAT_PORT.matcher(Files.readString(output));
            if (port.find()) {
                HttpRequest readiness = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port.group(1) + "/actuator/health/readiness")).build();
                try {
                    if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // a refused or cut connection: not yet
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready within " + START_MINUTES + " minutes:\n" + Files.readString(output));
    }
}
