package com.acme.chord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderChordTest {

    @TempDir
    Path dir;

    @Test
    void rendersAnAudibleStereoChordOfTheRequestedLength() throws Exception {
        Path wav = dir.resolve("chord.wav");
        assertEquals(48_000, RenderChord.render(wav, 1.0));
        WavData data = WavReader.read(wav);
        assertEquals(2, data.channels());
        assertEquals(48_000, data.frames());
        double sum = 0;
        for (float s : data.channel(0)) {
            sum += s * s;
        }
        double rms = Math.sqrt(sum / data.frames());
        assertTrue(rms > 0.05 && rms < 1, "rms " + rms);
        for (int i = 0; i < data.frames(); i += 997) {
            assertEquals(data.sample(0, i), data.sample(1, i), "both channels carry the filter's output");
        }
    }
}
