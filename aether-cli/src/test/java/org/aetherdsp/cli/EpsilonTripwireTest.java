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
 * The allocation tripwire: the demo (a patch of std nodes, with dense automation) in a
 * forked JVM under Epsilon GC, which never frees anything, with a 12 MB heap. The render is
 * made long enough (at least 60 s) that 16 bytes per block would need 1.5 times the heap
 * left after setup: any per-block allocation ends in OutOfMemoryError. It must finish, and
 * the output must confirm the sizing. The heap in use
 * may grow by a TLAB or two (Epsilon accounts in whole TLABs, and a one-off such as a JIT
 * compile request can take a fresh one), but by less than 1.5 bytes per block: the smallest
 * Java object is 16 bytes, so that rules out anything allocated per block.
 */
class EpsilonTripwireTest {

    private static final int MIN_SECONDS_OF_AUDIO = 60;

    @Test
    void aRenderLongEnoughToExhaustTheHeapFinishesUnderEpsilonGc() throws Exception {
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xms12m", "-Xmx12m", "-Xlog:disable",
                "-cp", System.getProperty("java.class.path"),
                EpsilonRender.class.getName(), Integer.toString(MIN_SECONDS_OF_AUDIO));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "did not finish");
        assertEquals(0, p.exitValue(), "the render died (OutOfMemoryError means something allocates per block):\n" + out);
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
