package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The analysis the other tests trust, checked against the DFT definition. */
class SpectrumTest {

    @Test
    void fftAndGoertzelMatchTheDftDefinitionOnNoise() {
        int n = 256;
        Random rnd = new Random(7);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = x[i];
        }
        Spectrum.fft(re, im);
        for (int k = 0; k < n; k++) {
            double dr = 0.0;
            double di = 0.0;
            for (int i = 0; i < n; i++) {
                double a = -2.0 * Math.PI * k * i / n;
                dr += x[i] * Math.cos(a);
                di += x[i] * Math.sin(a);
            }
            assertEquals(dr, re[k], 1e-9, "re, bin " + k);
            assertEquals(di, im[k], 1e-9, "im, bin " + k);
            assertEquals(Math.hypot(dr, di), Spectrum.binMagnitude(x, k), 1e-9, "goertzel, bin " + k);
        }
    }
}
