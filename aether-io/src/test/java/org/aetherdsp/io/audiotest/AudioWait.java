package org.aetherdsp.io.audiotest;

import java.time.Duration;
import org.aetherdsp.io.driver.AudioDriver;

/**
 * Waits for audio, not for wall-clock time: a sound server on a loaded machine runs behind the
 * clock (the dummy JACK backend skips cycles, a PulseAudio sink drains late), so a test that
 * sleeps a fixed time gets fewer frames than it judges.
 */
public final class AudioWait {

    private AudioWait() {
    }

    /**
     * Returns once {@code driver} has written {@code frames} frames, or stopped running.
     *
     * @param driver  a started driver
     * @param frames  frames to wait for
     * @param timeout the longest wait
     * @throws AssertionError if they did not come in time, saying how many did
     */
    public static void untilWritten(AudioDriver driver, long frames, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (driver.stats().frames() < frames && driver.isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the driver wrote only " + driver.stats().frames() + " of " + frames
                        + " frames in " + timeout.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }
}
