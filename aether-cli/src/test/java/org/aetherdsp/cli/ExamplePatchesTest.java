package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every patch in {@code examples/patches/} renders through the CLI to finite, audible, unclipped
 * audio; a patch that processes sound in does so over two seconds of a test signal (a decaying
 * saw-like pluck every quarter second, at -6 dBFS, on every input channel).
 */
class ExamplePatchesTest {

    /** Surefire runs in the module directory; the examples live at the repository root. */
    private static final Path EXAMPLES = Path.of("..", "examples", "patches");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyExamplePatchRendersFiniteNonSilentAndBelowFullScale() throws IOException {
        List<Path> patches;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            patches = files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        assertTrue(patches.size() >= 4, "expected the example patches in " + EXAMPLES.toAbsolutePath());
        return patches.stream().map(patch -> DynamicTest.dynamicTest(patch.getFileName().toString(), () -> {
            requireLv2Plugins(patch);
            Path wav = dir.resolve(patch.getFileName() + ".wav");
            int inputs = new org.aetherdsp.state.json.JsonPatchCodec(org.aetherdsp.core.engine.NodeRegistry.load())
                    .decode(Files.readAllBytes(patch)).inputChannels();
            boolean voices = new org.aetherdsp.state.json.JsonPatchCodec(org.aetherdsp.core.engine.NodeRegistry.load())
                    .decode(Files.readAllBytes(patch)).nodes().stream().anyMatch(n -> n.typeId().equals("poly.voice"));
            if (voices) { // a polyphonic patch plays a MIDI file
                assertEquals(0, Main.execute("render", patch.toString(), "--midi", MidiRenderTest.piece(dir).toString(),
                        "-o", wav.toString(), "--seconds", "2", "--format", "f32"));
            } else if (inputs == 0) {
                assertEquals(0, Main.execute("render", patch.toString(), "-o", wav.toString(), "--seconds", "2", "--format", "f32"));
            } else {
                Path in = plucks(inputs);
                assertEquals(0, Main.execute("render", patch.toString(), "--input", in.toString(), "-o", wav.toString(),
                        "--format", "f32"));
            }
            WavData data = WavReader.read(wav);
            assertEquals(96_000, data.frames());
            double peak = 0;
            double sumSquares = 0;
            for (int c = 0; c < data.channels(); c++) {
                for (float v : data.channel(c)) {
                    assertTrue(Float.isFinite(v), patch + ": non-finite sample");
                    peak = Math.max(peak, Math.abs(v));
                    sumSquares += v * v;
                }
            }
            double rms = Math.sqrt(sumSquares / (data.channels() * (double) data.frames()));
            assertTrue(rms > 1e-3, patch + ": silent, RMS " + rms);
            assertTrue(peak < 1.0, patch + ": peak " + peak + " reaches 0 dBFS");
        }));
    }

    /**
     * A patch with LV2 node types (lv2-effects.json) needs those plugins installed (lv2-examples,
     * mda-lv2) and liblilv: without them it is skipped with a message naming what is missing, or
     * fails under AETHER_REQUIRE_TOOLS=1 (CI installs them).
     */
    private static void requireLv2Plugins(Path patch) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"type\": \"(lv2:[^\"]+)\"").matcher(Files.readString(patch));
        java.util.Set<String> known = new java.util.HashSet<>();
        for (org.aetherdsp.api.NodeType t : org.aetherdsp.core.engine.NodeRegistry.load().types()) {
            known.add(t.id());
        }
        List<String> missing = new java.util.ArrayList<>();
        while (m.find()) {
            if (!known.contains(m.group(1))) {
                missing.add(m.group(1));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = patch.getFileName() + " needs LV2 plugins that are not installed: " + missing + " ("
                + (org.aetherdsp.lv2.Lv2Host.available() ? "apt-get install lv2-examples mda-lv2" : org.aetherdsp.lv2.Lv2Host.unavailableReason()) + ")";
        if ("1".equals(System.getenv("AETHER_REQUIRE_TOOLS"))) {
            org.junit.jupiter.api.Assertions.fail(why + ", and AETHER_REQUIRE_TOOLS=1 makes that a failure");
        }
        org.junit.jupiter.api.Assumptions.abort(why + "; set AETHER_REQUIRE_TOOLS=1 to make this a failure");
    }

    /** Two seconds at 48 kHz: a 196 Hz pluck every quarter second, decaying, at -6 dBFS peak. */
    private Path plucks(int channels) throws IOException {
        float[][] x = new float[channels][96_000];
        for (int i = 0; i < 96_000; i++) {
            int t = i % 12_000;
            float v = (float) (0.5 * Math.exp(-t / 2_400.0) * (2 * ((t * 196.0 / 48_000) % 1.0) - 1));
            for (float[] ch : x) {
                ch[i] = v;
            }
        }
        Path p = dir.resolve("plucks" + channels + ".wav");
        try (org.aetherdsp.io.WavWriter w = org.aetherdsp.io.WavWriter.open(p, 48_000, channels, org.aetherdsp.io.WavFormat.FLOAT_32)) {
            w.write(x, 96_000);
        }
        return p;
    }
}
