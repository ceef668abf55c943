package org.aetherdsp.cli.picture;

/**
 * A stream reduced on the fly to one (min, max, RMS) per channel and pixel column, so that a
 * render of any length needs memory for the picture only.
 */
final class Waveform {

    private final long totalFrames;
    private final int columns;
    private final float[][] min;
    private final float[][] max;
    private final double[][] sumSquares;
    private final long[] count;
    private long seen;

    /**
     * @param channels    channels in the stream
     * @param totalFrames frames the stream will deliver
     * @param columns     pixel columns
     */
    Waveform(int channels, long totalFrames, int columns) {
        this.totalFrames = Math.max(1, totalFrames);
        this.columns = columns;
        min = new float[channels][columns];
        max = new float[channels][columns];
        sumSquares = new double[channels][columns];
        count = new long[columns];
        for (int c = 0; c < channels; c++) {
            java.util.Arrays.fill(min[c], Float.POSITIVE_INFINITY);
            java.util.Arrays.fill(max[c], Float.NEGATIVE_INFINITY);
        }
    }

    /**
     * Takes the next frames of the stream.
     *
     * @param block  one array per channel
     * @param frames how many leading frames are valid
     */
    void accept(float[][] block, int frames) {
        for (int i = 0; i < frames; i++) {
            int column = (int) Math.min(columns - 1, (seen + i) * columns / totalFrames);
            count[column]++;
            for (int c = 0; c < min.length; c++) {
                float v = block[c][i];
                min[c][column] = Math.min(min[c][column], v);
                max[c][column] = Math.max(max[c][column], v);
                sumSquares[c][column] += (double) v * v;
            }
        }
        seen += frames;
    }

    int channels() {
        return min.length;
    }

    /** @return whether any frame fell into the column (not so when there are fewer frames than columns) */
    boolean has(int column) {
        return count[column] > 0;
    }

    float min(int channel, int column) {
        return min[channel][column];
    }

    float max(int channel, int column) {
        return max[channel][column];
    }

    double rms(int channel, int column) {
        return count[column] == 0 ? 0 : Math.sqrt(sumSquares[channel][column] / count[column]);
    }
}
