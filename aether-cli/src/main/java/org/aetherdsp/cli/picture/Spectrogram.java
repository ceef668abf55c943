package org.aetherdsp.cli.picture;

import java.util.Arrays;
import org.aetherdsp.nodes.std.Fft;

/**
 * A short-time Fourier transform of a stream, reduced on the fly to a grid of {@code columns} x
 * {@code rows} levels in dBFS, so that a render of any length needs memory for the picture only.
 * Channels are mixed to mono (their mean). Column {@code c} is a Hann-windowed FFT of
 * {@link #windowSize()} frames starting at frame {@code round(c * (total - window) / (columns - 1))}:
 * the first window starts at the first frame, the last one ends at the last frame. A full-scale sine
 * reads 0 dBFS at its frequency.
 */
final class Spectrogram {

    /** Levels below this are drawn as the darkest colour. */
    static final double FLOOR_DB = -100;

    private final float sampleRate;
    private final long totalFrames;
    private final int columns;
    private final FrequencyAxis axis;
    private final Fft fft;
    private final double[] window;
    private final double amplitudeScale;
    private final double[] ring;
    private final double[] re;
    private final double[] im;
    private final double[] binDb;
    private final float[][] levels;
    private long seen;
    private int nextColumn;

    /**
     * @param sampleRate  frames per second
     * @param totalFrames frames the stream will deliver
     * @param columns     time columns, at least 2
     * @param axis        the rows: which frequency each one shows
     */
    Spectrogram(float sampleRate, long totalFrames, int columns, FrequencyAxis axis) {
        if (columns < 2) {
            throw new IllegalArgumentException("a spectrogram needs at least 2 columns, got " + columns);
        }
        this.sampleRate = sampleRate;
        this.totalFrames = totalFrames;
        this.columns = columns;
        this.axis = axis;
        // About 85 ms: 4096 frames at 44.1 and 48 kHz, fine enough to tell 20 Hz from 30 Hz.
        int target = Math.max(256, Math.round(sampleRate / 12));
        int size = Integer.highestOneBit(target);
        fft = new Fft(target - size > 2 * size - target ? 2 * size : size);
        int n = fft.size();
        window = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            sum += window[i];
        }
        amplitudeScale = 2 / sum;
        ring = new double[n];
        re = new double[n];
        im = new double[n];
        binDb = new double[n / 2 + 1];
        levels = new float[columns][axis.rows()];
    }

    /** @return frames per FFT */
    int windowSize() {
        return fft.size();
    }

    /**
     * Takes the next frames of the stream.
     *
     * @param block  one array per channel
     * @param frames how many leading frames are valid
     */
    void accept(float[][] block, int frames) {
        int n = ring.length;
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (float[] channel : block) {
                sum += channel[i];
            }
            ring[(int) (seen % n)] = sum / block.length;
            seen++;
            while (nextColumn < columns && seen == columnStart(nextColumn) + n) {
                analyse(nextColumn++, seen - n);
            }
        }
    }

    /** Analyses the columns whose windows reach past the end of the stream, padding with silence. */
    void finish() {
        int n = ring.length;
        while (seen < columnStart(columns - 1) + n) {
            ring[(int) (seen % n)] = 0;
            seen++;
            while (nextColumn < columns && seen == columnStart(nextColumn) + n) {
                analyse(nextColumn++, seen - n);
            }
        }
    }

    /** @return levels in dBFS, [column][row], row 0 the lowest frequency; at least {@link #FLOOR_DB} */
    float[][] levels() {
        return levels;
    }

    private long columnStart(int column) {
        long span = Math.max(0, totalFrames - ring.length);
        return Math.round(column * (double) span / (columns - 1));
    }

    private void analyse(int column, long start) {
        int n = ring.length;
        for (int i = 0; i < n; i++) {
            re[i] = ring[(int) ((start + i) % n)] * window[i];
        }
        Arrays.fill(im, 0);
        fft.transform(re, im);
        for (int k = 0; k <= n / 2; k++) {
            double amplitude = Math.hypot(re[k], im[k]) * amplitudeScale;
            binDb[k] = Math.max(FLOOR_DB, 20 * Math.log10(amplitude + 1e-30));
        }
        double binHz = sampleRate / n;
        float[] out = levels[column];
        for (int row = 0; row < out.length; row++) {
            double lo = axis.lowHz(row) / binHz;
            double hi = axis.lowHz(row + 1) / binHz;
            int first = (int) Math.ceil(lo);
            int last = Math.min(n / 2, (int) Math.floor(hi));
            double level;
            if (first <= last) {
                // The row spans whole bins: show the loudest, so that a narrow peak is not averaged away.
                level = FLOOR_DB;
                for (int k = first; k <= last; k++) {
                    level = Math.max(level, binDb[k]);
                }
            } else {
                // Narrower than a bin (low notes on a log axis): interpolate between the neighbours.
                double centre = Math.min(n / 2.0, (lo + hi) / 2);
                int k = Math.min(n / 2 - 1, (int) Math.floor(centre));
                double frac = centre - k;
                level = binDb[k] * (1 - frac) + binDb[k + 1] * frac;
            }
            out[row] = (float) level;
        }
    }
}
