package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavFormat;
import org.aetherdsp.io.WavReader;
import org.aetherdsp.io.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patch file's {@code "sample"} (a WAV file, relative to the patch) and {@code "pattern"} (a
 * step sequencer's steps) reach the nodes when the CLI renders it.
 */
class PatchContentTest {

    @TempDir
    Path dir;

    /** 120 bpm at 48 kHz: a sixteenth-note step is 6000 frames; the gate is high for the first half. */
    private static final int STEP = 6000;
    private static final int FRAMES = 4 * STEP;

    private float[][] writeSample(Path wav, int frames) throws Exception {
        Random random = new Random(3);
        float[][] audio = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            audio[0][i] = (float) (random.nextDouble() - 0.5);
            audio[1][i] = (float) (random.nextDouble() - 0.5) * 0.25f;
        }
        try (WavWriter w = WavWriter.open(wav, 48_000, 2, WavFormat.FLOAT_32)) {
            w.write(audio, frames);
        }
        return audio;
    }

    private Path patch(String samplerExtra, String seqExtra) throws Exception {
        return Files.writeString(dir.resolve("kit.json"), "{ \"channels\": 3, \"nodes\": [\n"
                + "  { \"id\": \"seq\", \"type\": \"std.seq\"" + seqExtra + " },\n"
                + "  { \"id\": \"drum\", \"type\": \"std.sampler\"" + samplerExtra + " } ],\n"
                + " \"connections\": [ { \"from\": \"seq.gate\", \"to\": \"drum.trigger\" } ],\n"
                + " \"outputs\": [ { \"from\": \"seq.gate\", \"channel\": 0 }, { \"from\": \"drum.out\", \"channel\": 1 },"
                + " { \"from\": \"drum.right\", \"channel\": 2 } ] }");
    }

    private WavData render(Path patch, CliRun[] result) throws Exception {
        Path wav = dir.resolve("out.wav");
        CliRun r = CliRun.of("render", patch.toString(), "-o", wav.toString(), "--seconds", Double.toString(FRAMES / 48_000.0),
                "--format", "f32");
        result[0] = r;
        assertEquals(0, r.code(), r.err());
        return WavReader.read(wav);
    }

    @Test
    void aStereoSampleRelativeToThePatchAndAPatternPlay() throws Exception {
        Files.createDirectories(dir.resolve("drums"));
        float[][] sample = writeSample(dir.resolve("drums/hit.wav"), 2000);
        Path patch = patch(", \"sample\": \"drums/hit.wav\"", ", \"pattern\": [110, null, null, 220]");
        WavData out = render(patch, new CliRun[1]);
        // The gate follows the pattern: steps 0 and 3 play, 1 and 2 rest.
        assertEquals(1f, out.sample(0, 100));
        assertEquals(0f, out.sample(0, STEP + 100), "step 1 rests");
        assertEquals(0f, out.sample(0, 2 * STEP + 100), "step 2 rests");
        assertEquals(1f, out.sample(0, 3 * STEP + 100));
        // Each gated step triggers the sampler: its two channels, sample for sample.
        for (int step : new int[] {0, 3}) {
            float[] left = new float[2000];
            float[] right = new float[2000];
            for (int i = 0; i < 2000; i++) {
                left[i] = out.sample(1, step * STEP + i);
                right[i] = out.sample(2, step * STEP + i);
            }
            assertArrayEquals(sample[0], left, "left at step " + step);
            assertArrayEquals(sample[1], right, "right at step " + step);
        }
        assertEquals(0f, out.sample(1, STEP + 100), "no trigger on a rest");
    }

    @Test
    void withoutThemTheSamplerIsSilentAndTheSequencerPlaysEveryStep() throws Exception {
        WavData out = render(patch("", ""), new CliRun[1]);
        assertEquals(1f, out.sample(0, STEP + 100), "the default pattern gates every step");
        for (int i = 0; i < FRAMES; i++) {
            assertEquals(0f, out.sample(1, i));
        }
    }

    @Test
    void aMissingSampleFileIsOneLineNamingTheFileAndThePlace() throws Exception {
        Path patch = patch(", \"sample\": \"nope.wav\"", "");
        CliRun r = CliRun.of("render", patch.toString(), "-o", dir.resolve("x.wav").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("kit.json: line 3, column ") && r.err().contains("$.nodes[1].sample: no such sample file: ")
                && r.err().contains("nope.wav"), r.err());
    }

    @Test
    void aNodeThatCannotTakeItIsNamed() throws Exception {
        Path patch = Files.writeString(dir.resolve("wrong.json"), "{ \"nodes\": [ { \"id\": \"g\", \"type\": \"std.gain\","
                + " \"pattern\": [110] } ] }");
        CliRun r = CliRun.of("render", patch.toString(), "-o", dir.resolve("x.wav").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("$.nodes[0].pattern: node 'g' (std.gain) takes no step pattern; only a node with the"
                + " Sequencer control interface can (std.seq)"), r.err());
        r = CliRun.of("render", patch(", \"pattern\": [1]", "").toString(), "-o", dir.resolve("x.wav").toString());
        assertTrue(r.err().contains("$.nodes[1].pattern: node 'drum' (std.sampler) takes no step pattern"), r.err());
    }

    @Test
    void aPatternLongerThanTheSequencerTakesIsRefusedWithItsLimit() throws Exception {
        StringBuilder steps = new StringBuilder("[110");
        for (int i = 1; i < 17; i++) {
            steps.append(", 110");
        }
        Path patch = patch("", ", \"pattern\": " + steps + "]");
        CliRun r = CliRun.of("render", patch.toString(), "-o", dir.resolve("x.wav").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("$.nodes[0].pattern: node 'seq': pattern must have 1..16 steps, got 17"), r.err());
    }
}
