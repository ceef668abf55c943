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

/** Every patch in {@code examples/patches/} renders through the CLI to finite, audible, unclipped audio. */
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
            Path wav = dir.resolve(patch.getFileName() + ".wav");
            assertEquals(0, Main.execute("render", patch.toString(), "-o", wav.toString(), "--seconds", "2", "--format", "f32"));
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
}
