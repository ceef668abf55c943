package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.function.IntConsumer;

import org.aetherdsp.api.StateBuffer;

/**
 * The two checks every filter gets: it stays finite and bounded under full-scale noise for a
 * long time, and a decaying tail never holds a subnormal number (which Java cannot flush
 * to zero, and which costs up to a hundred times a normal operation on x86) in its state or
 * its output.
 *
 * <p>The state is inspected through {@code saveState}: every filter in this family writes
 * its state as a plain sequence of doubles.
 */
final class FilterStability {

    /**
     * The bound for the linear filters, whose largest gain is about their Q (40, +32 dB) at
     * resonance: the worst bounded input, a full-scale square wave at the resonance, reaches
     * about (4/pi) * 40 = 51; full-scale noise stays well below. Above 100 something is wrong.
     */
    static final double LINEAR_FILTER_BOUND = 100.0;

    private FilterStability() {
    }

    /**
     * Feeds full-scale uniform white noise into {@code port} (other inputs silent) for
     * {@code seconds}, calling {@code everySecond} with the second's index before each
     * second, and returns the largest |sample| seen on any output. Fails at the first
     * non-finite sample.
     */
    static double peakUnderNoise(NodeUnderTest n, String port, int seconds, long seed, IntConsumer everySecond) {
        for (float[] in : n.inputs) {
            Arrays.fill(in, 0f);
        }
        float[] in = n.input(port);
        int blocksPerSecond = (int) (NodeUnderTest.SAMPLE_RATE / NodeUnderTest.BLOCK);
        long x = seed | 1L;
        double peak = 0.0;
        for (int s = 0; s < seconds; s++) {
            everySecond.accept(s);
            for (int b = 0; b < blocksPerSecond; b++) {
                for (int i = 0; i < in.length; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    in[i] = (float) ((x >>> 11) * 0x1.0p-52 - 1.0);
                }
                n.processBlock();
                for (int o = 0; o < n.outputs.length; o++) {
                    for (float v : n.outputs[o]) {
                        if (!Float.isFinite(v)) {
                            fail(n.type.id() + ": output " + o + " became " + v + " after " + s + " s of noise");
                        }
                        peak = Math.max(peak, Math.abs(v));
                    }
                }
            }
        }
        return peak;
    }

    /** What {@link #impulseThenSilence} saw. */
    record Decay(int blocks, int firstAllZeroStateBlock, double smallestNonZeroState) {
        double secondsToZeroState() {
            return firstAllZeroStateBlock < 0 ? Double.NaN
                    : firstAllZeroStateBlock * (double) NodeUnderTest.BLOCK / NodeUnderTest.SAMPLE_RATE;
        }
    }

    /**
     * Feeds a full-scale impulse into {@code port}, then silence for {@code seconds}. After
     * every block, fails if an output sample is a subnormal float or a state value a
     * subnormal double.
     */
    static Decay impulseThenSilence(NodeUnderTest n, String port, int seconds) {
        for (float[] in : n.inputs) {
            Arrays.fill(in, 0f);
        }
        float[] in = n.input(port);
        int blocks = (int) (seconds * NodeUnderTest.SAMPLE_RATE / NodeUnderTest.BLOCK);
        int stateSize = n.node.stateSize();
        assertTrue(stateSize % Double.BYTES == 0, n.type.id() + ": state is not a list of doubles");
        StateBuffer state = new StateBuffer(stateSize);
        int firstZero = -1;
        double smallest = Double.POSITIVE_INFINITY;
        for (int b = 0; b < blocks; b++) {
            in[0] = b == 0 ? 1f : 0f;
            n.processBlock();
            for (int o = 0; o < n.outputs.length; o++) {
                for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                    float v = n.outputs[o][i];
                    if (isSubnormal(v)) {
                        fail(n.type.id() + ": output " + o + " frame " + (b * NodeUnderTest.BLOCK + i) + " is subnormal: " + v);
                    }
                }
            }
            state.clear();
            n.node.saveState(state);
            boolean allZero = true;
            while (state.remaining() > 0) {
                double v = state.readDouble();
                if (isSubnormal(v)) {
                    fail(n.type.id() + ": a state value is subnormal after block " + b + ": " + v);
                }
                if (v != 0.0) {
                    allZero = false;
                    smallest = Math.min(smallest, Math.abs(v));
                }
            }
            if (allZero && firstZero < 0) {
                firstZero = b;
            }
            if (!allZero) {
                firstZero = -1;
            }
        }
        return new Decay(blocks, firstZero, smallest);
    }

    static boolean isSubnormal(float x) {
        return x != 0f && Math.abs(x) < Float.MIN_NORMAL;
    }

    static boolean isSubnormal(double x) {
        return x != 0.0 && Math.abs(x) < Double.MIN_NORMAL;
    }
}
