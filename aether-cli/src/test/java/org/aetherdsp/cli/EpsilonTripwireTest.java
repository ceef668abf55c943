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
 * The allocation tripwire: 30 minutes of the demo (every std node, dense automation) in a
 * forked JVM under Epsilon GC, which never frees anything, with a 16 MB heap. After setup
 * the heap has about 11 MB left, while 1.35 million blocks at even 16 bytes each would need
 * 21 MB: any per-block allocation ends in OutOfMemoryError. It must finish. The heap in use
 * may grow by a TLAB or two (Epsilon accounts in whole TLABs, and a one-off such as a JIT
 * compile request can take a fresh one), but by less than 1.5 bytes per block: the smallest
 * Java object is 16 bytes, so that rules out anything allocated per block.
 */
class EpsilonTripwireTest {

    private static final int SECONDS_OF_AUDIO = 1800;

    @Test
    void thirtyMinutesOfTheDemoFinishUnderEpsilonGcWithoutTheHeapGrowing() throws Exception {
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xms16m", "-Xmx16m", "-Xlog:disable",
                "-cp", System.getProperty("java.class.path"),
                EpsilonRender.class.getName(), Integer.toString(SECONDS_OF_AUDIO));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "did not finish");
        assertEquals(0, p.exitValue(), "the render died (OutOfMemoryError means something allocates per block):\n" + out);
        Matcher m = Pattern.compile("heap used (\\d+) -> (\\d+) bytes").matcher(out);
        assertTrue(m.find(), out);
        long growth = Long.parseLong(m.group(2)) - Long.parseLong(m.group(1));
        assertTrue(growth < 1.5 * SECONDS_OF_AUDIO * 48_000 / 64, "heap grew " + growth + " bytes during the render: " + out);
        System.out.println("Epsilon tripwire: " + out.strip());
    }
}
