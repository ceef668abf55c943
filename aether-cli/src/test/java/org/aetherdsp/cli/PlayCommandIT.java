package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.io.audiotest.JackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code aether play} as a user runs it: the packaged CLI on the module path (jnajack and JNA
 * as automatic modules), stopped by SIGINT as Ctrl-C stops it.
 */
@ExtendWith(JackServer.class)
class PlayCommandIT {

    @Test
    void aSignalStopsPlaybackCleanlyWithASummary() throws Exception {
        // Through perl, which gives the child the default SIGINT disposition before it execs the
        // JVM: a build started in the background of a non-interactive shell (a CI script's `&`,
        // nohup) inherits SIGINT ignored, and a JVM that starts with SIGINT ignored installs no
        // handler for it, so Ctrl-C's signal would never reach aether play (it kept playing 20 s
        // after the signal, its main thread still in the status loop, no shutdown hook running).
        // A user's terminal never ignores it. perl-base is an essential package on Debian.
        List<String> cmd = List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", System.getProperty("aether.cli.jar") + File.pathSeparator + System.getProperty("aether.cli.lib"),
                "-m", "org.aetherdsp.cli/org.aetherdsp.cli.Main",
                "play", Path.of("..", "examples", "patches", "drone.json").toString(), "--client-name", "aether-play-it");
        Path log = Files.createTempFile("aether-play", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Wait until it plays (the JVM starts, the patch loads, the client connects), then a little more.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && p.isAlive() && !Files.readString(log).contains(" block p99 ")) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        assertTrue(p.isAlive(), "aether play exited by itself: " + Files.readString(log));
        // SIGINT, what Ctrl-C sends (Process.destroy would send SIGTERM and close our end of the pipes).
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            // Say where it hangs before failing: the child's threads, then its output.
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(p.pid())).redirectErrorStream(true).start();
            String threads = new String(jstack.getInputStream().readAllBytes());
            jstack.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
            throw new AssertionError("aether play did not stop within 20 s of SIGINT; its output:\n" + Files.readString(log)
                    + "\nits threads:\n" + threads);
        }
        String text = Files.readString(log);
        assertTrue(text.contains("playing ") && text.contains("through jack client 'aether-play-it'"), text);
        assertTrue(text.contains("stopped (interrupted) after"), text);
        assertTrue(text.contains("callbacks") && text.contains("xruns"), text);
        assertTrue(!text.contains("Exception"), text);
    }
}
