package org.aetherdsp.io.driver;

import org.aetherdsp.core.engine.Engine;

/**
 * Runs an engine's fixed-size blocks for a device that asks for any number of frames at a
 * time. RT thread only (except the constructor).
 *
 * <p>Blocks are rendered on demand: when the device asks for frames and the last block has
 * been used up, the next block is rendered at once. Audio therefore gets no added latency. A
 * device buffer that is a multiple of the block size runs whole blocks per callback; any
 * other size splits a block between two callbacks, so up to {@code blockSize - gcd(buffer,
 * blockSize)} frames are rendered one callback early: that is the latency added to
 * time-stamped input such as MIDI ({@link #eventLatencyFrames}), and such a callback may run
 * one block more than {@code buffer / blockSize}.
 */
public final class BlockAdapter {

    private final Engine engine;
    private final int blockSize;
    private final float[][] block;
    /** Next unread frame of {@link #block}; {@code blockSize} when used up. */
    private int position;
    private long rendered;
    private final BlockHook hook;

    /**
     * @param engine the engine to run; its {@code process} is then called only through this adapter
     */
    public BlockAdapter(Engine engine) {
        this(engine, null);
    }

    /**
     * @param engine the engine to run; its {@code process} is then called only through this adapter
     * @param hook   called before each block (null for none)
     */
    public BlockAdapter(Engine engine, BlockHook hook) {
        this.engine = engine;
        this.hook = hook;
        this.blockSize = engine.blockSize();
        this.block = new float[engine.outputChannels()][blockSize];
        this.position = blockSize;
    }

    /**
     * Writes the next {@code frames} frames of every host channel into {@code dst} from
     * {@code offset}, rendering blocks as needed. RT thread; allocation-free.
     *
     * @param dst    one array per host channel (at most the engine's channel count are written)
     * @param offset first frame to write in each array
     * @param frames how many frames
     */
    public void render(float[][] dst, int offset, int frames) {
        int channels = Math.min(dst.length, block.length);
        int done = 0;
        while (done < frames) {
            if (position == blockSize) {
                if (hook != null) {
                    hook.beforeBlock(rendered, blockSize);
                }
                engine.process(block);
                position = 0;
                rendered += blockSize;
            }
            int n = Math.min(blockSize - position, frames - done);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(block[c], position, dst[c], offset + done, n);
            }
            position += n;
            done += n;
        }
    }

    /** @return frames rendered by the engine but not yet handed to the device */
    public int pendingFrames() {
        return blockSize - position;
    }

    /** @return frames the engine has rendered so far (its sample position relative to the start) */
    public long renderedFrames() {
        return rendered;
    }

    /**
     * @param bufferFrames the device's buffer size
     * @param blockSize    the engine's block size
     * @return the most frames a block is rendered ahead of the callback that plays it:
     *         0 when the buffer is a multiple of the block, else {@code blockSize - gcd}
     */
    public static int eventLatencyFrames(int bufferFrames, int blockSize) {
        int a = bufferFrames;
        int b = blockSize;
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return blockSize - a;
    }

    /**
     * @param bufferFrames the device's buffer size
     * @param blockSize    the engine's block size
     * @return a phrase describing how blocks map to the buffer, for {@link AudioDriver#describe}
     */
    public static String describe(int bufferFrames, int blockSize) {
        int latency = eventLatencyFrames(bufferFrames, blockSize);
        if (latency == 0) {
            return bufferFrames / blockSize + " engine block(s) of " + blockSize + " per buffer, no added latency";
        }
        return "engine blocks of " + blockSize + " split across buffers of " + bufferFrames
                + ", timed input (MIDI) delayed by " + latency + " frames";
    }
}
