package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.aetherdsp.api.ParamSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aether nodes} reads as a reference: named choices, numbers as a patch file writes them, no padding. */
class NodesListingTest {

    @TempDir
    Path dir;

    @Test
    void modeParametersListTheirChoicesByName() {
        CliRun r = CliRun.of("nodes");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("    param mode: lowpass|highpass|bandpass|notch|peak|lowshelf|highshelf|allpass,"
                + " default lowpass, not smoothed\n"), r.out());
        assertTrue(r.out().contains("    param shape: sine|triangle|square|sample_hold|smooth_random, default sine"), r.out());
    }

    @Test
    void numbersAreReadableAndThereAreNoStraySpaces() {
        CliRun r = CliRun.of("nodes");
        assertTrue(r.out().contains("    param freq: 0.01..20000 Hz, default 440 Hz, smoothing 20 ms\n"), r.out());
        assertTrue(r.out().contains("    param amp: 0..1, default 1, smoothing 20 ms\n"), r.out());
        assertTrue(r.out().contains("    inputs: none; outputs: out\n"), "a source has no inputs: " + r.out());
        boolean[] lv2 = {false};
        r.out().lines().forEach(line -> {
            assertFalse(line.endsWith(" "), "trailing space: '" + line + "'");
            assertFalse(line.strip().contains("   ") || line.contains(" ,") || line.contains("  ,"), "stray spaces: '" + line + "'");
            if (!line.startsWith(" ")) {
                lv2[0] = line.startsWith("lv2:");
            }
            // An LV2 plugin's ranges are its own TTL's numbers (0.000001 and the like), listed exactly.
            assertFalse(!lv2[0] && (line.matches(".*\\d\\.\\d{5,}.*") || line.matches(".*\\de[+-]\\d.*")),
                    "unreadable number: '" + line + "'");
        });
    }

    @Test
    void describeWritesEachKindOfParameter() {
        assertEquals("seed: 0..16777215, default 1, not smoothed", NodesCommand.describe(ParamSpec.of("seed", 0f, 16_777_215f, 1f, "", 0f)));
        assertEquals("q: 0.1..40, default 0.7071, smoothing 20 ms", NodesCommand.describe(ParamSpec.of("q", 0.1f, 40f, 0.7071f, "", 20f)));
        assertEquals("mode: a|b, default b, not smoothed", NodesCommand.describe(ParamSpec.of("mode", 0f, 1f, 1f, "", 0f).withChoices("a", "b")));
    }

    @Test
    void aPatchWithAPluginsTypeHintsAtPlugins() throws Exception {
        Path patch = Path.of("..", "examples", "plugin-tremolo", "patches", "crushed-tremolo.json");
        CliRun r = CliRun.of("render", patch.toString(), "-o", dir.resolve("x.wav").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("unknown node type 'acme.") && r.err().contains("no installed node type is in its namespace"
                + " 'acme' (a plugin may provide it: load the folder of its JAR with --plugins DIR)"), r.err());
        Path empty = Files.createDirectories(dir.resolve("plugins"));
        r = CliRun.of("render", patch.toString(), "-o", dir.resolve("x.wav").toString(), "--plugins", empty.toString());
        assertTrue(r.err().contains("(no plugin in '" + empty + "' provides it)"), r.err());
        r = CliRun.of("bench", "--max-nodes", "acme.tremolo");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("acme.tremolo") && r.err().contains("--plugins DIR"), r.err());
        // A typo of a standard type is a typo, not a missing plugin.
        r = CliRun.of("bench", "--max-nodes", "std.gian");
        assertFalse(r.err().contains("--plugins"), r.err());
    }
}
