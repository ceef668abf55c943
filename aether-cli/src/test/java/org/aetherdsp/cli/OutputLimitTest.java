package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's output limiter: on by default, so no patch writes a sample beyond full scale; {@code --no-limit} turns it off. */
class OutputLimitTest {

    @TempDir
    Path dir;

    private Path loudPatch() throws Exception {
        Path patch = dir.resolve("loud.json");
        Files.writeString(patch, """
                { "aether": 1, "sampleRate": 48000, "blockSize": 64, "channels": 2,
                  "nodes": [ { "id": "osc", "type": "std.osc.sine", "params": { "freq": 220, "amp": 1 } },
                             { "id": "boost", "type": "std.gain", "params": { "gain": 16 } } ],
                  "connections": [ { "from": "osc", "to": "boost" } ],
                  "outputs": [ { "from": "boost", "channel": 0 }, { "from": "boost", "channel": 1 } ] }
                """);
        return patch;
    }

    private static float peak(Path wav) throws Exception {
        WavData data = WavReader.read(wav);
        float peak = 0f;
        for (float[] ch : data.samples()) {
            for (float v : ch) {
                peak = Math.max(peak, Math.abs(v));
            }
        }
        return peak;
    }

    @Test
    void aPatch24DbOverFullScaleRendersWithinFullScaleAndSaysSo() throws Exception {
        Path out = dir.resolve("limited.wav");
        CliRun r = CliRun.of("render", loudPatch().toString(), "--seconds", "0.5", "--format", "f32", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(peak(out) <= 1f, "peak " + peak(out));
        assertTrue(peak(out) > 0.99f, "held at the ceiling, not silenced: " + peak(out));
        assertTrue(r.out().contains("\nlimiter: "), r.out());
    }

    @Test
    void noLimitLetsItThrough() throws Exception {
        Path out = dir.resolve("raw.wav");
        CliRun r = CliRun.of("render", loudPatch().toString(), "--seconds", "0.5", "--format", "f32", "--no-limit",
                "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(16f, peak(out), 0.01f);
        assertFalse(r.out().contains("limiter:"), r.out());
    }
}
