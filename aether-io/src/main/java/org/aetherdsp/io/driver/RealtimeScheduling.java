package org.aetherdsp.io.driver;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Puts the calling thread under the operating system's real-time scheduling, as audio
 * servers do with their process threads: on Linux, {@code SCHED_FIFO} at a given priority, so
 * that no ordinary thread (the control thread compiling plans, the JIT, the collector's
 * concurrent threads) can preempt it. Java has no API for this; the call goes to libc's
 * {@code sched_setscheduler} through JNA.
 *
 * <p>It needs the right to do so: root, {@code CAP_SYS_NICE}, or an {@code rtprio} limit
 * (as {@code /etc/security/limits.d/audio.conf} grants the audio group). Call it once, from
 * the thread that will run {@code Engine.process}, before the first block. A thread that
 * spins under {@code SCHED_FIFO} can starve its CPU: the engine never spins on the RT thread
 * except to wait for helper workers' clusters, which run on other cores.
 */
public final class RealtimeScheduling {

    private static final int SCHED_FIFO = 1;
    private static final boolean BOUND = bind();

    private RealtimeScheduling() {
    }

    private static native int sched_setscheduler(int pid, int policy, int[] param);

    private static native int sched_getscheduler(int pid);

    private static boolean bind() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Native.register(RealtimeScheduling.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /**
     * Switches the calling thread to {@code SCHED_FIFO}.
     *
     * @param priority 1 (lowest) to 99 (highest); JACK's default for its clients is about 70
     * @return null if it took effect, else why not (a sentence naming the cause)
     * @throws IllegalArgumentException if the priority is outside 1..99
     */
    public static String setFifo(int priority) {
        checkPriority(priority);
        if (!BOUND) {
            return "real-time scheduling is only available on Linux with libc reachable through JNA";
        }
        // pid 0: the calling thread (Linux schedules threads, and sched_setscheduler takes a thread id).
        if (sched_setscheduler(0, SCHED_FIFO, new int[] {priority}) != 0) {
            int errno = Native.getLastError();
            return "sched_setscheduler(SCHED_FIFO, " + priority + ") failed with errno " + errno
                    + (errno == 1 ? " (EPERM: needs root, CAP_SYS_NICE or an rtprio limit)" : "");
        }
        return null;
    }

    /**
     * @param priority a real-time priority
     * @return the priority, if it lies within 1..99
     * @throws IllegalArgumentException if it does not, naming it
     */
    public static int checkPriority(int priority) {
        if (priority < 1 || priority > 99) {
            throw new IllegalArgumentException("SCHED_FIFO priority must be within 1..99, got " + priority);
        }
        return priority;
    }

    /** @return whether the calling thread runs under {@code SCHED_FIFO} */
    public static boolean isFifo() {
        return BOUND && sched_getscheduler(0) == SCHED_FIFO;
    }
}
