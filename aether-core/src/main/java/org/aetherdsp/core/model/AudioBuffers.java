package org.aetherdsp.core.model;

import java.util.Arrays;

/**
 * The audio buffers every plan of one {@link PlanCompiler} shares (only one plan runs at a time,
 * and no signal lives from one block to the next), handed out in execution order like
 * registers: one free list per cluster (one in all for a serial plan), so a buffer given back by
 * one cluster is only ever taken again by that cluster, and the buffer given back last is the
 * next one taken (warm in cache). Control thread.
 */
final class AudioBuffers {

    private final int blockSize;
    /** Plan buffer {@code i} is {@code audio[i]}. */
    private float[][] audio = new float[8][];
    private int count;
    /** Per free list (cluster), its most recently given buffer, or -1. */
    private int[] freeHead = new int[1];
    /** Per buffer, the next one in its free list, or -1. */
    private int[] nextFree = new int[0];
    private int used;
    private int list;

    AudioBuffers(int blockSize) {
        this.blockSize = blockSize;
    }

    /** Starts a plan with this many free lists, all empty, and no buffer used. */
    void begin(int freeLists) {
        freeHead = PlanCompiler.atLeast(freeHead, freeLists);
        Arrays.fill(freeHead, 0, freeLists, -1);
        used = 0;
        list = 0;
    }

    /** The free list that the next {@link #take} and {@link #give} use. */
    void useList(int freeList) {
        list = freeList;
    }

    /** @return a buffer from the current free list, or a buffer no node of this plan has used yet */
    int take() {
        int head = freeHead[list];
        if (head != -1) {
            freeHead[list] = nextFree[head];
            return head;
        }
        int b = used++;
        if (b == count) {
            if (count == audio.length) {
                audio = Arrays.copyOf(audio, count * 2);
            }
            audio[count++] = new float[blockSize];
            nextFree = PlanCompiler.atLeast(nextFree, count);
        }
        return b;
    }

    /** Gives a buffer back to the current free list. */
    void give(int b) {
        nextFree[b] = freeHead[list];
        freeHead[list] = b;
    }

    float[] buffer(int b) {
        return audio[b];
    }

    /** @return how many buffers the plan being filled uses */
    int used() {
        return used;
    }
}
