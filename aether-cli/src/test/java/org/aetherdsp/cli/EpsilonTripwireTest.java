package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The allocation tripwire: one node of every standard type plus the demo, with random
 * parameter automation every block, in a
 * forked JVM under Epsilon GC, which never frees anything. A first run measures the heap
 * the setup and warm-up take; the real run gets that plus {@value #HEADROOM_MB} MB, and is
 * made long enough (at least 60 s) that 16 bytes per block would need 1.5 times what is
 * left: any per-block allocation ends in OutOfMemoryError. It must finish, and
 * the output must confirm the sizing. The heap in use
 * may grow by a TLAB or two (Epsilon accounts in whole TLABs, and a one-off such as a JIT
 * compile request can take a fresh one), but by less than 1.5 bytes per block: the smallest
 * Java object is 16 bytes, so that rules out anything allocated per block.
 */
class EpsilonTripwireTest {

    private static final int MIN_SECONDS_OF_AUDIO = 60;
    private static final int HEADROOM_MB = 6;

    private static String run(String heap, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xms" + heap, "-Xmx" + heap, "-Xlog:disable",
                "-cp", System.getProperty("java.class.path"), EpsilonRender.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "did not finish");
        assertEquals(0, p.exitValue(), "the render died (OutOfMemoryError means something allocates per block):\n" + out);
        return out;
    }

    @Test
    void aRenderLongEnoughToExhaustTheHeapFinishesUnderEpsilonGc() throws Exception {
        String measured = run("512m", Integer.toString(MIN_SECONDS_OF_AUDIO), "measure");
        Matcher setup = Pattern.compile("setup heap (\\d+)").matcher(measured);
        assertTrue(setup.find(), measured);
        long heapMb = Long.parseLong(setup.group(1)) / (1 << 20) + 1 + HEADROOM_MB;
        String out = run(heapMb + "m", Integer.toString(MIN_SECONDS_OF_AUDIO));
        Matcher m = Pattern.compile("heap used (\\d+) -> (\\d+) bytes").matcher(out);
        assertTrue(m.find(), out);
        Matcher sizing = Pattern.compile("\\((\\d+) blocks\\).*headroom (\\d+)").matcher(out);
        assertTrue(sizing.find(), out);
        long blocks = Long.parseLong(sizing.group(1));
        long headroom = Long.parseLong(sizing.group(2));
        assertTrue(16 * blocks > headroom && blocks >= MIN_SECONDS_OF_AUDIO * 48_000 / 64,
                "the render must be long enough for a per-block allocation to exhaust the heap: " + out);
        long growth = Long.parseLong(m.group(2)) - Long.parseLong(m.group(1));
        assertTrue(growth < 1.5 * blocks, "heap grew " + growth + " bytes during the render: " + out);
        System.out.println("Epsilon tripwire: " + out.strip());
    }
}
