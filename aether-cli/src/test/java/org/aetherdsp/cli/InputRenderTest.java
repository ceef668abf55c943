package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavFormat;
import org.aetherdsp.io.WavReader;
import org.aetherdsp.io.WavWriter;
import org.aetherdsp.state.json.JsonPatchCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code aether render PATCH --input ...}: the result equals the same samples processed through
 * the Java API, bit for bit; bad input is one line naming the file; a batch goes on past a
 * corrupt file.
 */
class InputRenderTest {

    private static final Path WIDENER = Path.of("..", "examples", "patches", "stereo-widener.json");
    private static final Path VOCAL = Path.of("..", "examples", "patches", "vocal-chain.json");

    @TempDir
    Path dir;

    private static float[][] noise(int channels, int frames, long seed) {
        Random rnd = new Random(seed);
        float[][] x = new float[channels][frames];
        for (float[] ch : x) {
            for (int i = 0; i < frames; i++) {
                ch[i] = (float) ((rnd.nextDouble() * 2 - 1) * 0.5);
            }
        }
        return x;
    }

    private Path wav(String name, int rate, float[][] samples, WavFormat format) throws Exception {
        Path p = dir.resolve(name);
        try (WavWriter w = WavWriter.open(p, rate, samples.length, format)) {
            w.write(samples, samples[0].length);
        }
        return p;
    }

    /** What the Java API gives for these samples: the patch restored at the rate, process(in, out) block by block. */
    private static float[][] javaApi(Path patch, int rate, float[][] in, int tailFrames) throws Exception {
        GraphSnapshot snap = new JsonPatchCodec(NodeRegistry.load()).decode(Files.readAllBytes(patch));
        try (Engine e = Engine.builder().startingFrom(snap).sampleRate(rate).build()) {
            e.restore(snap);
            int block = e.blockSize();
            int frames = in[0].length + tailFrames;
            float[][] out = new float[e.outputChannels()][frames];
            float[][] inBlock = new float[e.inputChannels()][block];
            float[][] outBlock = new float[e.outputChannels()][block];
            for (int at = 0; at < frames; at += block) {
                for (int c = 0; c < inBlock.length; c++) {
                    float[] src = in[in.length == 1 ? 0 : c];
                    Arrays.fill(inBlock[c], 0f);
                    int n = Math.max(0, Math.min(block, src.length - at));
                    if (n > 0) {
                        System.arraycopy(src, at, inBlock[c], 0, n);
                    }
                }
                e.process(inBlock, outBlock);
                for (int c = 0; c < out.length; c++) {
                    System.arraycopy(outBlock[c], 0, out[c], at, Math.min(block, frames - at));
                }
            }
            return out;
        }
    }

    private static void assertBits(float[][] expected, WavData actual) {
        assertEquals(expected.length, actual.channels());
        assertEquals(expected[0].length, actual.frames(), "output length = input length + tail");
        for (int c = 0; c < expected.length; c++) {
            float[] got = actual.channel(c);
            for (int i = 0; i < got.length; i++) {
                if (Float.floatToIntBits(expected[c][i]) != Float.floatToIntBits(got[i])) {
                    throw new AssertionError("channel " + c + " frame " + i + ": expected " + expected[c][i] + ", got " + got[i]);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WavFormat.class)
    void outputIsBitIdenticalToTheJavaApiForEveryInputFormat(WavFormat format) throws Exception {
        int rate = 44_100; // the patch sets no rate: the file's is taken
        Path in = wav("take." + format + ".wav", rate, noise(2, 10_000, 1), format);
        Path out = dir.resolve("out.wav");
        CliRun r = CliRun.of("render", WIDENER.toString(), "--input", in.toString(), "-o", out.toString(),
                "--tail", "0.25", "--format", "f32", "--no-limit");
        assertEquals(0, r.code(), r.err());
        WavData result = WavReader.read(out);
        assertEquals(rate, result.sampleRate());
        float[][] decoded = WavReader.read(in).samples(); // what the file holds, as the reader decodes it
        assertBits(javaApi(WIDENER, rate, decoded, Math.round(0.25f * rate)), result);
        assertTrue(r.out().contains("processed " + in), r.out());
    }

    @Test
    void aMonoFileFeedsEveryInputChannel() throws Exception {
        float[][] mono = noise(1, 5_000, 2);
        Path in = wav("mono.wav", 48_000, mono, WavFormat.FLOAT_32);
        Path out = dir.resolve("out.wav");
        CliRun r = CliRun.of("render", WIDENER.toString(), "--input", in.toString(), "-o", out.toString(), "--format", "f32",
                "--no-limit");
        assertEquals(0, r.code(), r.err());
        assertBits(javaApi(WIDENER, 48_000, new float[][] {mono[0], mono[0]}, 0), WavReader.read(out));
    }

    @Test
    void theWidenerMakesACorrelatedInputLessCorrelated() throws Exception {
        float[][] mono = noise(1, 48_000, 3);
        Path in = wav("mono.wav", 48_000, mono, WavFormat.FLOAT_32);
        Path out = dir.resolve("wide.wav");
        assertEquals(0, CliRun.of("render", WIDENER.toString(), "--input", in.toString(), "-o", out.toString(), "--format",
                "f32").code());
        WavData w = WavReader.read(out);
        double lr = 0;
        double ll = 0;
        double rr = 0;
        for (int i = 4_800; i < w.frames(); i++) {
            double l = w.sample(0, i);
            double rv = w.sample(1, i);
            lr += l * rv;
            ll += l * l;
            rr += rv * rv;
        }
        double correlation = lr / Math.sqrt(ll * rr);
        assertTrue(correlation < 0.7, "L/R correlation of a mono input after widening: " + correlation);
    }

    @Test
    void aPatchThatFixesAnotherRateIsAClearError() throws Exception {
        Path patch = Files.writeString(dir.resolve("fixed.json"), Files.readString(VOCAL).replace("\"blockSize\": 64,",
                "\"sampleRate\": 48000, \"blockSize\": 64,"));
        Path in = wav("cd.wav", 44_100, noise(1, 1_000, 4), WavFormat.PCM_16);
        CliRun r = CliRun.of("render", patch.toString(), "--input", in.toString(), "-o", dir.resolve("o.wav").toString());
        assertEquals(1, r.code());
        assertOneLine(r.err(), in.toString(), "44100 Hz", "fixes 48000 Hz");
        assertFalse(Files.exists(dir.resolve("o.wav")), "nothing written");
    }

    @Test
    void aChannelCountThatDoesNotFitSaysBothCounts() throws Exception {
        Path in = wav("three.wav", 48_000, noise(3, 1_000, 5), WavFormat.PCM_24);
        CliRun r = CliRun.of("render", WIDENER.toString(), "--input", in.toString(), "-o", dir.resolve("o.wav").toString());
        assertEquals(1, r.code());
        assertOneLine(r.err(), in.toString(), "has 3 channels", "reads 2 input channels");
    }

    @Test
    void truncatedLyingAndUnsupportedFilesAreOneLineNamingTheFile() throws Exception {
        Path good = wav("good.wav", 48_000, noise(2, 2_000, 6), WavFormat.PCM_16);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = Files.write(dir.resolve("truncated.wav"), Arrays.copyOf(bytes, 1_000));
        byte[] lying = bytes.clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putShort(32, (short) 3); // block align 3 for 2 x 16 bit
        Path liar = Files.write(dir.resolve("liar.wav"), lying);
        byte[] eightBit = bytes.clone();
        ByteBuffer b = ByteBuffer.wrap(eightBit).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(32, (short) 2).putShort(34, (short) 8); // 8-bit PCM: not supported
        Path unsupported = Files.write(dir.resolve("eight.wav"), eightBit);
        Path notWav = Files.writeString(dir.resolve("notes.wav"), "just some text, not a RIFF file");

        String[][] cases = {
                {truncated.toString(), "truncated data chunk"},
                {liar.toString(), "block align is 3"},
                {unsupported.toString(), "unsupported PCM sample size: 8 bits"},
                {notWav.toString(), "not a RIFF/WAVE file"},
                {dir.resolve("missing.wav").toString(), "no such file"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("render", WIDENER.toString(), "--input", c[0], "-o", dir.resolve("o.wav").toString());
            assertEquals(1, r.code(), c[0] + ": " + r.err());
            assertOneLine(r.err(), c[0], c[1]);
        }
    }

    @Test
    void aBatchProcessesEveryFileAndReportsTheCorruptOneByName() throws Exception {
        Path takes = Files.createDirectories(dir.resolve("takes"));
        float[][][] inputs = new float[3][][];
        for (int i = 0; i < 3; i++) {
            inputs[i] = noise(2, 3_000 + 1_000 * i, 10 + i);
            try (WavWriter w = WavWriter.open(takes.resolve("take" + i + ".wav"), 48_000, 2, WavFormat.FLOAT_32)) {
                w.write(inputs[i], inputs[i][0].length);
            }
        }
        byte[] good = Files.readAllBytes(takes.resolve("take0.wav"));
        Files.write(takes.resolve("take1b.wav"), Arrays.copyOf(good, 500)); // corrupt, between good ones
        Path outDir = dir.resolve("processed");
        CliRun r = CliRun.of("render", WIDENER.toString(), "--input", takes.toString(), "-o", outDir.toString(), "--jobs", "2",
                "--format", "f32", "--no-limit", "--tail", "0.1");
        assertEquals(1, r.code(), "a failed file fails the batch: " + r.out() + r.err());
        assertTrue(r.out().contains("FAILED  " + takes.resolve("take1b.wav") + ": truncated"), r.out());
        assertTrue(r.out().contains("processed 3 of 4 files"), r.out());
        for (int i = 0; i < 3; i++) {
            assertTrue(r.out().contains("ok      " + takes.resolve("take" + i + ".wav")), r.out());
            assertBits(javaApi(WIDENER, 48_000, inputs[i], 4_800), WavReader.read(outDir.resolve("take" + i + ".wav")));
        }
        assertFalse(Files.exists(outDir.resolve("take1b.wav")));

        // A glob picks files by name.
        Path globbed = dir.resolve("globbed");
        CliRun g = CliRun.of("render", WIDENER.toString(), "--input", takes + "/take[02].wav", "-o", globbed.toString(),
                "--no-progress");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().contains("processed 2 of 2 files"), g.out());
        assertTrue(Files.exists(globbed.resolve("take0.wav")) && Files.exists(globbed.resolve("take2.wav")));
    }

    @Test
    void aBatchNeedsAnOutputFolderAndInputNeedsAnInputPatch() throws Exception {
        Path takes = Files.createDirectories(dir.resolve("takes"));
        wav("takes/a.wav", 48_000, noise(1, 100, 7), WavFormat.PCM_16);
        CliRun r = CliRun.of("render", WIDENER.toString(), "--input", takes.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("needs -o OUTDIR"), r.err());
        CliRun gen = CliRun.of("render", Path.of("..", "examples", "patches", "drone.json").toString(), "--input",
                takes.resolve("a.wav").toString(), "-o", dir.resolve("x.wav").toString());
        assertEquals(1, gen.code());
        assertOneLine(gen.err(), "reads no host input", "in.0");
    }

    private static void assertOneLine(String err, String... parts) {
        String[] lines = err.strip().split("\\R");
        assertEquals(1, lines.length, "one line: " + err);
        assertTrue(lines[0].startsWith("aether: "), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        for (String p : parts) {
            assertTrue(lines[0].contains(p), "expected '" + p + "' in: " + lines[0]);
        }
    }
}
