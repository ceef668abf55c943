package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavFormat;
import org.aetherdsp.io.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void renderWritesTheDemoAndReportsTimingAgainstTheDeadline() throws Exception {
        Path wav = dir.resolve("demo.wav");
        Run r = run("render", "-o", wav.toString(), "--seconds", "2", "--format", "f32");
        assertEquals(0, r.code(), r.err());
        WavData data = WavReader.read(wav);
        assertEquals(96_000, data.frames());
        assertEquals(2, data.channels());
        assertEquals(48_000, data.sampleRate());
        assertEquals(WavFormat.FLOAT_32, data.format());
        assertTrue(r.out().contains("real-time factor"), r.out());
        assertTrue(r.out().contains("deadline 1333.33 us"), r.out());
        assertTrue(r.out().contains("p99"), r.out());
    }

    @Test
    void renderHonoursSampleRateAndFormat() throws Exception {
        Path wav = dir.resolve("x.wav");
        assertEquals(0, run("render", "-o", wav.toString(), "--seconds", "0.5", "--sample-rate", "44100", "--format", "16").code());
        WavData data = WavReader.read(wav);
        assertEquals(44_100, data.sampleRate());
        assertEquals(22_050, data.frames());
        assertEquals(WavFormat.PCM_16, data.format());
    }

    @Test
    void badValueIsOneClearLineAndExitCode1() {
        Run r = run("render", "-o", dir.resolve("y.wav").toString(), "--format", "12");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("aether: ") && r.err().contains("'12'"), r.err());
        assertTrue(Files.notExists(dir.resolve("y.wav")));
    }

    @Test
    void verboseShowsTheStackTrace() {
        Run r = run("--verbose", "render", "--seconds", "-1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("IllegalArgumentException") && r.err().contains("\tat "), r.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2() {
        Run r = run("render", "--loud");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--loud"), r.err());
    }

    @Test
    void nodesListsTheStandardNodeTypesWithParams() {
        Run r = run("nodes");
        assertEquals(0, r.code());
        for (String id : new String[] {"std.osc.sine", "std.osc.saw", "std.gain", "std.mix"}) {
            assertTrue(r.out().contains(id), r.out());
        }
        assertTrue(r.out().contains("param freq"), r.out());
    }
}
