package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

import org.aetherdsp.api.StateBuffer;
import org.aetherdsp.api.StateWriter;

/**
 * The long-run checks every recursive effect gets: full-scale noise for a minute stays finite
 * and bounded, and an impulse followed by silence never leaves a subnormal number in the
 * node's output or in its saved state (Java cannot flush subnormals to zero, so the node
 * must keep them out itself).
 */
final class EffectStability {

    private EffectStability() {
    }

    /** What a noise run measured: the largest output magnitude, and RMS per tenth of the run. */
    record NoiseRun(double peak, double[] rmsPerTenth) {
        /** RMS of the last tenth over the RMS of the tenth before it: about 1 when nothing grows. */
        double lastTenthGrowth() {
            int n = rmsPerTenth.length;
            return rmsPerTenth[n - 1] / rmsPerTenth[n - 2];
        }

        @Override
        public String toString() {
            return String.format("peak %.4f, RMS per tenth %s", peak, Arrays.toString(
                    Arrays.stream(rmsPerTenth).map(v -> Math.round(v * 1e4) / 1e4).toArray()));
        }
    }

    /**
     * Feeds every input port uniform white noise in [-1, 1) (seeded) for {@code seconds},
     * failing at the first output sample that is not finite.
     */
    static NoiseRun fullScaleNoise(NodeUnderTest n, double seconds, long seed) {
        Random random = new Random(seed);
        int blocks = (int) Math.round(seconds * NodeUnderTest.SAMPLE_RATE / NodeUnderTest.BLOCK);
        int perTenth = blocks / 10;
        double[] rms = new double[10];
        double peak = 0.0;
        double sumSquares = 0.0;
        for (int b = 0; b < perTenth * 10; b++) {
            for (float[] in : n.inputs) {
                for (int i = 0; i < in.length; i++) {
                    in[i] = random.nextFloat() * 2f - 1f;
                }
            }
            n.processBlock();
            for (int o = 0; o < n.outputs.length; o++) {
                for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                    float v = n.outputs[o][i];
                    if (!Float.isFinite(v)) {
                        fail(n.type.id() + ": output " + o + " is " + v + " at block " + b + " frame " + i);
                    }
                    peak = Math.max(peak, Math.abs(v));
                    sumSquares += (double) v * v;
                }
            }
            if ((b + 1) % perTenth == 0) {
                rms[b / perTenth] = Math.sqrt(sumSquares / ((double) perTenth * NodeUnderTest.BLOCK * n.outputs.length));
                sumSquares = 0.0;
            }
        }
        return new NoiseRun(peak, rms);
    }

    /** What an impulse-and-silence run checked. */
    record SilenceRun(long outputSamples, long stateValues, int stateChecks) {
    }

    /** Blocks between two state scans (about 0.13 s): state can be large (whole delay lines). */
    private static final int STATE_SCAN_EVERY = 100;

    /**
     * Puts a unit impulse on every input at frame 0, then silence for {@code seconds}; fails
     * if any output sample, or any float or double the node saves as state (scanned every
     * {@value #STATE_SCAN_EVERY} blocks and at the end), is subnormal.
     */
    static SilenceRun impulseThenSilence(NodeUnderTest n, double seconds) {
        int blocks = (int) Math.round(seconds * NodeUnderTest.SAMPLE_RATE / NodeUnderTest.BLOCK);
        for (float[] in : n.inputs) {
            Arrays.fill(in, 0f);
            in[0] = 1f;
        }
        SubnormalScan scan = new SubnormalScan();
        long outputs = 0;
        int checks = 0;
        for (int b = 0; b < blocks; b++) {
            n.processBlock();
            if (b == 0) {
                for (float[] in : n.inputs) {
                    in[0] = 0f;
                }
            }
            for (int o = 0; o < n.outputs.length; o++) {
                for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                    float v = n.outputs[o][i];
                    assertTrue(Float.isFinite(v), n.type.id() + ": output not finite at block " + b);
                    if (v != 0f && Math.abs(v) < Float.MIN_NORMAL) {
                        fail(n.type.id() + ": subnormal output " + v + " at block " + b + " frame " + i);
                    }
                    outputs++;
                }
            }
            if (b % STATE_SCAN_EVERY == STATE_SCAN_EVERY - 1 || b == blocks - 1) {
                scan.bytes = 0;
                n.node.saveState(scan);
                checks++;
                if (scan.subnormals > 0) {
                    fail(n.type.id() + ": after block " + b + " the state holds " + scan.subnormals
                            + " subnormal values, the first " + scan.firstSubnormal);
                }
            }
        }
        StateBuffer fits = new StateBuffer(n.node.stateSize());
        n.node.saveState(fits);
        assertEquals(fits.size(), scan.bytes, n.type.id() + ": the last scan saw every value the node saves");
        return new SilenceRun(outputs, scan.values, checks);
    }

    /**
     * A state writer that counts the subnormal floats and doubles written to it. It is in the
     * nodes' package, so the RT rules treat it as a {@code StateWriter} a node may call: it
     * only counts, and the caller reports.
     */
    private static final class SubnormalScan implements StateWriter {
        long values;
        long bytes;
        long subnormals;
        double firstSubnormal;

        @Override
        public void writeInt(int v) {
            bytes += Integer.BYTES;
        }

        @Override
        public void writeLong(long v) {
            bytes += Long.BYTES;
        }

        @Override
        public void writeFloat(float v) {
            bytes += Float.BYTES;
            values++;
            if (v != 0f && Math.abs(v) < Float.MIN_NORMAL) {
                found(v);
            }
        }

        @Override
        public void writeDouble(double v) {
            bytes += Double.BYTES;
            values++;
            if (v != 0.0 && Math.abs(v) < Double.MIN_NORMAL) {
                found(v);
            }
        }

        private void found(double v) {
            if (subnormals++ == 0) {
                firstSubnormal = v;
            }
        }

        @Override
        public void writeBoolean(boolean v) {
            bytes += 1;
        }

        @Override
        public void writeFloats(float[] src, int offset, int length) {
            for (int i = 0; i < length; i++) {
                writeFloat(src[offset + i]);
            }
        }

        @Override
        public void writeDoubles(double[] src, int offset, int length) {
            for (int i = 0; i < length; i++) {
                writeDouble(src[offset + i]);
            }
        }
    }
}
