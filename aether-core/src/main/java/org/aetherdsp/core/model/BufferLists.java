package org.aetherdsp.core.model;

import java.util.Arrays;

/**
 * The per-node buffer lists plans hold ({@code float[][]} of a node's inputs, outputs, a
 * fan-in's sources, a channel's sources), pooled by length: a node's lists have the
 * lengths of its port counts, so the lists a plan hands back fit the next plan of a similar
 * graph. Short lists sit in one stack per length; the few long ones (a host channel that
 * sums a hundred outputs) in one small list searched by length.
 */
final class BufferLists {
    private static final float[][] NO_BUFFERS = new float[0][];
    private static final int SHORT = 64;
    private static final int MAX_LONG = 64;
    private final float[][][][] free = new float[SHORT + 1][][][];
    private final int[] top = new int[SHORT + 1];
    private final float[][][] longLists = new float[MAX_LONG][][];
    private int longCount;

    /**
     * @param held   the list a plan position held before, or null
     * @param length the length needed there now
     * @return {@code held} if it has that length, else a pooled list (and {@code held} goes back)
     */
    float[][] reuse(float[][] held, int length) {
        if (held != null) {
            if (held.length == length) {
                return held;
            }
            give(held);
        }
        return take(length);
    }

    float[][] take(int length) {
        if (length == 0) {
            return NO_BUFFERS;
        }
        if (length <= SHORT) {
            if (top[length] > 0) {
                float[][] list = free[length][--top[length]];
                free[length][top[length]] = null;
                return list;
            }
        } else {
            for (int i = 0; i < longCount; i++) {
                float[][] list = longLists[i];
                if (list.length == length) {
                    longLists[i] = longLists[--longCount];
                    longLists[longCount] = null;
                    return list;
                }
            }
        }
        return new float[length][];
    }

    void give(float[][] list) {
        int length = list.length;
        if (length == 0) {
            return;
        }
        if (length > SHORT) {
            if (longCount < MAX_LONG) {
                longLists[longCount++] = list;
            }
            return;
        }
        float[][][] stack = free[length];
        if (stack == null) {
            stack = free[length] = new float[16][][];
        } else if (top[length] == stack.length) {
            stack = free[length] = Arrays.copyOf(stack, stack.length * 2);
        }
        stack[top[length]++] = list;
    }
}
