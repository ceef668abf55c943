package org.aetherdsp.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.aetherdsp.nodes.std.Meter;
import org.aetherdsp.nodes.std.Recorder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link PlainLoopBenchmark}'s loops compute what the nodes compute in {@link NodeBenchmark}'s
 * common case, so that dividing the two scores compares one algorithm with itself: every
 * algorithm of the benchmark's list against its node, fed the same inputs, for 400 blocks (past
 * the delay's 250 ms, several sequencer steps, grains, plucks and envelope segments), each
 * output sample compared by its bits, and the meter's readings after every block; the
 * recorder for {@value #RECORD_BLOCKS} blocks, until its ring is full and it drops, comparing
 * its drop count.
 */
class PlainLoopEquivalenceTest {

    static final int BLOCKS = 400;
    static final int RECORD_BLOCKS = 8_300;

    /**
     * How far a loop may be off per sample; 0 for bits. The saw's and square's loops read the
     * saw tables {@link VoicePatchBenchmark} synthesises by direct sums instead of the node's
     * FFT tables (the same 1e-6 of full scale that benchmark checks); the ladder's plain loop
     * rounds its feedback differently from the node (one float ulp, about 2e-9 at the levels
     * of this test, seen from block 0).
     */
    static float tolerance(String algorithm) {
        return switch (algorithm) {
            case "std.osc.saw", "std.osc.square", "std.filter.ladder" -> 1e-6f;
            default -> 0f;
        };
    }

    static Stream<String> algorithms() throws NoSuchFieldException {
        return Arrays.stream(PlainLoopBenchmark.class.getField("algorithm").getAnnotation(Param.class).value());
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void plainLoopComputesWhatTheNodeComputes(String algorithm) {
        final NodeBenchmark node = new NodeBenchmark();
        node.type = algorithm;
        node.load = "common";
        node.setUp();
        final PlainLoopBenchmark plain = new PlainLoopBenchmark();
        plain.algorithm = algorithm;
        plain.setUp();
        for (int k = 0; k < node.inputs.length; k++) {
            System.arraycopy(node.inputs[k], 0, plain.in[k], 0, NodeBenchmark.FRAMES);
        }
        final float tolerance = tolerance(algorithm);
        long nonzero = 0;
        final int blocks = algorithm.equals("std.record") ? RECORD_BLOCKS : BLOCKS;
        for (int b = 0; b < blocks; b++) {
            final float[][] expected = node.process();
            final float[][] actual = plain.loop();
            for (int port = 0; port < expected.length; port++) {
                for (int frame = 0; frame < NodeBenchmark.FRAMES; frame++) {
                    final int o = port;
                    final int i = frame;
                    final int block = b;
                    final float e = expected[o][i];
                    final float a = actual[o][i];
                    if (e != 0f) {
                        nonzero++;
                    }
                    if (tolerance == 0f) {
                        assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(a),
                                () -> algorithm + " block " + block + ", output " + o + ", frame " + i + ": node " + e + ", plain loop " + a);
                    } else {
                        assertTrue(Math.abs(e - a) <= tolerance,
                                () -> algorithm + " block " + block + ", output " + o + ", frame " + i + ": node " + e + ", plain loop " + a);
                    }
                }
            }
            if (node.node instanceof Meter m) {
                assertEquals(m.peak(), plain.meter.peak, algorithm + " peak after block " + b);
                assertEquals(m.rms(), plain.meter.rms, algorithm + " rms after block " + b);
            }
            if (node.node instanceof Recorder r) {
                assertEquals(r.dropped(), plain.record.dropped, algorithm + " frames dropped after block " + b);
            }
        }
        if (plain.record != null) {
            assertTrue(plain.record.dropped > 0, "the recorder's ring never filled");
        }
        if (!algorithm.equals("std.sampler")) {
            assertTrue(nonzero > 0, algorithm + ": the node rendered only silence, which proves nothing");
        }
    }
}
