package org.aetherdsp.io.audiotest;

import org.aetherdsp.io.driver.CallbackProbe;
import org.aetherdsp.io.driver.RealtimeScheduling;

/**
 * Records, on a driver's RT thread, whether it runs under {@code SCHED_FIFO}: asked every
 * {@code every}-th callback (the answer is a system call, so not every time), so that the
 * last answer describes the thread after any change made while it already ran.
 */
public final class SchedulingProbe implements CallbackProbe {

    private final int every;
    private volatile long callbacks;
    private volatile long asked;
    private volatile boolean fifo;

    /** @param every ask every this many callbacks */
    public SchedulingProbe(int every) {
        this.every = every;
    }

    @Override
    public void enter() {
        long n = callbacks + 1;
        callbacks = n;
        if (n % every == 0) {
            fifo = RealtimeScheduling.isFifo();
            asked++;
        }
    }

    @Override
    public void exit() {
    }

    /** @return how many times the thread was asked */
    public long asked() {
        return asked;
    }

    /** @return whether the thread ran under {@code SCHED_FIFO} when last asked */
    public boolean lastSawFifo() {
        return fifo;
    }
}
