package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeRegistry;
import org.junit.jupiter.api.Test;

/**
 * Optional at run time: in a JVM where the native host cannot be loaded (as on a machine without
 * liblilv), the provider contributes no types and says why, and an engine with the standard nodes
 * works as without this module.
 */
class Lv2AbsentTest {

    /** Run in the child JVM. */
    public static void main(String[] args) {
        NodeRegistry registry = NodeRegistry.load();
        long lv2 = registry.types().stream().filter(t -> t.id().startsWith("lv2:")).count();
        try (Engine engine = Engine.builder().build()) {
            long g = engine.add("std.osc.sine");
            engine.connectOutput(g, 0, 0);
            float[][] out = new float[2][64];
            engine.process(out);
            engine.process(out);
            System.out.println("lv2 types " + lv2 + ", problems " + registry.problems().size() + ", available "
                    + Lv2Host.available() + ", sine " + (out[0][63] != 0f));
            System.out.println("reason: " + Lv2Host.unavailableReason());
        }
    }

    private static String child(String property) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                property, "-cp", System.getProperty("java.class.path"), Lv2AbsentTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void withoutTheNativeHostThereAreNoLv2TypesAndTheEngineWorks() throws Exception {
        String out = child("-Daether.lv2.library=/nonexistent/libaetherlv2.so");
        assertTrue(out.contains("lv2 types 0, problems 0, available false, sine true"), out);
        assertTrue(out.contains("reason: the native LV2 host cannot be loaded (is liblilv-0-0 installed?"), out);
    }

    @Test
    void discoveryCanBeTurnedOff() throws Exception {
        Lv2TestPlugins.host(Lv2TestPlugins.AMP);
        String out = child("-Daether.lv2.discover=false");
        assertTrue(out.contains("lv2 types 0, problems 0, available true, sine true"), out);
    }
}
