package org.aetherdsp.osc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server driven by an OSC client no one here wrote: liblo's {@code oscsend},
 * {@code oscsendfile} and {@code oscdump} (Debian's liblo-tools, installed by {@code .ci/run}).
 * Without them the tests are skipped, or fail under {@code AETHER_REQUIRE_TOOLS=1} (CI).
 */
class LibloToolsTest {

    @BeforeAll
    static void requireLiblo() {
        boolean present = onPath("oscsend") && onPath("oscdump") && onPath("oscsendfile");
        if ("1".equals(System.getenv("AETHER_REQUIRE_TOOLS"))) {
            assertTrue(present, "liblo-tools (oscsend, oscsendfile, oscdump) are not installed, and AETHER_REQUIRE_TOOLS=1 makes that a failure");
        }
        assumeTrue(present, "liblo-tools are not installed; set AETHER_REQUIRE_TOOLS=1 to make this a failure");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void addConst(int port, String id) throws Exception {
        run("oscsend", "localhost", String.valueOf(port), "/node/add", "ss", "test.const", id);
        run("oscsend", "localhost", String.valueOf(port), "/output/connect", "sii", id, "0", "0");
    }

    @Test
    void oscsendCommandsOverUdpAndTcpChangeTheSound() throws Exception {
        try (PacedEngine paced = new PacedEngine(20); OscServer server = OscServer.builder(paced.engine).port(0).start()) {
            int port = server.udpPort();
            addConst(port, "c");
            run("oscsend", "localhost", String.valueOf(port), "/param/set", "ssf", "c", "value", "0.5");
            long now = paced.engine.currentFrame();
            paced.awaitFrame(now + 4800);
            assertEquals(0.5f, paced.at(now + 4800 - 64), "UDP: the parameter set by oscsend plays");
            run("oscsend", "osc.tcp://localhost:" + server.tcpPort(), "/param/set", "ssf", "c", "value", "0.25");
            now = paced.engine.currentFrame();
            paced.awaitFrame(now + 4800);
            assertEquals(0.25f, paced.at(now + 4800 - 64), "TCP (liblo's length prefix): it plays");
        }
    }

    @Test
    void errorsComeBackToOscdump(@TempDir Path dir) throws Exception {
        try (PacedEngine paced = new PacedEngine(20); OscServer server = OscServer.builder(paced.engine).port(0).start()) {
            int port = server.udpPort();
            int dumpPort = freeUdpPort();
            Path dumped = dir.resolve("dump.txt");
            Process dump = new ProcessBuilder("oscdump", "-L", String.valueOf(dumpPort))
                    .redirectOutput(dumped.toFile()).redirectErrorStream(true).start();
            try {
                Thread.sleep(300); // let oscdump bind
                addConst(port, "c");
                run("oscsend", "localhost", String.valueOf(port), "/aether/replyto", "i", String.valueOf(dumpPort));
                run("oscsend", "localhost", String.valueOf(port), "/param/set", "ssf", "c", "nope", "1.0");
                run("oscsend", "localhost", String.valueOf(port), "/param/get", "ss", "c", "value");
                long deadline = System.nanoTime() + 5_000_000_000L;
                String text = "";
                while (System.nanoTime() < deadline && !(text.contains("/error") && text.contains("/param "))) {
                    Thread.sleep(50);
                    text = Files.readString(dumped);
                }
                assertTrue(text.contains("/error ss \"/param/set\""), text);
                assertTrue(text.contains("has no param 'nope'"), text);
                assertTrue(text.contains("/param ssff \"c\" \"value\" 0.000000 0.000000"), text);
            } finally {
                dump.destroy();
                dump.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void bundlesFromOscsendfileLandOnTheEngineClockExactlyTheirTagsApart(@TempDir Path dir) throws Exception {
        try (PacedEngine paced = new PacedEngine(20);
             OscServer server = OscServer.builder(paced.engine).port(0).latency(0.1).start()) {
            int port = server.udpPort();
            addConst(port, "c");
            // oscsendfile sends each line as a bundle at its time, tagged with it: 0.1 s apart
            // (0x1999999a / 2^32 s), which is 4800 frames at 48 kHz.
            Path file = dir.resolve("bundles.txt");
            Files.write(file, List.of("e0000000.00000000 /param/set ssf c value 0.25",
                    "e0000000.1999999a /param/set ssf c value 0.75"));
            run("oscsendfile", "localhost", String.valueOf(port), file.toString());
            paced.awaitFrame(paced.engine.currentFrame() + 9600);
            long first = paced.firstFrameOf(0.25f, 0);
            long second = paced.firstFrameOf(0.75f, 0);
            assertTrue(first > 0 && second > 0, "both bundles played: " + first + ", " + second);
            assertEquals(4800, second - first, "sample-accurate on the engine clock");
            assertEquals(0L, paced.engine.stats().counters().get("osc.late"), "with 0.1 s of latency none is late");
        }
    }
}
