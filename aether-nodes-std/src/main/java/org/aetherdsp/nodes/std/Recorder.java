package org.aetherdsp.nodes.std;

/**
 * The control-side view of a recorder ({@link StereoRecorder}, node type {@code std.record}):
 * the RT thread captures every block into a preallocated ring, and the control side drains
 * it. Reach it with {@code engine.nodeAs(handle, Recorder.class)}.
 *
 * <p>Every method is safe to call from control threads while the node runs and never makes
 * the RT thread wait. The RT thread never blocks either: when the ring is full it drops the
 * frames it cannot store (the newest ones) and counts them in {@link #dropped()}; what is
 * in the ring is never overwritten before it has been drained.
 *
 * <p>Writing a WAV file is the caller's job, with {@code org.aetherdsp.io.WavWriter}:
 * <pre>{@code
 * Recorder rec = engine.nodeAs(recorderHandle, Recorder.class);
 * float[][] chunk = new float[2][4096];
 * try (WavWriter wav = WavWriter.open(path, sampleRate, 2, WavFormat.PCM_24)) {
 *     while (recording) {
 *         int n = rec.drain(chunk, 4096);     // whatever has arrived, up to 4096 frames
 *         if (n > 0) {
 *             wav.write(chunk, n);
 *         } else {
 *             Thread.sleep(10);               // a fraction of the ring's capacity
 *         }
 *     }
 *     rec.stop();                             // from the next block on, nothing more arrives
 *     for (int n; (n = rec.drain(chunk, 4096)) > 0; ) {
 *         wav.write(chunk, n);                // the tail (wait a block first to get all of it)
 *     }
 * }
 * if (rec.dropped() > 0) { ... the file has gaps: drain more often ... }
 * }</pre>
 */
public interface Recorder {

    /**
     * Copies the oldest captured frames out of the ring and frees their space. Call it from
     * one control thread at a time (concurrent calls are serialised on a lock the RT thread
     * never touches).
     *
     * @param dst       {@code dst[0]} receives the left channel, {@code dst[1]} the right,
     *                  from index 0; each at least {@code maxFrames} long
     * @param maxFrames the most frames to copy
     * @return the number of frames copied, 0 if nothing is waiting
     * @throws IllegalArgumentException if {@code dst} has fewer than 2 channels, a channel
     *                                  is shorter than {@code maxFrames}, or {@code maxFrames < 0}
     */
    int drain(float[][] dst, int maxFrames);

    /** @return how many frames are waiting to be drained */
    int available();

    /** @return how many frames the ring holds (at least 10 s at the prepared sample rate: the next power of two) */
    int capacity();

    /**
     * @return how many frames the RT thread could not store because the ring was full,
     *         since the node was prepared
     */
    long dropped();

    /** Resumes capturing, from the start of the next block the node processes. */
    void start();

    /**
     * Pauses capturing, from the start of the next block the node processes. What is in
     * the ring stays there to be drained; the audio still passes through.
     */
    void stop();

    /** @return whether the node is capturing (the default after it is created) */
    boolean isRecording();
}
