package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An offline render is not paced: it reports its speed and block times as offline, and no deadline misses. */
class OfflineReportTest {

    @TempDir
    Path dir;

    @Test
    void renderSaysOfflineAndCountsNoDeadlineMisses() {
        CliRun r = CliRun.of("render", "--seconds", "0.5", "-o", dir.resolve("d.wav").toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("deadline miss"), r.out());
        assertTrue(r.out().contains("\noffline render (as fast as possible, not paced): real-time factor "), r.out());
        assertTrue(r.out().matches("(?s).*\noffline block time: mean [0-9.]+ us, p50 [0-9.]+ us, p99 [0-9.]+ us, p99\\.9 [0-9.]+ us,"
                + " max [0-9.]+ us; a real-time block has 1333\\.33 us \\(offline p99 is [0-9.]+% of it; 'aether bench' measures"
                + " real-time deadlines\\)\n.*"), r.out());
        assertTrue(r.out().contains("\nblocks 375, commands applied "), r.out());
    }

    @Test
    void theWavIsNamedAfterThePatch() {
        assertEquals("drone.wav", RenderCommand.wavName(Path.of("examples", "patches", "drone.json")));
        assertEquals("my.patch.wav", RenderCommand.wavName(Path.of("my.patch.kryo")));
        assertEquals("noext.wav", RenderCommand.wavName(Path.of("noext")));
    }
}
