package org.aetherdsp.nodes.std;

/**
 * An in-place iterative radix-2 complex FFT of one fixed size, with its twiddles and
 * bit-reversal table computed once. Control side only: the constructor allocates; the
 * transform does not. Used by the band-limited wavetables and by {@code aether render --png}'s
 * spectrogram. Small on purpose: JTransforms would bring commons-math3 and JLargeArrays, both
 * without module names, for a plain power-of-two transform.
 */
public final class Fft {

    private final int size;
    private final int[] reversed;
    private final double[] cos;
    private final double[] sin;

    /**
     * Prepares a transform of one size.
     *
     * @param size a power of two, at least 2
     * @throws IllegalArgumentException if {@code size} is not a power of two of at least 2
     */
    public Fft(int size) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 2, got " + size);
        }
        this.size = size;
        int bits = Integer.numberOfTrailingZeros(size);
        reversed = new int[size];
        for (int i = 0; i < size; i++) {
            reversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[size / 2];
        sin = new double[size / 2];
        for (int i = 0; i < size / 2; i++) {
            cos[i] = Math.cos(-2 * Math.PI * i / size);
            sin[i] = Math.sin(-2 * Math.PI * i / size);
        }
    }

    /** @return the transform size */
    public int size() {
        return size;
    }

    /**
     * Replaces (re, im) by its forward transform, X[k] = sum x[n] e^(-2 pi i k n / N).
     *
     * @param re real parts, {@link #size()} of them
     * @param im imaginary parts, {@link #size()} of them
     */
    public void transform(double[] re, double[] im) {
        for (int i = 0; i < size; i++) {
            int j = reversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int half = 1; half < size; half <<= 1) {
            int step = size / (2 * half);
            for (int start = 0; start < size; start += 2 * half) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
