package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** @return tone.json: a default sine to {@code channel}, with {@code head} (e.g. a channel count) first */
    private Path sinePatch(String head, int channel) throws java.io.IOException {
        return Files.writeString(dir.resolve("tone.json"), "{ " + head + " \"nodes\": [ { \"id\": \"osc\", \"type\": \"std.osc.sine\" } ],"
                + " \"outputs\": [ { \"from\": \"osc\", \"channel\": " + channel + " } ] }");
    }

    @Test
    void renderWritesTheDemoAndReportsTimingAgainstTheDeadline() throws Exception {
        Path wav = dir.resolve("demo.wav");
        CliRun r = CliRun.of("render", "-o", wav.toString(), "--seconds", "2", "--format", "f32");
        assertEquals(0, r.code(), r.err());
        WavData data = WavReader.read(wav);
        assertEquals(96_000, data.frames());
        assertEquals(2, data.channels());
        assertEquals(48_000, data.sampleRate());
        assertEquals(WavFormat.FLOAT_32, data.format());
        assertTrue(r.out().contains("real-time factor"), r.out());
        assertTrue(r.out().contains("a real-time block has 1333.33 us"), r.out());
        assertTrue(r.out().contains("p99"), r.out());
    }

    @Test
    void renderOnTwoWorkersWritesTheSameBytesAsOnOne() throws Exception {
        Path one = dir.resolve("one.wav");
        Path two = dir.resolve("two.wav");
        CliRun r1 = CliRun.of("render", "-o", one.toString(), "--seconds", "2", "--format", "f32");
        CliRun r2 = CliRun.of("render", "-o", two.toString(), "--seconds", "2", "--format", "f32", "--workers", "2");
        assertEquals(0, r1.code(), r1.err());
        assertEquals(0, r2.code(), r2.err());
        assertTrue(r2.out().contains(", 2 workers)"), r2.out());
        assertTrue(!r1.out().contains("workers"), r1.out());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(one), Files.readAllBytes(two)), "the parallel render differs");
    }

    @Test
    void anOutOfRangeWorkerCountIsOneLineNamingTheOption() {
        CliRun r = CliRun.of("render", "-o", dir.resolve("x.wav").toString(), "--workers", "0");
        assertEquals(2, r.code());
        assertEquals("aether: --workers must be within 1..64, got 0 (see 'aether render --help')", r.err().strip());
    }

    @Test
    void renderPngWritesAPictureAndNoProgressBarOffATerminal() throws Exception {
        Path patch = sinePatch("\"channels\": 1,", 0);
        Path png = dir.resolve("tone.png");
        CliRun r = CliRun.of("render", patch.toString(), "-o", dir.resolve("tone.wav").toString(), "--seconds", "30", "--png", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "a progress bar only on a terminal");
        assertTrue(r.out().contains("picture: " + png), r.out());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertTrue(image.getHeight() > 400, "waveform and spectrogram: " + image.getHeight());
    }

    @Test
    void pngInAMissingDirectoryIsRefusedBeforeRendering() {
        Path png = dir.resolve("no/such/dir/x.png");
        CliRun r = CliRun.of("render", "-o", dir.resolve("x.wav").toString(), "--png", png.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--png " + png + ": the directory"), r.err());
        assertTrue(Files.notExists(dir.resolve("x.wav")));
    }

    @Test
    void renderHonoursSampleRateAndFormat() throws Exception {
        Path wav = dir.resolve("x.wav");
        assertEquals(0, CliRun.of("render", "-o", wav.toString(), "--seconds", "0.5", "--sample-rate", "44100", "--format", "16").code());
        WavData data = WavReader.read(wav);
        assertEquals(44_100, data.sampleRate());
        assertEquals(22_050, data.frames());
        assertEquals(WavFormat.PCM_16, data.format());
    }

    @Test
    void renderReadsAPatchFileWithItsOwnRateAndChannels() throws Exception {
        Path patch = dir.resolve("tone.json");
        Files.writeString(patch, """
                { "sampleRate": 44100, "channels": 1,
                  "nodes": [ { "id": "osc", "type": "std.osc.sine", "params": { "freq": 440, "amp": 0.5 } } ],
                  "outputs": [ { "from": "osc.out", "channel": 0 } ] }
                """);
        Path wav = dir.resolve("tone.wav");
        CliRun r = CliRun.of("render", patch.toString(), "-o", wav.toString(), "--seconds", "0.5", "--format", "f32");
        assertEquals(0, r.code(), r.err());
        WavData data = WavReader.read(wav);
        assertEquals(44_100, data.sampleRate());
        assertEquals(1, data.channels());
        assertEquals(22_050, data.frames());
        assertTrue(r.out().contains("of tone.json (1 nodes, 44100 Hz"), r.out());
        assertTrue(r.out().contains("output peak -6.0"), r.out());
    }

    @Test
    void commandLineSampleRateOverridesThePatch() throws Exception {
        Path patch = sinePatch("", 1);
        Path wav = dir.resolve("tone.wav");
        assertEquals(0, CliRun.of("render", patch.toString(), "-o", wav.toString(), "--seconds", "0.25", "--sample-rate", "96000",
                "--block-size", "32").code());
        assertEquals(96_000, WavReader.read(wav).sampleRate());
        assertEquals(2, WavReader.read(wav).channels());
    }

    @Test
    void badPatchIsOneLineNamingTheFileAndTheLocation() throws Exception {
        Path patch = dir.resolve("bad.json");
        Files.writeString(patch, """
                {
                  "nodes": [
                    { "id": "lp", "type": "std.filter.svf", "params": { "cutof": 800 } }
                  ]
                }
                """);
        CliRun r = CliRun.of("render", patch.toString(), "-o", dir.resolve("bad.wav").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("aether: " + patch + ": line 3, column 66, $.nodes[0].params.cutof: unknown param 'cutof'"),
                r.err());
        assertTrue(r.err().contains("cutoff (20..20000 Hz)"), r.err());
        assertTrue(Files.notExists(dir.resolve("bad.wav")));
    }

    @Test
    void patchTheEngineRejectsIsOneLineNamingWhere() throws Exception {
        Path patch = dir.resolve("loop.json");
        Files.writeString(patch, """
                { "nodes": [ { "id": "a", "type": "std.gain" }, { "id": "b", "type": "std.gain" } ],
                  "connections": [ { "from": "a", "to": "b" }, { "from": "b", "to": "a" } ] }
                """);
        CliRun r = CliRun.of("render", patch.toString(), "-o", dir.resolve("loop.wav").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("aether: " + patch + ": connection 'b':0 -> 'a':0"), r.err());
    }

    @Test
    void fileInNoKnownFormatOrMissingIsOneClearLine() throws Exception {
        Path junk = dir.resolve("junk.bin");
        Files.write(junk, new byte[] {0, 1, 2, 3});
        CliRun r = CliRun.of("render", junk.toString(), "-o", dir.resolve("j.wav").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("is not a patch file in a format this build reads (") && r.err().contains("json"), r.err());
        CliRun missing = CliRun.of("render", dir.resolve("nope.json").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("aether: no such patch file: "), missing.err());
    }

    @Test
    void renderReadsABinaryKryoSnapshotOfARunningEngine() throws Exception {
        org.aetherdsp.core.engine.Engine engine = org.aetherdsp.core.engine.Engine.builder().build();
        byte[] json = Files.readAllBytes(Path.of("..", "examples", "patches", "pluck-echo.json"));
        engine.restore(new org.aetherdsp.state.json.JsonPatchCodec().decode(json));
        float[][] host = new float[2][64];
        for (int i = 0; i < 750; i++) {
            engine.process(host); // a second in: strings ringing, echoes in the delay line
        }
        org.aetherdsp.core.engine.SnapshotRequest request = engine.requestSnapshot();
        engine.process(host);
        org.aetherdsp.api.GraphSnapshot snapshot = request.get(java.time.Duration.ofSeconds(1));
        Path snap = dir.resolve("running.snap");
        org.aetherdsp.core.engine.SnapshotFiles.save(snap, new org.aetherdsp.state.kryo.KryoSnapshotCodec().encode(snapshot));
        Path wav = dir.resolve("continued.wav");
        CliRun r = CliRun.of("render", snap.toString(), "-o", wav.toString(), "--seconds", "1");
        assertEquals(0, r.code(), r.err());
        WavData data = WavReader.read(wav);
        assertEquals(48_000, data.frames());
        double energy = 0;
        for (float v : data.channel(0)) {
            energy += v * v;
        }
        assertTrue(energy > 0.1, "continues the ringing strings and echoes: " + energy);
    }

    @Test
    void benchRunsPacedAndReportsTheDistributionAgainstTheDeadline() {
        CliRun r = CliRun.of("bench", "--voices", "1", "--seconds", "0.5", "--warmup", "0.2");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"paced in real time", "p50", "p99.99", "max", "deadline misses", "JVM:"}) {
            assertTrue(r.out().contains(s), s + " in: " + r.out());
        }
    }

    @Test
    void benchDefaultIsTheWidePatchPlusTheDemo() {
        CliRun r = CliRun.of("bench", "--seconds", "0.2", "--warmup", "0.1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wide patch (32 strips) + 1 copy of the demo: "), r.out());
    }

    @Test
    void benchEditStormReportsBothDistributionsAndTheEdits() {
        CliRun r = CliRun.of("bench", "--strips", "2", "--voices", "0", "--seconds", "0.3", "--warmup", "0.1", "--edit-storm",
                "--extra-nodes", "50");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        int quiet = out.indexOf("without edit storm:");
        int stormy = out.indexOf("during edit storm:");
        assertTrue(quiet >= 0 && stormy > quiet, out);
        assertTrue(out.indexOf("block time:", quiet) < stormy && out.indexOf("block time:", stormy) > stormy, out);
        assertTrue(out.contains("+ 50 extra std.gain nodes"), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("edit storm: (\\d+) edits").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1)) >= 10, "at least one full add/connect/remove cycle: " + out);
    }

    @Test
    void benchEditRatePacesTheStorm() {
        CliRun r = CliRun.of("bench", "--strips", "2", "--voices", "0", "--seconds", "0.5", "--warmup", "0.1", "--edit-storm",
                "--edit-rate", "100");
        assertEquals(0, r.code(), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("edit storm: (\\d+) edits in ([0-9.]+) s").matcher(r.out());
        assertTrue(m.find(), r.out());
        double perSecond = Long.parseLong(m.group(1)) / Double.parseDouble(m.group(2));
        // Paced to 100/s; unpaced, two strips edit thousands of times a second.
        assertTrue(perSecond > 20 && perSecond < 150, perSecond + " edits/s: " + r.out());
        CliRun bad = CliRun.of("bench", "--edit-storm", "--edit-rate", "-1");
        assertTrue(bad.code() != 0 && bad.err().contains("--edit-rate within 0..1000000"), bad.err());
    }

    @Test
    void benchRtFifoRefusesABadPriorityAndSaysWhatTookEffect() {
        CliRun tooMany = CliRun.of("bench", "--rt-fifo", "10", "--workers", "64");
        assertTrue(tooMany.code() != 0 && tooMany.err().contains("--rt-fifo with --workers 64 needs a core per worker"),
                tooMany.err());
        CliRun bad = CliRun.of("bench", "--rt-fifo", "100");
        assertTrue(bad.code() == 2 && bad.err().contains("--rt-fifo must be within 1..99, got 100"), bad.err());
        CliRun r = CliRun.of("bench", "--strips", "2", "--voices", "0", "--seconds", "0.2", "--warmup", "0.05", "--rt-fifo", "10",
                "--workers", "2");
        if (r.code() == 0) {
            assertTrue(r.out().contains(", SCHED_FIFO\n") || r.out().contains(", SCHED_FIFO\r\n"), r.out());
            assertTrue(r.out().contains("RT thread scheduling: waited "), r.out());
            assertTrue(r.out().contains("helper workers under SCHED_FIFO: 1 of 1"), r.out());
        } else {
            // No privilege: the run is refused with the reason, not run on ordinary scheduling.
            assertTrue(r.err().contains("--rt-fifo 10: sched_setscheduler"), r.err());
        }
    }

    @Test
    void benchMaxNodesPrintsEveryProbeAndTheAnswer() {
        CliRun r = CliRun.of("bench", "--max-nodes", "std.gain", "--max-count", "4", "--probe-seconds", "0.05", "--warmup", "0.05",
                "--budget", "1000");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("  1 nodes: p99.9 "), out);
        assertTrue(out.contains("std.gain: "), out);
        assertTrue(out.contains("JVM:"), out);
    }

    @Test
    void benchMaxNodesOfAnUnknownTypeNamesIt() {
        CliRun r = CliRun.of("bench", "--max-nodes", "std.nope");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("std.nope"), r.err());
    }

    @Test
    void badValueIsOneClearLineAndExitCode2() {
        CliRun r = CliRun.of("render", "-o", dir.resolve("y.wav").toString(), "--format", "12");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("aether: ") && r.err().contains("'12'"), r.err());
        assertTrue(Files.notExists(dir.resolve("y.wav")));
    }

    @Test
    void verboseShowsTheStackTrace() {
        CliRun r = CliRun.of("--verbose", "render", dir.resolve("none.json").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("IllegalArgumentException") && r.err().contains("\tat "), r.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2() {
        CliRun r = CliRun.of("render", "--loud");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--loud"), r.err());
    }

    @Test
    void nodesListsTheStandardNodeTypesWithParams() {
        CliRun r = CliRun.of("nodes");
        assertEquals(0, r.code());
        for (String id : new String[] {"std.osc.sine", "std.osc.saw", "std.gain", "std.mix"}) {
            assertTrue(r.out().contains(id), r.out());
        }
        assertTrue(r.out().contains("param freq"), r.out());
    }
}
