package org.aetherdsp.io.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.poly.StealPolicy;
import org.aetherdsp.core.poly.VoiceAllocator;
import org.aetherdsp.core.poly.VoiceTemplate;
import org.aetherdsp.core.poly.Voices;
import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.api.Test;

/** Voice templates instanced in an engine: frames, pitches, sums, workers, idle skipping, allocation. */
class PolyVoicesTest {

    static final int BLOCK = 64;

    /** A pass-through that counts its blocks: shows whether the scheduler ran it. */
    static final class Counting implements DspNode {
        long blocks;

        @Override
        public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext c) {
            blocks++;
            System.arraycopy(in[0], 0, out[0], 0, c.blockSize());
        }
    }

    static final NodeType COUNTING = NodeType.of("test.counting",
            NodeDescriptor.builder("Counting").input("in").output("out").build(), Counting::new);

    /** saw + ladder + ADSR per voice, through a VCA: the voice. */
    static VoiceTemplate synthVoice() {
        return VoiceTemplate.builder()
                .node("osc", "std.osc.saw").param("osc", "freq", 0.01f).param("osc", "amp", 0.25f)
                .node("filter", "std.filter.ladder").param("filter", "cutoff", 1800f).param("filter", "resonance", 0.4f)
                .node("env", "std.adsr").param("env", "attack", 3f).param("env", "decay", 80f)
                .param("env", "sustain", 0.6f).param("env", "release", 40f)
                .node("vca", "poly.vca")
                .pitch("osc.fm").gate("env.gate")
                .connect("osc", "filter.in").connect("filter", "vca.in").connect("env", "vca.cv")
                .output("vca")
                .build();
    }

    /** out = pitch * gate / 1000, exactly: a voice whose output shows its gate and pitch per frame. */
    static VoiceTemplate probeVoice() {
        return VoiceTemplate.builder()
                .node("vca", "poly.vca").param("vca", "gain", 0.001f)
                .pitch("vca.in").gate("vca.cv")
                .output("vca")
                .build();
    }

    static int on(int ch, int key, int vel) {
        return 0x90 | ch | key << 8 | vel << 16;
    }

    static int off(int ch, int key) {
        return 0x80 | ch | key << 8;
    }

    /** MIDI messages by block: offsets and messages. */
    static final class Script {
        final List<int[]>[] blocks;

        @SuppressWarnings("unchecked")
        Script(int n) {
            blocks = new List[n];
            for (int i = 0; i < n; i++) {
                blocks[i] = new ArrayList<>();
            }
        }

        Script at(int frame, int message) {
            blocks[frame / BLOCK].add(new int[] {frame % BLOCK, message});
            return this;
        }

        /** Plays block {@code b} into the allocator (the RT thread's part before the engine's block). */
        void feed(VoiceAllocator a, int b) {
            a.beginBlock();
            if (b < blocks.length) {
                for (int[] m : blocks[b]) {
                    a.message(m[0], m[1]);
                }
            }
            a.endBlock();
        }
    }

    static Engine engine(int workers) {
        return Engine.builder().sampleRate(48_000f).blockSize(BLOCK).workers(workers).nodeType(COUNTING).build();
    }

    /** Renders {@code blocks} blocks of {@code voices} voices of {@code t} playing {@code s}; channel 0. */
    static float[] render(int workers, VoiceTemplate t, int voices, StealPolicy policy, Script s, int blocks) {
        try (Engine e = engine(workers)) {
            Voices v = Voices.build(e, "voice", t, voices, policy);
            e.connectOutput(v.output(0), 0, 0);
            float[] out = new float[blocks * BLOCK];
            float[][] host = new float[2][BLOCK];
            for (int b = 0; b < blocks; b++) {
                s.feed(v.allocator(), b);
                e.process(host);
                System.arraycopy(host[0], 0, out, b * BLOCK, BLOCK);
            }
            if (workers > 1) {
                assertEquals(voices + 1, e.latestPlan().clusterCount(), "one cluster per voice, and the sum");
                assertTrue(e.helperClusters() > 0, "the helper ran voices");
            }
            return out;
        }
    }

    @Test
    void eachVoiceStartsOnItsFrameAtItsPitchAndTheVoicesAreSummed() {
        int[] keys = {60, 64, 67, 70, 72, 76, 79, 84};
        Script s = new Script(40);
        for (int i = 0; i < keys.length; i++) {
            s.at(100 + 131 * i, on(i % 16, keys[i], 100)); // each a few blocks apart, mid-block
        }
        s.at(2000, off(3, keys[3]));
        float[] out = render(1, probeVoice(), 8, StealPolicy.OLDEST, s, 40);
        for (int f = 0; f < out.length; f++) {
            double expected = 0;
            for (int i = 0; i < keys.length; i++) {
                boolean gated = f >= 100 + 131 * i && (i != 3 || f < 2000);
                expected += gated ? 440 * Math.pow(2, (keys[i] - 69) / 12.0) * 0.001 : 0;
            }
            assertEquals(expected, out[f], 1e-4, "frame " + f);
        }
        assertEquals(0f, out[99]);
        assertTrue(out[100] > 0f);
    }

    @Test
    void aTemplateParameterChangesInEveryVoiceOnOneBlock() {
        try (Engine e = engine(2)) {
            Voices v = Voices.build(e, "voice", probeVoice(), 3, StealPolicy.OLDEST);
            e.connectOutput(v.output(0), 0, 0);
            Script s = new Script(20).at(0, on(0, 57, 100)).at(1, on(1, 69, 100)).at(2, on(2, 81, 100));
            float[][] host = new float[2][BLOCK];
            for (int b = 0; b < 20; b++) {
                if (b == 10) {
                    v.setParam(e, "vca", "gain", 0.002f, 0f);
                }
                s.feed(v.allocator(), b);
                e.process(host);
                float expected = (b < 10 ? 0.001f : 0.002f) * (220f + 440f + 880f);
                assertEquals(expected, host[0][BLOCK - 1], 1e-4f, "block " + b);
            }
            assertEquals(0.002f, e.getParam(v.handle("voice2/vca"), "gain"));
        }
    }

    @Test
    void aStolenVoiceRetriggersWithOneLowFrame() {
        Script s = new Script(10).at(10, on(0, 69, 100)).at(200, on(0, 81, 100));
        float[] out = render(1, probeVoice(), 1, StealPolicy.OLDEST, s, 10);
        assertEquals(0.44f, out[199], 1e-6f);
        assertEquals(0f, out[200], "the gate drops for the steal's frame");
        assertEquals(0.88f, out[201], 1e-6f);
    }

    /** A seeded stream: notes on all channels, stealing (more notes than voices), pedal, bend. */
    static Script randomScript(long seed, int blocks) {
        Random r = new Random(seed);
        Script s = new Script(blocks);
        int[] held = new int[128];
        for (int f = 0; f < (blocks - 20) * BLOCK; f += 1 + r.nextInt(300)) {
            int ch = r.nextInt(16);
            int key = 36 + r.nextInt(48);
            int kind = r.nextInt(20);
            if (kind < 9) {
                s.at(f, on(ch, key, 1 + r.nextInt(127)));
                held[key]++;
            } else if (kind < 17) {
                s.at(f, off(ch, key));
            } else if (kind < 19) {
                s.at(f, 0xB0 | ch | 64 << 8 | (r.nextBoolean() ? 127 : 0) << 16);
            } else {
                int bend = r.nextInt(16384);
                s.at(f, 0xE0 | ch | (bend & 0x7F) << 8 | (bend >> 7) << 16);
            }
        }
        for (int ch = 0; ch < 16; ch++) {
            s.at((blocks - 20) * BLOCK + ch, 0xB0 | ch | 120 << 8); // all sound off at the end
        }
        return s;
    }

    @Test
    void thirtyTwoSynthVoicesAreBitIdenticalOnOneTwoAndThreeWorkers() {
        Script s = randomScript(16, 700);
        float[] one = render(1, synthVoice(), 32, StealPolicy.QUIETEST, s, 700);
        float peak = 0;
        for (float x : one) {
            peak = Math.max(peak, Math.abs(x));
        }
        assertTrue(peak > 0.1f, "it plays: peak " + peak);
        assertArrayEquals(one, render(2, synthVoice(), 32, StealPolicy.QUIETEST, s, 700), "2 workers");
        assertArrayEquals(one, render(3, synthVoice(), 32, StealPolicy.QUIETEST, s, 700), "3 workers");
    }

    @Test
    void idleVoicesAreSkippedAndSilentAndWakeOnTheirNote() {
        VoiceTemplate t = VoiceTemplate.builder()
                .node("env", "std.adsr").param("env", "attack", 0f).param("env", "release", 5f)
                .node("count", "test.counting")
                .gate("env.gate").connect("env", "count.in").output("count")
                .build();
        try (Engine e = engine(2)) {
            Voices v = Voices.build(e, "voice", t, 4, StealPolicy.OLDEST);
            e.connectOutput(v.output(0), 0, 0);
            assertEquals(1 + 4 * 4, v.handles().size(), "the sum, and per voice: in, env, count, out");
            Counting[] counters = new Counting[4];
            for (int i = 0; i < 4; i++) {
                counters[i] = e.nodeAs(v.handle("voice" + i + "/count"), Counting.class);
            }
            Script s = new Script(100).at(64 * 10 + 5, on(0, 60, 100)).at(64 * 20, off(0, 60));
            float[][] host = new float[2][BLOCK];
            for (int b = 0; b < 100; b++) {
                s.feed(v.allocator(), b);
                e.process(host);
                if (b < 10 || b > 40) {
                    for (float x : host[0]) {
                        assertEquals(0f, x, "block " + b);
                    }
                }
            }
            // voice 0 ran from block 10 through the release (5 ms = 240 frames, 4 blocks) and one quiet block
            long ran = counters[0].blocks;
            assertTrue(ran >= 14 && ran <= 17, "voice 0 ran " + ran + " blocks");
            for (int i = 1; i < 4; i++) {
                assertEquals(0, counters[i].blocks, "voice " + i + " never played: never run");
            }
            assertTrue(v.allocator().idle(0));
        }
    }

    @Test
    void notesPlayingAndVoicesStolenAllocateNothingOnEitherWorker() {
        try (Engine e = engine(2)) {
            Voices v = Voices.build(e, "voice", synthVoice(), 16, StealPolicy.OLDEST);
            e.connectOutput(v.output(0), 0, 0);
            VoiceAllocator a = v.allocator();
            float[][] host = new float[2][BLOCK];
            Thread helper = e.helperThreads()[0];
            Rounds rounds = new Rounds(e, a, host);
            long[] rt = new long[40];
            long[] help = new long[40];
            int zeros = 0;
            int r = 0;
            while (r < rt.length && zeros < 5) {
                long before = AllocationProbe.allocatedBy(helper);
                rt[r] = AllocationProbe.measure(rounds);
                help[r] = AllocationProbe.allocatedBy(helper) - before;
                zeros = rt[r] == 0 && help[r] == 0 ? zeros + 1 : 0;
                r++;
            }
            String report = "RT " + Arrays.toString(Arrays.copyOf(rt, r)) + " helper " + Arrays.toString(Arrays.copyOf(help, r));
            assertEquals(5, zeros, report);
            assertTrue(rounds.steals > 0 && rounds.maxGated == 16, "all voices busy and stolen: " + rounds.maxGated);
            assertTrue(e.helperClusters() > 0);
            assertFalse(a.folded() > 0);
        }
    }

    /**
     * 1000 blocks of dense notes (24 keys on 16 voices) delivered as a driver delivers them: offered to
     * a {@link MidiInput} with frame stamps, laid out and fed to the allocator in its
     * {@code beforeBlock}. The measured round, kept free of strings.
     */
    static final class Rounds implements Runnable {
        final Engine engine;
        final VoiceAllocator a;
        final float[][] host;
        final MidiInput input = new MidiInput(1024);
        long frame;
        int step;
        long steals;
        int maxGated;

        Rounds(Engine engine, VoiceAllocator a, float[][] host) {
            this.engine = engine;
            this.a = a;
            this.host = host;
            input.playVoices(List.of(a));
        }

        @Override
        public void run() {
            for (int b = 0; b < 1000; b++) {
                int s = step++;
                int key = 40 + s * 7 % 24;
                if (a.gatedCount() == a.voices()) {
                    steals++;
                }
                input.offer(frame + s % 64, 0x90 | (s & 15), key, 90);
                if ((s & 3) == 0) {
                    input.offer(frame + 63, 0x80 | ((s - 20) & 15), 40 + (s - 20) * 7 % 24, 0);
                }
                if ((s & 7) == 0) {
                    input.offer(frame + 30, 0xE0 | (s & 15), s & 0x7F, 64);
                    input.offer(frame + 31, 0xB0 | (s & 15), 64, (s & 8) == 0 ? 127 : 0);
                }
                input.beforeBlock(frame, BLOCK);
                frame += BLOCK;
                maxGated = Math.max(maxGated, a.gatedCount());
                engine.process(host);
            }
        }
    }
}
