package org.aetherdsp.nodes.std;

/**
 * Measurements for the source nodes' tests, on top of {@link Spectrum}: reference naive
 * waveforms, aliasing (energy away from the harmonics), harmonic amplitudes, averaged
 * spectra and band levels, periods.
 */
final class SourceAnalysis {

    static final double SR = NodeUnderTest.SAMPLE_RATE;
    /** Bins on either side of a harmonic that count as that harmonic (Blackman-Harris main lobe is +-4). */
    static final int HARMONIC_GUARD_BINS = 6;

    private SourceAnalysis() {
    }

    /** The textbook aliasing saw: 2 * phase - 1, sampled. */
    static float[] naiveSaw(double freq, int frames) {
        float[] x = new float[frames];
        double inc = freq / SR;
        double p = 0.0;
        for (int i = 0; i < frames; i++) {
            x[i] = (float) (2.0 * p - 1.0);
            p += inc;
            p -= Math.floor(p);
        }
        return x;
    }

    /** The textbook aliasing pulse: 1 for the first {@code width} of a cycle, -1 after. */
    static float[] naivePulse(double freq, double width, int frames) {
        float[] x = new float[frames];
        double inc = freq / SR;
        double p = 0.0;
        for (int i = 0; i < frames; i++) {
            x[i] = p < width ? 1f : -1f;
            p += inc;
            p -= Math.floor(p);
        }
        return x;
    }

    /** The textbook aliasing triangle, in sine phase. */
    static float[] naiveTriangle(double freq, int frames) {
        float[] x = new float[frames];
        double inc = freq / SR;
        double p = 0.0;
        for (int i = 0; i < frames; i++) {
            x[i] = (float) (p < 0.25 ? 4.0 * p : p < 0.75 ? 2.0 - 4.0 * p : 4.0 * p - 4.0);
            p += inc;
            p -= Math.floor(p);
        }
        return x;
    }

    private static boolean nearHarmonic(int bin, double f0, int n) {
        double binHz = SR / n;
        for (int h = 0; h * f0 < SR / 2; h++) {
            if (Math.abs(bin - h * f0 / binHz) <= HARMONIC_GUARD_BINS) {
                return true;
            }
        }
        return false;
    }

    /** Energy of the bins of a {@link Spectrum#blackmanHarrisPower} that are not near a multiple of {@code f0}. */
    static double nonHarmonicEnergy(double[] power, double f0) {
        int n = 2 * (power.length - 1);
        double e = 0.0;
        for (int k = 0; k < power.length; k++) {
            if (!nearHarmonic(k, f0, n)) {
                e += power[k];
            }
        }
        return e;
    }

    /** Energy of the bins of a {@link Spectrum#blackmanHarrisPower} around {@code hz}. */
    static double bandEnergy(double[] power, double hz) {
        int n = 2 * (power.length - 1);
        int centre = (int) Math.round(hz * n / SR);
        double e = 0.0;
        for (int k = Math.max(0, centre - HARMONIC_GUARD_BINS); k <= Math.min(power.length - 1, centre + HARMONIC_GUARD_BINS); k++) {
            e += power[k];
        }
        return e;
    }

    /** The outcome of comparing a band-limited render with a naive one at the same fundamental. */
    record Aliasing(double improvementDb, double fundamentalDb, double naiveAliasDb, double aliasDb) {
        @Override
        public String toString() {
            return String.format("non-harmonic energy %.2f dB below naive (alias/fundamental: naive %.2f dB,"
                    + " band-limited %.2f dB; fundamental %+.2f dB vs naive)", improvementDb, naiveAliasDb, aliasDb, fundamentalDb);
        }
    }

    /** Aliasing of {@code x} against {@code naive}, both at fundamental {@code f0}, lengths a power of two. */
    static Aliasing aliasing(float[] x, float[] naive, double f0) {
        double[] p = Spectrum.blackmanHarrisPower(x);
        double[] q = Spectrum.blackmanHarrisPower(naive);
        double fundamental = 10 * Math.log10(bandEnergy(p, f0) / bandEnergy(q, f0));
        double improvement = 10 * Math.log10(nonHarmonicEnergy(q, f0) / nonHarmonicEnergy(p, f0));
        double naiveAlias = 10 * Math.log10(nonHarmonicEnergy(q, f0) / bandEnergy(q, f0));
        double alias = 10 * Math.log10(nonHarmonicEnergy(p, f0) / bandEnergy(p, f0));
        return new Aliasing(improvement, fundamental, naiveAlias, alias);
    }

    /**
     * Amplitude of the sinusoid at {@code hz} in {@code x}, for {@code hz} on an integer DFT
     * bin of {@code x.length} (a whole number of cycles fits, so no window is needed).
     */
    static double amplitudeAt(float[] x, double hz) {
        double bin = hz * x.length / SR;
        int k = (int) Math.round(bin);
        if (Math.abs(bin - k) > 1e-9) {
            throw new IllegalArgumentException(hz + " Hz is not on a bin of a " + x.length + "-sample DFT");
        }
        return 2.0 * Spectrum.binMagnitude(x, k) / x.length;
    }

    /** 20 log10(a / b). */
    static double db(double a, double b) {
        return 20 * Math.log10(a / b);
    }

    /**
     * Welch's averaged periodogram: the mean {@link Spectrum#blackmanHarrisPower} of
     * non-overlapping segments of {@code segment} samples (a power of two).
     */
    static double[] averagedPower(float[] x, int segment) {
        double[] sum = new double[segment / 2 + 1];
        int count = 0;
        float[] part = new float[segment];
        for (int start = 0; start + segment <= x.length; start += segment) {
            System.arraycopy(x, start, part, 0, segment);
            double[] p = Spectrum.blackmanHarrisPower(part);
            for (int k = 0; k < sum.length; k++) {
                sum[k] += p[k];
            }
            count++;
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= count;
        }
        return sum;
    }

    /** Mean power per bin of an averaged spectrum over the bins whose centres lie in [lo, hi) Hz. */
    static double meanPower(double[] power, double lo, double hi) {
        int n = 2 * (power.length - 1);
        double binHz = SR / n;
        double sum = 0.0;
        int count = 0;
        for (int k = (int) Math.ceil(lo / binHz); k * binHz < hi; k++) {
            sum += power[k];
            count++;
        }
        return sum / count;
    }

    /** Sample positions (fractional, by linear interpolation) where {@code x} crosses zero going up. */
    static double[] upwardZeroCrossings(float[] x) {
        double[] found = new double[x.length];
        int count = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i - 1] < 0f && x[i] >= 0f) {
                found[count++] = i - 1 + x[i - 1] / (double) (x[i - 1] - x[i]);
            }
        }
        return java.util.Arrays.copyOf(found, count);
    }

    /** The mean distance between successive entries, e.g. the period from {@link #upwardZeroCrossings}. */
    static double meanSpacing(double[] positions) {
        return (positions[positions.length - 1] - positions[0]) / (positions.length - 1);
    }

    /** The largest |x[i] - x[i - 1]|. */
    static double maxStep(float[] x) {
        double max = 0.0;
        for (int i = 1; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - x[i - 1]));
        }
        return max;
    }

    /** The largest |x[i]|. */
    static double peak(float[] x) {
        double max = 0.0;
        for (float v : x) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** The mean of x. */
    static double mean(float[] x) {
        double sum = 0.0;
        for (float v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** The root mean square of x. */
    static double rms(float[] x) {
        double sum = 0.0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / x.length);
    }
}
