package org.aetherdsp.core.rt;

import java.util.Arrays;

/**
 * A plan's feedback connections: at the end of each block, after every node has run, the RT
 * thread copies each feedback source's output into its {@link FeedbackLine}, which the targets
 * read during the next block. Only then, and only on the RT thread (worker 0, after the block's
 * clusters have all finished), is a line written; during the block the lines are read-only. So
 * a feedback edge is no dependency inside a block, and the result does not depend on how many
 * workers ran it.
 *
 * <p>The copy also keeps two kinds of value out of the loop. A sample that is NaN or infinite
 * (an unstable loop that overflowed) is stored as 0 and counted, so a runaway loop falls silent
 * and starts over instead of holding NaN for ever. A subnormal one (a decaying loop about to
 * reach silence) is stored as 0 without counting: Java cannot set the CPU's flush-to-zero mode,
 * and a loop left to decay through the subnormal range would compute with them, up to a hundred
 * times slower, for the dozens of blocks it takes to underflow. Every normal value passes
 * unchanged.
 *
 * <p>Filled with the plan on the control side ({@link #begin}, {@link #add}); run by the RT thread.
 */
final class FeedbackCopies {

    private static final FeedbackLine[] NO_LINES = {};
    private static final float[][] NO_BUFFERS = {};

    private FeedbackLine[] lines = NO_LINES;
    /** Per line, the buffer the source writes its output into in this plan. */
    private float[][] sources = NO_BUFFERS;
    private int count;
    private int previousCount;

    void begin() {
        previousCount = count;
        count = 0;
    }

    void add(FeedbackLine line, float[] source) {
        if (count == lines.length) {
            int capacity = Math.max(4, count * 2);
            lines = Arrays.copyOf(lines, capacity);
            sources = Arrays.copyOf(sources, capacity);
        }
        if (lines[count] != line) {
            lines[count] = line;
        }
        if (sources[count] != source) {
            sources[count] = source;
        }
        count++;
    }

    /** Forgets lines of the previous fill beyond this one, so that cut loops are not kept reachable. */
    void seal() {
        for (int k = count; k < previousCount; k++) {
            lines[k] = null;
            sources[k] = null;
        }
        previousCount = 0;
    }

    int count() {
        return count;
    }

    FeedbackLine line(int k) {
        return lines[k];
    }

    float[] source(int k) {
        return sources[k];
    }

    /**
     * Copies every source's output of this block into its line. RT thread, after every node ran.
     *
     * @return the number of non-finite samples stored as 0
     */
    int copy(int frames) {
        int bad = 0;
        for (int k = 0, n = count; k < n; k++) {
            final float[] src = sources[k];
            final float[] dst = lines[k].buffer;
            for (int i = 0; i < frames; i++) {
                float v = src[i];
                final float a = Math.abs(v);
                if (!(a < Float.POSITIVE_INFINITY)) { // NaN (every comparison is false) or an infinity
                    v = 0f;
                    bad++;
                } else if (a < Float.MIN_NORMAL) {
                    v = 0f;
                }
                dst[i] = v;
            }
        }
        return bad;
    }
}
