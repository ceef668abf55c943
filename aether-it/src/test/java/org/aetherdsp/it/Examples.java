package org.aetherdsp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aetherdsp.io.WavData;

/**
 * Where the example builds (run by maven-invoker-plugin before the ITs) left their output, and
 * how to run a JVM on it.
 */
final class Examples {

    private Examples() {
    }

    /** @return a system property failsafe sets, or a failure naming it */
    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run through `mvn verify`");
        }
        return value;
    }

    /** @return the cloned example project (under target/it) after its invoked build */
    static Path project(String name) {
        Path dir = Path.of(property("aether.examples"), name);
        assertTrue(Files.isDirectory(dir.resolve("target")), "the invoked build of " + dir + " left no target/");
        return dir;
    }

    /** @return every jar in the CLI's runtime class path: the CLI, Aether's modules and third-party libraries */
    static List<Path> cliLib() throws IOException {
        try (Stream<Path> jars = Files.list(Path.of(property("aether.cli.lib")))) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    static String join(List<Path> paths) {
        List<String> s = new ArrayList<>();
        for (Path p : paths) {
            s.add(p.toString());
        }
        return String.join(File.pathSeparator, s);
    }

    /**
     * Runs {@code java ARGS} in a fresh JVM and fails with its output unless it exits with 0.
     *
     * @return what it printed
     */
    static String java(Path workDir, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not finish: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    /** @return the largest absolute sample over every channel */
    static float peak(WavData wav) {
        float peak = 0f;
        for (float[] channel : wav.samples()) {
            for (float s : channel) {
                peak = Math.max(peak, Math.abs(s));
            }
        }
        return peak;
    }
}
