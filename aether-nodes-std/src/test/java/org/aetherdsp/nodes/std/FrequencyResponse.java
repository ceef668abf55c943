package org.aetherdsp.nodes.std;

import java.util.Arrays;

/**
 * Measures a node's magnitude response from its impulse response: for a linear (or, at a
 * small level, linearised) filter |H(e^jw)| at DFT bin k is {@link Spectrum#binMagnitude} of
 * the impulse response, once the response has decayed within the transform length.
 */
final class FrequencyResponse {

    /** Transform length: 1.37 s at 48 kHz, long enough for every response tested to decay. */
    static final int LENGTH = 1 << 16;

    private FrequencyResponse() {
    }

    /**
     * Feeds {@code amplitude} at frame 0 of input {@code port}, then silence, and returns the
     * first {@code length} samples of every output, indexed [output][frame].
     */
    static float[][] impulseResponses(NodeUnderTest n, String port, float amplitude, int length) {
        float[] in = n.input(port);
        float[][] h = new float[n.outputs.length][length];
        for (int b = 0; b * NodeUnderTest.BLOCK < length; b++) {
            Arrays.fill(in, 0f);
            if (b == 0) {
                in[0] = amplitude;
            }
            n.processBlock();
            for (int o = 0; o < h.length; o++) {
                System.arraycopy(n.outputs[o], 0, h[o], b * NodeUnderTest.BLOCK, NodeUnderTest.BLOCK);
            }
        }
        return h;
    }

    /** {@code count} DFT bins of a {@code length}-point transform, log-spaced from {@code fromHz} to {@code toHz}. */
    static int[] logSpacedBins(int count, double fromHz, double toHz, int length) {
        int[] bins = new int[count];
        for (int i = 0; i < count; i++) {
            double hz = fromHz * Math.pow(toHz / fromHz, i / (double) (count - 1));
            bins[i] = (int) Math.round(hz * length / NodeUnderTest.SAMPLE_RATE);
        }
        return bins;
    }

    /** The normalised angular frequency (radians per sample) of a bin. */
    static double omega(int bin, int length) {
        return 2.0 * Math.PI * bin / length;
    }

    static double hz(int bin, int length) {
        return (double) bin * NodeUnderTest.SAMPLE_RATE / length;
    }

    /** |H| at a bin, from an impulse response of height {@code amplitude}. */
    static double magnitude(float[] impulseResponse, int bin, double amplitude) {
        return Spectrum.binMagnitude(impulseResponse, bin) / amplitude;
    }

    static double db(double magnitude) {
        return 20.0 * Math.log10(magnitude);
    }
}
