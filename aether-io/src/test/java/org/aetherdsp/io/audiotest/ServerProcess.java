package org.aetherdsp.io.audiotest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A sound server started as a child process for the tests of one class, and killed after.
 *
 * <p>When the server's binary is missing or it does not come up, the tests are skipped with the
 * reason, unless {@code AETHER_REQUIRE_AUDIO=1} is set (CI sets it): then they fail, so that CI
 * cannot pass by skipping.
 */
final class ServerProcess {

    private final String name;
    private Process process;
    private Path log;

    ServerProcess(String name) {
        this.name = name;
    }

    static boolean required() {
        return "1".equals(System.getenv("AETHER_REQUIRE_AUDIO"));
    }

    /** Skips the test (or fails it under AETHER_REQUIRE_AUDIO=1) with the reason. */
    static void unavailable(String reason) {
        if (required()) {
            Assertions.fail(reason + " (AETHER_REQUIRE_AUDIO=1, so this is a failure, not a skip)");
        }
        Assumptions.abort(reason + "; set AETHER_REQUIRE_AUDIO=1 to make this a failure");
    }

    static Path onPath(String binary) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Starts the server and waits until {@code ready} succeeds.
     *
     * @param command the server's command line (its binary first)
     * @param env     extra environment
     * @param ready   a command that exits 0 once the server accepts clients
     */
    void start(List<String> command, Map<String, String> env, List<String> ready) throws IOException, InterruptedException {
        if (onPath(command.get(0)) == null) {
            unavailable(name + " is not installed (no '" + command.get(0) + "' on the PATH)");
        }
        Path home = audioHome();
        log = home.resolve(command.get(0) + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                unavailable(name + " exited at start with code " + process.exitValue() + ": " + tail());
            }
            ProcessBuilder probe = new ProcessBuilder(ready).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            probe.environment().putAll(env);
            Process p = probe.start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            p.destroyForcibly();
            Thread.sleep(100);
        }
        stop();
        unavailable(name + " did not accept clients within 10 s: " + tail());
    }

    /**
     * Stops the server, failing if it died during the tests: a crashed server makes every later
     * test fail with a confusing "no device", so say what happened, with its log.
     */
    void stopExpectingItAlive() throws InterruptedException {
        Process p = process;
        if (p != null && !p.isAlive()) {
            process = null;
            Assertions.fail(name + " died during the tests (exit code " + p.exitValue() + "): " + tail());
        }
        stop();
    }

    void stop() throws InterruptedException {
        Process p = process;
        process = null;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** @return the directory the surefire configuration points HOME and XDG_RUNTIME_DIR into */
    static Path audioHome() throws IOException {
        String home = System.getenv("AETHER_AUDIO_HOME");
        Path dir = home != null ? Path.of(home) : Path.of("target", "audio-home");
        Files.createDirectories(dir.resolve("run"));
        return dir.toAbsolutePath();
    }
}
