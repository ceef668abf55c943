package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options and bounded block length reach the plugin: a probe plugin (test resources
 * probe.lv2, compiled here with gcc) requires urid:map, options:options and
 * buf-size:boundedBlockLength, reads maxBlockLength, minBlockLength and param:sampleRate from the
 * options and reports them and the longest run() it was asked for on control outputs.
 */
class Lv2OptionsTest {

    private static Path bundle(Path dir) throws Exception {
        Path b = Files.createDirectories(dir.resolve("probe.lv2"));
        for (String f : new String[] {"manifest.ttl", "probe.c"}) {
            try (InputStream in = Lv2OptionsTest.class.getResourceAsStream("/probe.lv2/" + f)) {
                Files.copy(in, b.resolve(f));
            }
        }
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-o", b.resolve("probe.so").toString(),
                    b.resolve("probe.c").toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            if (Lv2TestPlugins.required()) {
                throw new AssertionError("gcc is not installed, and AETHER_REQUIRE_TOOLS=1 makes that a failure", e);
            }
            assumeTrue(false, "gcc is not installed; set AETHER_REQUIRE_TOOLS=1 to make this a failure");
            return null;
        }
        String log = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.waitFor(), log);
        return b;
    }

    @Test
    void pluginReceivesBlockLengthsAndSampleRateAndNoLongerRun(@TempDir Path dir) throws Exception {
        Lv2TestPlugins.host();
        Lv2Host host = Lv2Host.open(bundle(dir).getParent().toString());
        assertNotNull(host.plugin("urn:aether:test:probe"), host.problems().toString());
        Engine.Builder builder = Engine.builder().sampleRate(44_100).blockSize(96).discoverNodeTypes(false);
        host.nodeTypes().forEach(builder::nodeType);
        try (Engine engine = builder.build()) {
            long probe = engine.add("lv2:urn:aether:test:probe");
            engine.connectOutput(probe, 0, 0);
            float[][] out = new float[2][96];
            for (int b = 0; b < 4; b++) {
                engine.process(out);
            }
            Lv2Instance p = engine.nodeAs(probe, Lv2Instance.class);
            assertEquals(96f, p.controlOutput("max_block"), "buf-size:maxBlockLength is the engine's block size");
            assertEquals(1f, p.controlOutput("min_block"), "buf-size:minBlockLength");
            assertEquals(44_100f, p.controlOutput("rate"), "param:sampleRate");
            assertEquals(96f, p.controlOutput("longest"), "no run() longer than the maximum");
            assertTrue(engine.drainFaults().isEmpty());
        }
    }
}
