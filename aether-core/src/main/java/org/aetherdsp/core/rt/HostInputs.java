package org.aetherdsp.core.rt;

import java.util.Arrays;

/**
 * The engine's host input buffers: one block per input channel, shared by every plan (like the
 * silent buffer), into which each block's host input is copied once before the plan runs. Nodes
 * whose input ports are routed from a host channel read these buffers directly (or through a
 * fan-in sum), so an input route costs one copy of the channel per block, whatever the number
 * of readers. The buffers are never recycled by the plan's liveness allocator: they hold the
 * host's samples for the whole block.
 *
 * <p>Why a copy and not the host's own arrays: plans are immutable and hold their buffer
 * references; pointing them at the driver's arrays, which may change from call to call, would
 * mean rewriting the plan on the RT thread.
 */
public final class HostInputs {

    private static final String TOO_SHORT = "a host input buffer is shorter than the engine's block size";

    private final float[][] buffers;
    private final int frames;
    /** Channels from this one up hold silence (so silent input is not re-zeroed every block). */
    private int silentFrom;

    /**
     * @param channels   host input channels, 0 or more
     * @param blockSize  frames per block
     */
    public HostInputs(int channels, int blockSize) {
        this.buffers = new float[channels][blockSize];
        this.frames = blockSize;
    }

    /** @return the per-channel buffers the plan compiler points input routes at */
    public float[][] buffers() {
        return buffers;
    }

    /** @return the number of host input channels */
    public int channels() {
        return buffers.length;
    }

    /**
     * Copies one block of host input. RT thread, before the block runs. Channels the host does
     * not give ({@code in} shorter than {@link #channels()}, or {@code in} null) are silence;
     * extra host channels are ignored.
     *
     * @param in one array per host input channel, each at least a block long, or null for silence
     * @throws IllegalArgumentException if a buffer is shorter than a block (a driver bug); nothing
     *                                  was copied
     */
    public void copyIn(float[][] in) {
        final float[][] b = buffers;
        final int given = in == null ? 0 : Math.min(in.length, b.length);
        for (int c = 0; c < given; c++) {
            if (in[c].length < frames) {
                throw new IllegalArgumentException(TOO_SHORT); // constant: no string built here
            }
        }
        for (int c = 0; c < given; c++) {
            System.arraycopy(in[c], 0, b[c], 0, frames);
        }
        for (int c = given; c < silentFrom; c++) {
            Arrays.fill(b[c], 0f);
        }
        silentFrom = given;
    }
}
