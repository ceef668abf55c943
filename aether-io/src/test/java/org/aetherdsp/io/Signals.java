package org.aetherdsp.io;

import java.io.IOException;
import java.nio.file.Path;

/** Test signals and the block-wise writing an audio engine does. */
final class Signals {
    static final int BLOCK = 64;

    private Signals() {
    }

    /** A sine per channel, channel c phase-shifted by c quarter turns. */
    static float[][] sine(int channels, int frames, double hz, int sampleRate, double amplitude) {
        float[][] s = new float[channels][frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                s[c][i] = (float) (amplitude
                        * Math.sin(2 * Math.PI * hz * i / sampleRate + c * Math.PI / 2));
            }
        }
        return s;
    }

    /**
     * Writes {@code signal} through {@code w} in 64-frame blocks copied into reused block
     * arrays, then whatever partial block remains, as an engine's render loop would.
     */
    static void writeInBlocks(WavWriter w, float[][] signal) throws IOException {
        int channels = signal.length;
        int frames = signal[0].length;
        float[][] block = new float[channels][BLOCK];
        for (int start = 0; start < frames; start += BLOCK) {
            int n = Math.min(BLOCK, frames - start);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(signal[c], start, block[c], 0, n);
            }
            w.write(block, n);
        }
    }

    static void write(Path file, int sampleRate, WavFormat format, float[][] signal)
            throws IOException {
        try (WavWriter w = WavWriter.open(file, sampleRate, signal.length, format)) {
            writeInBlocks(w, signal);
        }
    }
}
