package org.aetherdsp.io;

/**
 * The decoded contents of a WAV file: format description plus every sample as a float,
 * one array per channel. Immutable: {@link #samples()} and {@link #channel(int)} return
 * copies.
 */
public final class WavData {
    private final int sampleRate;
    private final WavFormat format;
    private final int frames;
    private final float[][] samples;

    /** Takes ownership of {@code samples}: the reader hands over arrays nobody else holds. */
    WavData(int sampleRate, WavFormat format, int frames, float[][] samples) {
        this.sampleRate = sampleRate;
        this.format = format;
        this.frames = frames;
        this.samples = samples;
    }

    /**
     * @return frames per second
     */
    public int sampleRate() {
        return sampleRate;
    }

    /**
     * @return channel count
     */
    public int channels() {
        return samples.length;
    }

    /**
     * @return how the samples were encoded in the file
     */
    public WavFormat format() {
        return format;
    }

    /**
     * @return samples per channel
     */
    public int frames() {
        return frames;
    }

    /**
     * @return a copy of all samples, {@code [channel][frame]}; integer PCM is scaled as
     *         described on {@link WavFormat}
     */
    public float[][] samples() {
        float[][] copy = new float[samples.length][];
        for (int c = 0; c < samples.length; c++) {
            copy[c] = samples[c].clone();
        }
        return copy;
    }

    /**
     * @param channel channel index, 0-based
     * @return a copy of that channel's samples
     * @throws IndexOutOfBoundsException if there is no such channel
     */
    public float[] channel(int channel) {
        return samples[checkChannel(channel)].clone();
    }

    /**
     * @param channel channel index, 0-based
     * @param frame   frame index, 0-based
     * @return one sample
     * @throws IndexOutOfBoundsException if there is no such channel or frame
     */
    public float sample(int channel, int frame) {
        if (frame < 0 || frame >= frames) {
            throw new IndexOutOfBoundsException("frame " + frame + " out of 0.." + (frames - 1));
        }
        return samples[checkChannel(channel)][frame];
    }

    private int checkChannel(int channel) {
        if (channel < 0 || channel >= samples.length) {
            throw new IndexOutOfBoundsException("channel " + channel + " out of 0.."
                    + (samples.length - 1));
        }
        return channel;
    }

    /**
     * @return e.g. {@code WavData[48000 Hz, 2 ch, PCM_24, 96000 frames]}
     */
    @Override
    public String toString() {
        return "WavData[" + sampleRate + " Hz, " + samples.length + " ch, " + format + ", "
                + frames + " frames]";
    }
}
