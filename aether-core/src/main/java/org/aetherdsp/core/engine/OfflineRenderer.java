package org.aetherdsp.core.engine;

import java.io.IOException;

/**
 * Drives an engine as fast as the machine allows: the calling thread is both the control
 * thread (between blocks, in {@link BlockListener}) and the RT thread (in
 * {@link Engine#process}).
 */
public final class OfflineRenderer {

    /** Receives each rendered block, e.g. to write it to a file. */
    @FunctionalInterface
    public interface BlockSink {
        /**
         * @param block  one array per host channel
         * @param frames how many leading frames are valid (the last block may be partial)
         * @throws IOException if writing fails; rendering stops
         */
        void accept(float[][] block, int frames) throws IOException;
    }

    /** Called before each block, on the rendering thread: the place for scripted edits and automation. */
    @FunctionalInterface
    public interface BlockListener {
        /**
         * @param engine the engine
         * @param frame  the position of the block about to be rendered, in frames
         */
        void beforeBlock(Engine engine, long frame);
    }

    /**
     * What a render did.
     *
     * @param frames     frames rendered
     * @param wallNanos  wall-clock time it took
     * @param sampleRate the engine's sample rate
     */
    public record Result(long frames, long wallNanos, float sampleRate) {
        /** @return seconds of audio rendered per second of wall-clock time */
        public double realTimeFactor() {
            return wallNanos == 0 ? Double.POSITIVE_INFINITY : (frames / (double) sampleRate) / (wallNanos / 1e9);
        }

        /** @return seconds of audio rendered */
        public double seconds() {
            return frames / (double) sampleRate;
        }
    }

    private OfflineRenderer() {
    }

    /**
     * Renders {@code frames} frames.
     *
     * @param engine   the engine to drive
     * @param frames   how many frames to render, not negative
     * @param listener called before each block, or null
     * @param sink     receives each block, or null
     * @return timing of the render
     * @throws IOException if the sink fails
     */
    public static Result render(Engine engine, long frames, BlockListener listener, BlockSink sink) throws IOException {
        if (frames < 0) {
            throw new IllegalArgumentException("frames must not be negative, got " + frames);
        }
        int block = engine.blockSize();
        float[][] host = new float[engine.outputChannels()][block];
        long start = System.nanoTime();
        for (long done = 0; done < frames; done += block) {
            if (listener != null) {
                listener.beforeBlock(engine, done);
            }
            engine.process(host);
            if (sink != null) {
                sink.accept(host, (int) Math.min(block, frames - done));
            }
        }
        return new Result(frames, System.nanoTime() - start, engine.sampleRate());
    }

    /**
     * Processes recorded input through the engine (an effect patch over a file): block after
     * block, host input channel c reads {@code input[c]}, or with one input array (mono) every
     * host input channel reads it; past the input's end the input is silence, so a tail longer
     * than 0 lets delays and reverbs ring out. Exactly what calling
     * {@link Engine#process(float[][], float[][])} with the same samples, block by block, gives.
     * Allocates two block buffers per call, nothing per block.
     *
     * @param engine      the engine, built with {@link Engine.Builder#inputChannels}
     * @param input       one array per channel, each at least {@code inputFrames} long
     * @param inputFrames frames of input
     * @param tailFrames  frames rendered after the input ends, not negative
     * @param listener    called before each block, or null
     * @param sink        receives each block (of {@code inputFrames + tailFrames} in all), or null
     * @return timing of the render
     * @throws IllegalArgumentException if the channel count fits neither the engine's input
     *                                  channels nor 1 (the message gives both counts), or a length is wrong
     * @throws IOException              if the sink fails
     */
    public static Result process(Engine engine, float[][] input, int inputFrames, long tailFrames, BlockListener listener,
                                 BlockSink sink) throws IOException {
        int inputs = engine.inputChannels();
        if (input.length != inputs && input.length != 1 || inputs == 0) {
            throw new IllegalArgumentException("the input has " + input.length + " channel" + (input.length == 1 ? "" : "s")
                    + "; the patch reads " + inputs + " input channel" + (inputs == 1 ? "" : "s")
                    + (inputs == 0 ? " (connect \"in.0\" to a node)" : " (give it " + inputs + " channels, or 1 to feed all)"));
        }
        if (inputFrames < 0 || tailFrames < 0) {
            throw new IllegalArgumentException("input and tail frames must not be negative, got " + inputFrames + ", " + tailFrames);
        }
        for (float[] ch : input) {
            if (ch.length < inputFrames) {
                throw new IllegalArgumentException("an input channel has " + ch.length + " frames, fewer than " + inputFrames);
            }
        }
        int block = engine.blockSize();
        float[][] host = new float[engine.outputChannels()][block];
        float[][] in = new float[inputs][];
        float[] mono = input.length == 1 ? new float[block] : null;
        for (int c = 0; c < inputs; c++) {
            in[c] = mono != null ? mono : new float[block]; // a mono file: every channel reads one buffer
        }
        final int sources = mono != null ? 1 : inputs;
        long frames = inputFrames + tailFrames;
        long start = System.nanoTime();
        for (long done = 0; done < frames; done += block) {
            if (listener != null) {
                listener.beforeBlock(engine, done);
            }
            int have = (int) Math.max(0, Math.min(block, inputFrames - done));
            for (int c = 0; c < sources; c++) {
                float[] dst = in[c];
                if (have > 0) {
                    System.arraycopy(input[c], (int) done, dst, 0, have);
                }
                if (have < block) {
                    java.util.Arrays.fill(dst, have, block, 0f);
                }
            }
            engine.process(in, host);
            if (sink != null) {
                sink.accept(host, (int) Math.min(block, frames - done));
            }
        }
        return new Result(frames, System.nanoTime() - start, engine.sampleRate());
    }

    /**
     * Renders {@code frames} frames into memory.
     *
     * @param engine   the engine to drive
     * @param frames   how many frames, at most {@link Integer#MAX_VALUE}
     * @param listener called before each block, or null
     * @return one array per host channel, {@code frames} long
     */
    public static float[][] renderToArrays(Engine engine, int frames, BlockListener listener) {
        float[][] out = new float[engine.outputChannels()][frames];
        int[] pos = {0};
        try {
            render(engine, frames, listener, (block, n) -> {
                for (int ch = 0; ch < out.length; ch++) {
                    System.arraycopy(block[ch], 0, out[ch], pos[0], n);
                }
                pos[0] += n;
            });
        } catch (IOException e) {
            throw new AssertionError("in-memory sink cannot fail", e);
        }
        return out;
    }
}
