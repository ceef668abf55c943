package org.aetherdsp.io.audiotest;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;

/**
 * A deterministic stereo patch for driver tests: a vibrato saw on the left, seeded noise and a
 * sine on the right. Never periodic over a test's length, so a recording aligns with the
 * offline render at exactly one offset.
 */
public final class TestPatch {

    private TestPatch() {
    }

    /**
     * @param blockSize the engine's block size
     * @return a fresh engine (48 kHz, 2 channels) playing the patch
     */
    public static Engine build(int blockSize) {
        Engine e = Engine.builder().sampleRate(48_000).blockSize(blockSize).outputChannels(2).build();
        long lfo = e.add("std.lfo");
        e.setParam(lfo, "rate", 3f, 0f);
        e.setParam(lfo, "depth", 7f, 0f);
        long saw = e.add("std.osc.saw");
        e.setParam(saw, "freq", 220f, 0f);
        e.setParam(saw, "amp", 0.4f, 0f);
        e.connect(lfo, 0, saw, 0);
        long noise = e.add("std.noise");
        e.setParam(noise, "amp", 0.2f, 0f);
        e.setParam(noise, "seed", 7f, 0f);
        long sine = e.add("std.osc.sine");
        e.setParam(sine, "freq", 331f, 0f);
        e.setParam(sine, "amp", 0.3f, 0f);
        long mix = e.add("std.mix");
        e.connect(noise, 0, mix, 0);
        e.connect(sine, 0, mix, 1);
        e.connectOutput(saw, 0, 0);
        e.connectOutput(mix, 0, 1);
        return e;
    }

    /**
     * An effect patch for input tests: input 0 through a feedback delay (5 ms, feedback 0.5) and
     * an SVF low-pass onto output 0; input 1 at half gain, summed with input 0, onto output 1.
     * Stateful but silent on silence (no oscillator), so a fresh engine fed silence until a
     * signal starts is in the state of one started at the signal.
     *
     * @param blockSize the engine's block size
     * @return a fresh engine (48 kHz, 2 inputs, 2 outputs)
     */
    public static Engine buildEffect(int blockSize) {
        Engine e = Engine.builder().sampleRate(48_000).blockSize(blockSize).inputChannels(2).outputChannels(2).build();
        try (org.aetherdsp.core.engine.EditBatch b = e.beginBatch()) {
            long delay = e.add("std.delay");
            e.setParam(delay, "time", 5f, 0f);
            e.setParam(delay, "feedback", 0.5f, 0f);
            long lp = e.add("std.filter.svf");
            e.setParam(lp, "cutoff", 2_000f, 0f);
            long half = e.add("std.gain");
            e.setParam(half, "gain", 0.5f, 0f);
            e.connectInput(0, delay, 0);
            e.connect(delay, 0, lp, 0);
            e.connectOutput(lp, 0, 0);
            e.connectInput(1, half, 0);
            e.connectInput(0, half, 0);
            e.connectOutput(half, 0, 1);
            b.commit();
        }
        return e;
    }

    /**
     * Processes input offline through a fresh {@link #buildEffect} engine.
     *
     * @param blockSize block size
     * @param input     two channels
     * @param frames    frames of it to process
     * @return two channels of output
     */
    public static float[][] processEffect(int blockSize, float[][] input, int frames) throws java.io.IOException {
        Engine e = buildEffect(blockSize);
        float[][] out = new float[2][frames];
        int[] at = {0};
        OfflineRenderer.process(e, input, frames, 0, null, (block, n) -> {
            for (int c = 0; c < 2; c++) {
                System.arraycopy(block[c], 0, out[c], at[0], n);
            }
            at[0] += n;
        });
        e.close();
        return out;
    }

    /**
     * Renders {@code frames} frames of a fresh engine offline.
     *
     * @param blockSize block size
     * @param frames    frames to render (a multiple of nothing in particular)
     * @return one array per channel
     */
    public static float[][] render(int blockSize, int frames) throws java.io.IOException {
        Engine e = build(blockSize);
        float[][] out = new float[2][frames];
        int[] at = {0};
        OfflineRenderer.render(e, frames, null, (block, n) -> {
            for (int c = 0; c < 2; c++) {
                System.arraycopy(block[c], 0, out[c], at[0], n);
            }
            at[0] += n;
        });
        return out;
    }

    /**
     * Finds where a recording starts in the offline render: the offset {@code d} such that
     * {@code recording[start + i] == reference[d + i]} for a window, searching every offset.
     *
     * @return the reference index matching {@code recording[start]}, or -1 if none or several
     */
    public static int align(float[] recording, int start, float[] reference, int window) {
        int found = -1;
        for (int d = 0; d + window <= reference.length; d++) {
            int i = 0;
            while (i < window && recording[start + i] == reference[d + i]) {
                i++;
            }
            if (i == window) {
                if (found >= 0) {
                    return -1;
                }
                found = d;
            }
        }
        return found;
    }

    /** @return the first index from which the signal is not exactly 0, or -1 */
    public static int firstSound(float[] signal, int limit) {
        for (int i = 0; i < limit; i++) {
            if (signal[i] != 0f) {
                return i;
            }
        }
        return -1;
    }
}
