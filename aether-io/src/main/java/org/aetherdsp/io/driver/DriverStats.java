package org.aetherdsp.io.driver;

/**
 * What a driver has done since it started: a control-side copy of its RT counters.
 *
 * @param callbacks  device callbacks (JACK cycles, or buffers written)
 * @param frames     frames delivered to the device
 * @param xruns      over- or underruns the device reported (JACK's xrun callback), or that the
 *                   writer detected (a write that found the line's buffer already empty)
 * @param busyNanos  time spent rendering inside callbacks
 * @param wallNanos  wall-clock time since start
 */
public record DriverStats(long callbacks, long frames, long xruns, long busyNanos, long wallNanos) {

    /** @return busy time as a fraction of wall-clock time (0..1, or more when overloaded) */
    public double cpuShare() {
        return wallNanos <= 0 ? 0 : (double) busyNanos / wallNanos;
    }
}
