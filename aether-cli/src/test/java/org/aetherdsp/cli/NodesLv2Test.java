package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.aetherdsp.lv2.Lv2Host;
import org.junit.jupiter.api.Test;

/** {@code aether nodes --lv2}: the installed LV2 plugins (lv2-examples), or why there are none. */
class NodesLv2Test {

    @Test
    void listsInstalledLv2PluginsWithParamsAndScalePoints() {
        boolean present = Lv2Host.available() && Lv2Host.standard().plugin("http://lv2plug.in/plugins/eg-amp") != null;
        if ("1".equals(System.getenv("AETHER_REQUIRE_TOOLS"))) {
            assertTrue(present, "liblilv / lv2-examples are not installed, and AETHER_REQUIRE_TOOLS=1 makes that a failure: "
                    + Lv2Host.unavailableReason());
        }
        assumeTrue(present, "LV2 host or eg-amp missing; set AETHER_REQUIRE_TOOLS=1 to make this a failure");
        CliRun r = CliRun.of("nodes", "--lv2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lv2:http://lv2plug.in/plugins/eg-amp  Simple Amplifier"), r.out());
        assertTrue(r.out().contains("    param gain: -90..24 dB, default 0 dB, smoothing 20 ms"), r.out());
        assertTrue(r.out().contains("    scale points of gain: "), r.out());
        assertFalse(r.out().contains("std.osc.sine"), "only LV2 types: " + r.out());
        assertTrue(r.out().matches("(?s).*\\n\\d+ LV2 plugins\\n"), r.out());
    }
}
