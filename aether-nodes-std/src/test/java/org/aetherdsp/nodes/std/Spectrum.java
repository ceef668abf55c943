package org.aetherdsp.nodes.std;

/** Spectral analysis for the tests: a windowed radix-2 FFT and single-bin DFT magnitudes. */
final class Spectrum {

    private Spectrum() {
    }

    /**
     * |X[k]| of the length-{@code x.length} DFT at integer bin {@code k} (Goertzel), no window.
     */
    static double binMagnitude(float[] x, int k) {
        double w = 2.0 * Math.PI * k / x.length;
        double coeff = 2.0 * Math.cos(w);
        double s1 = 0.0;
        double s2 = 0.0;
        for (float v : x) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double re = s1 - s2 * Math.cos(w);
        double im = s2 * Math.sin(w);
        return Math.hypot(re, im);
    }

    /** The bin in {@code [from, to]} with the largest {@link #binMagnitude}. */
    static int peakBin(float[] x, int from, int to) {
        int best = from;
        double bestMag = -1.0;
        for (int k = from; k <= to; k++) {
            double m = binMagnitude(x, k);
            if (m > bestMag) {
                bestMag = m;
                best = k;
            }
        }
        return best;
    }

    /**
     * Power |X[k]|^2 of bins 0..N/2 of {@code x} under a periodic 4-term Blackman-Harris
     * window (sidelobes about -92 dB, main lobe +-4 bins). The length must be a power of two.
     */
    static double[] blackmanHarrisPower(float[] x) {
        int n = x.length;
        if (Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("length must be a power of two, got " + n);
        }
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            double a = 2.0 * Math.PI * i / n;
            double w = 0.35875 - 0.48829 * Math.cos(a) + 0.14128 * Math.cos(2 * a) - 0.01168 * Math.cos(3 * a);
            re[i] = x[i] * w;
        }
        fft(re, im);
        double[] power = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            power[k] = re[k] * re[k] + im[k] * im[k];
        }
        return power;
    }

    /**
     * In-place radix-2 complex FFT: the library's own ({@code BandLimitedWavetable} builds its
     * tables with it), checked against the DFT definition by {@code SpectrumTest}.
     */
    static void fft(double[] re, double[] im) {
        BandLimitedWavetable.fft(re, im);
    }
}
