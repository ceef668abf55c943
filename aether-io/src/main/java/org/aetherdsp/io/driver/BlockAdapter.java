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
 *
 * <h2>Input</h2>
 * For an engine with host input channels, {@link #render(float[][], int, float[][], int, int)}
 * takes the device's input frames beside its output. A block needs all its input frames
 * before it runs. When the buffer is a multiple of the block, every block's input arrived in
 * the same callback: input and output stay aligned frame for frame, with no added latency. Any
 * other size renders a block before the rest of its input has arrived, so the input is delayed
 * by {@link #inputLatencyFrames} ({@code blockSize - gcd(buffer, blockSize)}, the same bound as
 * for timed input) through a FIFO: the output at device frame t is the engine's processing of
 * the device input at frame {@code t - latency}.
 */
public final class BlockAdapter {

    private final Engine engine;
    private final int blockSize;
    private final float[][] block;
    /** Next unread frame of {@link #block}; {@code blockSize} when used up. */
    private int position;
    private long rendered;
    private final BlockHook hook;
    /** Input FIFO, one ring per host input channel (empty without input channels). */
    private final float[][] ring;
    private final int ringMask;
    /** The block of input the engine reads. */
    private final float[][] inBlock;
    /** Frames written to and read from the rings so far (their difference is what they hold). */
    private long written;
    private long read;
    /** The device buffer the input delay is set for, and that delay. */
    private int inputPeriod = -1;
    private int inputLatency;
    /** Blocks that found less input than they needed (only if the device broke its own buffer size). */
    private long inputUnderruns;

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
        int inputs = engine.inputChannels();
        // Room for the largest JACK buffer plus the delay and a block in flight.
        int capacity = Integer.highestOneBit(8192 + 2 * blockSize) * 2;
        this.ring = new float[inputs][inputs == 0 ? 0 : capacity];
        this.ringMask = capacity - 1;
        this.inBlock = new float[inputs][blockSize];
    }

    /**
     * Sets the device's buffer size, which fixes the input delay ({@link #inputLatencyFrames}).
     * RT thread (the device callback), at the start of a cycle; allocation-free. When it
     * changes, the FIFO is padded with silence or skips frames to the new delay at once.
     *
     * @param bufferFrames the frames of this device cycle
     */
    public void period(int bufferFrames) {
        if (bufferFrames == inputPeriod) {
            return;
        }
        inputPeriod = bufferFrames;
        inputLatency = eventLatencyFrames(bufferFrames, blockSize);
        // At the start of a cycle the FIFO must hold (delay - frames rendered ahead): see the class comment.
        long want = Math.max(0, inputLatency - pendingFrames());
        long held = written - read;
        for (long k = held; k < want; k++) {
            for (float[] r : ring) {
                r[(int) (written & ringMask)] = 0f;
            }
            written++;
        }
        if (held > want) {
            read += held - want;
        }
    }

    /** @return frames the input is delayed by for the current buffer size (0 when it is a multiple of the block) */
    public int inputLatencyFrames() {
        return inputLatency;
    }

    /** @return blocks that ran with less input than they needed (0 unless a device broke its buffer size) */
    public long inputUnderruns() {
        return inputUnderruns;
    }

    /**
     * Takes {@code frames} frames of device input and writes the next {@code frames} frames of
     * every host channel, rendering blocks as needed. RT thread; allocation-free. Call
     * {@link #period} first in each device cycle.
     *
     * @param src       one array per host input channel (missing channels, or null, are silence)
     * @param srcOffset first frame to read in each array
     * @param dst       one array per host output channel
     * @param offset    first frame to write in each array
     * @param frames    how many frames, at most 8192 per call
     */
    public void render(float[][] src, int srcOffset, float[][] dst, int offset, int frames) {
        if (inputPeriod < 0) {
            period(frames);
        }
        final float[][] r = ring;
        for (int c = 0; c < r.length; c++) {
            float[] from = src != null && c < src.length ? src[c] : null;
            int at = (int) (written & ringMask);
            int first = Math.min(frames, r[c].length - at);
            if (from != null) {
                System.arraycopy(from, srcOffset, r[c], at, first);
                System.arraycopy(from, srcOffset + first, r[c], 0, frames - first);
            } else {
                java.util.Arrays.fill(r[c], at, at + first, 0f);
                java.util.Arrays.fill(r[c], 0, frames - first, 0f);
            }
        }
        written += frames;
        render(dst, offset, frames);
    }

    /** Moves one block of input from the FIFO to {@link #inBlock}. RT thread. */
    private void pullInput() {
        final float[][] r = ring;
        if (r.length == 0) {
            return;
        }
        long available = written - read;
        int n = (int) Math.min(blockSize, available);
        if (n < blockSize && written != 0) { // never fed (an output-only device): silence, not an underrun
            inputUnderruns++;
        }
        int at = (int) (read & ringMask);
        int first = Math.min(n, ringMask + 1 - at);
        for (int c = 0; c < r.length; c++) {
            System.arraycopy(r[c], at, inBlock[c], 0, first);
            System.arraycopy(r[c], 0, inBlock[c], first, n - first);
            if (n < blockSize) {
                java.util.Arrays.fill(inBlock[c], n, blockSize, 0f);
            }
        }
        read += n;
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
                if (inBlock.length != 0) {
                    pullInput();
                    engine.process(inBlock, block);
                } else {
                    engine.process(block);
                }
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
