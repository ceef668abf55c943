package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.core.engine.EditBatch;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.GraphException;
import org.aetherdsp.core.graph.HostInput;
import org.aetherdsp.core.graph.NoSuchConnectionException;
import org.aetherdsp.core.graph.PortOutOfRangeException;
import org.aetherdsp.core.graph.StaleHandleException;
import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Host input channels through the graph: exact results against analysis, routes, snapshots, allocation. */
class HostInputTest {

    private static final int RATE = 48_000;
    private static final int BLOCK = 64;

    /** Seeded noise in [-1, 1), one array per channel. */
    private static float[][] noise(int channels, int frames, long seed) {
        Random rnd = new Random(seed);
        float[][] x = new float[channels][frames];
        for (float[] ch : x) {
            for (int i = 0; i < frames; i++) {
                ch[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        return x;
    }

    /** Runs the engine over {@code in} block by block; returns the whole output. */
    private static float[][] run(Engine engine, float[][] in, int frames) {
        int outs = engine.outputChannels();
        float[][] out = new float[outs][frames];
        float[][] inBlock = new float[in.length][BLOCK];
        float[][] outBlock = new float[outs][BLOCK];
        for (int at = 0; at < frames; at += BLOCK) {
            for (int c = 0; c < in.length; c++) {
                System.arraycopy(in[c], at, inBlock[c], 0, BLOCK);
            }
            engine.process(inBlock, outBlock);
            for (int c = 0; c < outs; c++) {
                System.arraycopy(outBlock[c], 0, out[c], at, BLOCK);
            }
        }
        return out;
    }

    private static Engine engine(int inputs) {
        return Engine.builder().sampleRate(RATE).blockSize(BLOCK).inputChannels(inputs).outputChannels(2).build();
    }

    @Test
    void gainOfOneHalfHalvesEveryInputSampleExactly() {
        try (Engine e = engine(2)) {
            long left;
            long right;
            try (EditBatch b = e.beginBatch()) {
                left = e.add(Gain.TYPE_ID);
                right = e.add(Gain.TYPE_ID);
                e.setParam(left, "gain", 0.5f, 0f);
                e.setParam(right, "gain", 0.5f, 0f);
                e.connectInput(0, left, 0);
                e.connectInput(1, right, 0);
                e.connectOutput(left, 0, 0);
                e.connectOutput(right, 0, 1);
                b.commit();
            }
            int frames = 200 * BLOCK;
            float[][] in = noise(2, frames, 1);
            float[][] out = run(e, in, frames);
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < frames; i++) {
                    assertEquals(Float.floatToIntBits(in[c][i] * 0.5f), Float.floatToIntBits(out[c][i]),
                            "channel " + c + " frame " + i);
                }
            }
        }
    }

    @Test
    void delayShiftsByExactlyItsDelay() {
        try (Engine e = engine(1)) {
            try (EditBatch b = e.beginBatch()) {
                long d = e.add(Delay.TYPE_ID);
                e.setParam(d, "time", 10f, 0f); // 480 samples at 48 kHz
                e.setParam(d, "feedback", 0f, 0f);
                e.setParam(d, "mix", 1f, 0f);
                e.connectInput(0, d, 0);
                e.connectOutput(d, 0, 0);
                b.commit();
            }
            int frames = 100 * BLOCK;
            float[][] in = noise(1, frames, 2);
            float[] out = run(e, in, frames)[0];
            int delay = 480;
            for (int i = 0; i < frames; i++) {
                float expected = i < delay ? 0f : in[0][i - delay];
                assertEquals(expected, out[i], 0f, "frame " + i);
            }
        }
    }

    /** Every std node that processes an input signal, at its default settings. */
    @ParameterizedTest
    @ValueSource(strings = {"std.filter.biquad", "std.chorus", "std.compressor", "std.delay", "std.filter.formant",
            "std.gain", "std.granular", "std.filter.ladder", "std.mix", "std.pan", "std.reverb", "std.filter.svf",
            "std.waveshaper", "std.meter"})
    void silenceInGivesSilenceOutAtDefaults(String type) {
        try (Engine e = Engine.builder().sampleRate(RATE).blockSize(BLOCK).inputChannels(1).outputChannels(8).build()) {
            long n = e.add(type);
            NodeDescriptor d = e.registry().require(type).descriptor();
            for (int p = 0; p < d.inputCount(); p++) {
                e.connectInput(0, n, p);
            }
            for (int o = 0; o < Math.min(8, d.outputCount()); o++) {
                e.connectOutput(n, o, o);
            }
            int frames = RATE; // a second: longer than every default delay or reverb tail
            float[][] out = run(e, new float[1][frames], frames);
            // The ladder adds a documented noise of -180 dBFS to its input (it keeps a resonance
            // able to start and its stages out of the subnormal range): silence in is that floor out.
            float floor = type.equals(LadderFilter.TYPE_ID) ? 1e-8f : 0f;
            for (int c = 0; c < out.length; c++) {
                for (int i = 0; i < frames; i++) {
                    if (Math.abs(out[c][i]) > floor) {
                        throw new AssertionError(type + " output " + c + " is " + out[c][i] + " at frame " + i);
                    }
                }
            }
        }
    }

    @Test
    void inputAndNodeOnOnePortAreSummedAsAnyFanIn() {
        int frames = 50 * BLOCK;
        float[][] in = noise(1, frames, 3);
        float[] sineAlone;
        try (Engine ref = engine(1)) {
            sine(ref, false);
            sineAlone = run(ref, in, frames)[0];
        }
        try (Engine e = engine(1)) {
            sine(e, true);
            float[] out = run(e, in, frames)[0];
            for (int i = 0; i < frames; i++) {
                assertEquals(Float.floatToIntBits(sineAlone[i] + in[0][i]), Float.floatToIntBits(out[i]), "frame " + i);
            }
            assertTrue(e.latestPlan().mixCount() == 1, "one fan-in sum");
        }
    }

    private static void sine(Engine e, boolean withInput) {
        try (EditBatch b = e.beginBatch()) {
            long osc = e.add("std.osc.sine");
            long g = e.add(Gain.TYPE_ID);
            e.setParam(osc, "freq", 441f, 0f);
            e.connect(osc, 0, g, 0);
            if (withInput) {
                e.connectInput(0, g, 0);
            }
            e.connectOutput(g, 0, 0);
            b.commit();
        }
    }

    @Test
    void oneChannelFeedsSeveralNodesAndSeveralWorkersGiveTheSameBits() {
        int frames = 100 * BLOCK;
        float[][] in = noise(2, frames, 4);
        float[][] serial = null;
        for (int workers : new int[] {1, 2}) {
            try (Engine e = Engine.builder().sampleRate(RATE).blockSize(BLOCK).inputChannels(2).outputChannels(2)
                    .workers(workers).build()) {
                try (EditBatch b = e.beginBatch()) {
                    for (int c = 0; c < 2; c++) {
                        long f = e.add("std.filter.svf");
                        long r = e.add(Reverb.TYPE_ID);
                        long mix = e.add("std.mix");
                        e.connectInput(c, f, 0);
                        e.connectInput(c, r, 0);
                        e.connect(f, 0, mix, 0);
                        e.connect(r, 0, mix, 1);
                        e.connectOutput(mix, 0, c);
                    }
                    b.commit();
                }
                float[][] out = run(e, in, frames);
                if (serial == null) {
                    serial = out;
                } else {
                    for (int c = 0; c < 2; c++) {
                        assertArrayEquals(serial[c], out[c], "channel " + c + " with " + workers + " workers");
                    }
                    assertTrue(e.latestPlan().clusterCount() > 1, "the plan runs side by side");
                }
            }
        }
    }

    @Test
    void outputOnlyProcessFeedsSilenceAndMissingChannelsAreSilent() {
        try (Engine e = engine(2)) {
            long g = e.add(Gain.TYPE_ID);
            e.connectInput(1, g, 0);
            e.connectOutput(g, 0, 0);
            float[][] out = new float[2][BLOCK];
            float[][] in = noise(2, BLOCK, 5);
            e.process(in, out);
            assertEquals(in[1][7], out[0][7]);
            e.process(out);                       // the output-only form: no input, silence
            assertArrayEquals(new float[BLOCK], out[0]);
            e.process(in, out);
            e.process(new float[][] {in[0]}, out); // channel 1 not given: silence
            assertArrayEquals(new float[BLOCK], out[0]);
        }
    }

    @Test
    void shortInputBufferIsRefusedBeforeAnythingRuns() {
        try (Engine e = engine(1)) {
            float[][] out = new float[2][BLOCK];
            assertThrows(IllegalArgumentException.class, () -> e.process(new float[][] {new float[BLOCK - 1]}, out));
            assertEquals(0, e.stats().blocks());
        }
    }

    @Test
    void rejectedRoutesAreTypedAndLeaveTheEngineUnchanged() {
        try (Engine e = engine(2)) {
            long g = e.add(Gain.TYPE_ID);
            long gone = e.add(Gain.TYPE_ID);
            e.remove(gone);
            e.connectInput(0, g, 0);
            List<HostInput> before = e.hostInputs();
            long compile = e.latestPlan().compile();

            String channel = assertThrows(PortOutOfRangeException.class, () -> e.connectInput(2, g, 0)).getMessage();
            assertTrue(channel.contains("host input channel 2") && channel.contains("2 input channels"), channel);
            assertThrows(PortOutOfRangeException.class, () -> e.connectInput(-1, g, 0));
            String port = assertThrows(PortOutOfRangeException.class, () -> e.connectInput(0, g, 1)).getMessage();
            assertTrue(port.contains("has no input port 1"), port);
            assertThrows(StaleHandleException.class, () -> e.connectInput(0, gone, 0));
            assertThrows(DuplicateConnectionException.class, () -> e.connectInput(0, g, 0));
            assertThrows(NoSuchConnectionException.class, () -> e.disconnectInput(1, g, 0));
            assertThrows(StaleHandleException.class, () -> e.disconnectInput(0, gone, 0));
            GraphException inBatch = assertThrows(PortOutOfRangeException.class, () -> {
                try (EditBatch b = e.beginBatch()) {
                    long h = e.add(Gain.TYPE_ID);
                    e.connectInput(1, h, 0);
                    e.connectInput(5, h, 0);
                    b.commit();
                }
            });
            assertTrue(inBatch.getMessage().contains("host input channel 5"));

            assertEquals(before, e.hostInputs());
            assertEquals(compile, e.latestPlan().compile(), "no plan was compiled");
            assertEquals(1, e.nodes().length, "only the first gain");
            try (Engine none = engine(0)) {
                long h = none.add(Gain.TYPE_ID);
                String msg = assertThrows(PortOutOfRangeException.class, () -> none.connectInput(0, h, 0)).getMessage();
                assertTrue(msg.contains("inputChannels(n)"), msg);
            }
        }
    }

    @Test
    void removingANodeRemovesItsInputRoutes() {
        try (Engine e = engine(1)) {
            long g = e.add(Gain.TYPE_ID);
            e.connectInput(0, g, 0);
            e.remove(g);
            assertEquals(List.of(), e.hostInputs());
            long h = e.add(Gain.TYPE_ID);
            e.connectInput(0, h, 0);
            e.disconnectInput(0, h, 0);
            assertEquals(List.of(), e.hostInputs());
        }
    }

    @Test
    void snapshotRecordsInputRoutesAndACopyContinuesBitForBit() throws Exception {
        int frames = 40 * BLOCK;
        float[][] in = noise(2, 2 * frames, 6);
        try (Engine e = engine(2)) {
            try (EditBatch b = e.beginBatch()) {
                long d = e.add(Delay.TYPE_ID);
                long c = e.add(Chorus.TYPE_ID);
                e.connectInput(0, d, 0);
                e.connectInput(1, c, 0);
                e.connect(d, 0, c, 0);
                e.connectOutput(c, 0, 0);
                e.connectOutput(c, 1, 1);
                b.commit();
            }
            float[][] first = new float[2][frames];
            for (int ch = 0; ch < 2; ch++) {
                System.arraycopy(in[ch], 0, first[ch], 0, frames);
            }
            run(e, first, frames);
            var request = e.requestSnapshot();
            float[][] second = new float[2][frames];
            for (int ch = 0; ch < 2; ch++) {
                System.arraycopy(in[ch], frames, second[ch], 0, frames);
            }
            GraphSnapshot snap;
            // The capture happens at the next block boundary: run that block as part of the second half.
            float[][] inBlock = new float[2][BLOCK];
            float[][] outBlock = new float[2][BLOCK];
            for (int ch = 0; ch < 2; ch++) {
                System.arraycopy(second[ch], 0, inBlock[ch], 0, BLOCK);
            }
            e.process(inBlock, outBlock);
            snap = request.get(Duration.ofSeconds(5));
            assertEquals(2, snap.inputChannels());
            assertEquals(2, snap.inputs().size());
            try (Engine copy = Engine.builder().startingFrom(snap).build()) {
                assertEquals(2, copy.inputChannels());
                copy.restore(snap);
                assertEquals(2, copy.hostInputs().size());
                // The state was saved before the block that followed the request: the copy starts there.
                float[][] fromCopy = run(copy, second, frames);
                float[][] rest = new float[2][frames - BLOCK];
                for (int ch = 0; ch < 2; ch++) {
                    System.arraycopy(second[ch], BLOCK, rest[ch], 0, frames - BLOCK);
                }
                float[][] fromOriginal = run(e, rest, frames - BLOCK);
                for (int ch = 0; ch < 2; ch++) {
                    assertArrayEquals(outBlock[ch], java.util.Arrays.copyOf(fromCopy[ch], BLOCK), "first block, channel " + ch);
                    assertArrayEquals(fromOriginal[ch], java.util.Arrays.copyOfRange(fromCopy[ch], BLOCK, frames), "channel " + ch);
                }
            }
        }
    }

    @Test
    void restoringAPatchThatReadsMoreInputsThanTheEngineHasIsRefused() {
        GraphSnapshot snap = new GraphSnapshot(RATE, BLOCK, 2, 0,
                List.of(new GraphSnapshot.NodeSnapshot("g", Gain.TYPE_ID, java.util.Map.of(), null)), List.of(), List.of(),
                3, List.of(new GraphSnapshot.Input(2, "g", 0)));
        try (Engine e = engine(2)) {
            String msg = assertThrows(IllegalArgumentException.class, () -> e.restore(snap)).getMessage();
            assertTrue(msg.contains("3 input channels") && msg.contains("has 2"), msg);
            assertEquals(0, e.nodes().length);
        }
    }

    @Test
    void engineAddsNoLatency() {
        try (Engine e = engine(1)) {
            assertEquals(0, e.latencyFrames());
            long g = e.add(Gain.TYPE_ID);
            e.connectInput(0, g, 0);
            e.connectOutput(g, 0, 0);
            float[][] out = new float[2][BLOCK];
            float[][] in = new float[1][BLOCK];
            in[0][0] = 1f; // an impulse at frame 0 comes out at frame 0 of the same call
            e.process(in, out);
            assertEquals(1f, out[0][0]);
        }
    }

    @Test
    void offlineProcessingAllocatesNothingPerBlock() throws Exception {
        try (Engine e = engine(2)) {
            long d = e.add(Delay.TYPE_ID);
            e.connectInput(0, d, 0);
            e.connectInput(1, d, 0);
            e.connectOutput(d, 0, 0);
            float[][] in = noise(2, 100_000, 8);
            float[][] mono = {in[0]};
            for (int i = 0; i < 20; i++) { // warm up both paths
                org.aetherdsp.core.engine.OfflineRenderer.process(e, in, 100_000, 1_000, null, null);
                org.aetherdsp.core.engine.OfflineRenderer.process(e, mono, 100_000, 1_000, null, null);
            }
            for (float[][] input : new float[][][] {in, mono}) {
                long[] shortCall = AllocationProbe.steadyState(() -> call(e, input, 1_000), 1, 12);
                long[] longCall = AllocationProbe.steadyState(() -> call(e, input, 100_000), 1, 12);
                // The same bytes for 16 blocks and 1,578 blocks: the buffers of the call, none per block.
                long few = java.util.Arrays.stream(shortCall).min().getAsLong();
                long many = java.util.Arrays.stream(longCall).min().getAsLong();
                System.out.println("OfflineRenderer.process, " + input.length + " ch: bytes per call of 16 blocks " + few
                        + ", of 1578 blocks " + many);
                assertEquals(few, many, "bytes allocated grow with the number of blocks");
            }
        }
    }

    private static void call(Engine e, float[][] input, int frames) {
        try {
            org.aetherdsp.core.engine.OfflineRenderer.process(e, input, frames, 0, null, null);
        } catch (java.io.IOException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void processingWithInputsAllocatesNothingOnceWarm() {
        try (Engine e = engine(2)) {
            try (EditBatch b = e.beginBatch()) {
                long comp = e.add(Compressor.TYPE_ID);
                long d = e.add(Delay.TYPE_ID);
                long mix = e.add("std.mix");
                long osc = e.add("std.osc.sine");
                e.connectInput(0, comp, 0);
                e.connectInput(1, comp, 1);
                e.connect(comp, 0, d, 0);
                e.connectInput(0, d, 0);           // a fan-in of a node and an input channel
                e.connect(osc, 0, mix, 0);
                e.connect(d, 0, mix, 1);
                e.connectInput(1, mix, 1);
                e.connectOutput(mix, 0, 0);
                e.connectOutput(d, 0, 1);
                b.commit();
            }
            float[][] in = noise(2, BLOCK, 7);
            float[][] out = new float[2][BLOCK];
            Runnable round = () -> {
                for (int i = 0; i < 10_000; i++) {
                    e.process(in, out);
                }
            };
            for (int i = 0; i < 5; i++) {
                round.run();
            }
            long[] bytes = AllocationProbe.steadyState(round, 3, 12);
            System.out.println("process(in, out): bytes per 10,000 blocks: " + java.util.Arrays.toString(bytes));
            int n = bytes.length;
            assertTrue(n >= 3 && bytes[n - 1] == 0 && bytes[n - 2] == 0 && bytes[n - 3] == 0,
                    "no steady zero-allocation state: " + java.util.Arrays.toString(bytes));
        }
    }
}
