package org.aetherdsp.io.driver;

/**
 * Something that calls {@link org.aetherdsp.core.engine.Engine#process} in real time and
 * sends the result to an audio device: the JACK process callback, or a javax.sound writer
 * thread.
 *
 * <p>{@link #start} and {@link #close} are control-thread methods. The driver's own thread
 * (the RT thread) only renders: it never allocates, locks or logs, and it is the only thread
 * that calls {@code Engine.process} while the driver runs.
 */
public interface AudioDriver extends AutoCloseable {

    /**
     * Starts real-time playback. Control thread.
     *
     * @throws DriverException if the device or server cannot be opened, or does not fit the
     *                         engine (sample rate); the message names what and why
     */
    void start();

    /**
     * Stops playback and releases the device; the RT thread has left {@code Engine.process}
     * when this returns. Idempotent. Control thread.
     */
    @Override
    void close();

    /** @return whether the driver is running (false before start, after close, or once the device went away) */
    boolean isRunning();

    /** @return counters since start; any thread */
    DriverStats stats();

    /** @return a one-line description: device, rate, buffer size, block adaptation and its latency */
    String describe();

    /**
     * How many frames a host input sample takes to reach the output, beyond the device's own
     * buffering: the engine's ({@link org.aetherdsp.core.engine.Engine#latencyFrames()}, 0) plus
     * the driver's block adaptation. Any thread.
     *
     * @return frames; 0 for a driver without input, and when the device buffer is a multiple of the block
     */
    default int inputLatencyFrames() {
        return 0;
    }
}
