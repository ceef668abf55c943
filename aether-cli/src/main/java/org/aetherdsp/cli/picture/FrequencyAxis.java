package org.aetherdsp.cli.picture;

import java.util.ArrayList;
import java.util.List;

/**
 * The frequency axis of a spectrogram: which band of frequencies each pixel row shows, on a
 * logarithmic scale (octaves equally tall, as a musician hears them) or a linear one.
 */
final class FrequencyAxis {

    /** The lowest frequency a logarithmic axis shows. */
    static final double LOG_FLOOR_HZ = 20;

    private final int rows;
    private final double lowHz;
    private final double highHz;
    private final boolean log;

    /**
     * @param rows       pixel rows
     * @param sampleRate the stream's rate; the axis ends at half of it
     * @param log        logarithmic (from {@value #LOG_FLOOR_HZ} Hz) or linear (from 0 Hz)
     */
    FrequencyAxis(int rows, float sampleRate, boolean log) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive, got " + rows);
        }
        this.rows = rows;
        this.log = log;
        this.highHz = sampleRate / 2.0;
        this.lowHz = log ? Math.min(LOG_FLOOR_HZ, highHz / 10) : 0;
    }

    int rows() {
        return rows;
    }

    boolean logarithmic() {
        return log;
    }

    /**
     * @param row a row, 0 the lowest; {@code rows()} gives the top edge
     * @return the frequency at the bottom edge of that row
     */
    double lowHz(int row) {
        double t = row / (double) rows;
        return log ? lowHz * Math.pow(highHz / lowHz, t) : lowHz + (highHz - lowHz) * t;
    }

    /**
     * @param hz a frequency on the axis
     * @return the row that shows it, 0 the lowest
     */
    int rowOf(double hz) {
        double t = log ? Math.log(hz / lowHz) / Math.log(highHz / lowHz) : (hz - lowHz) / (highHz - lowHz);
        return Math.max(0, Math.min(rows - 1, (int) Math.floor(t * rows)));
    }

    /** @return frequencies worth a labelled tick: 1-2-5 steps on a log axis, round steps on a linear one */
    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double decade = 10; decade < highHz; decade *= 10) {
                for (double m : new double[] {1, 2, 5}) {
                    double f = decade * m;
                    if (f >= lowHz && f <= highHz) {
                        ticks.add(f);
                    }
                }
            }
        } else {
            double step = Ticks.niceStep(highHz - lowHz, 8);
            for (double f = 0; f <= highHz; f += step) {
                ticks.add(f);
            }
        }
        return ticks;
    }

    /** @return a short label: "500", "2k", "12.5k" */
    static String label(double hz) {
        if (hz >= 1000) {
            double k = hz / 1000;
            return (k == Math.rint(k) ? Long.toString(Math.round(k)) : Ticks.trim(k)) + "k";
        }
        return Long.toString(Math.round(hz));
    }
}
