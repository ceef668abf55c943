package org.aetherdsp.core;

import java.lang.management.ManagementFactory;

/** Reads the current thread's allocated bytes (HotSpot's ThreadMXBean extension). */
public final class Allocation {
    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    /** @return bytes allocated so far by the calling thread */
    public static long current() {
        return BEAN.getCurrentThreadAllocatedBytes();
    }

    /**
     * @param thread a live thread's id
     * @return bytes allocated so far by that thread
     */
    public static long of(long thread) {
        return BEAN.getThreadAllocatedBytes(thread);
    }

    /**
     * @param work what to measure; always called through this one method so that the JIT
     *             compiles one call site (the first rounds may still show a few hundred bytes)
     * @return bytes the calling thread allocated while running it
     */
    public static long measure(Runnable work) {
        long before = BEAN.getCurrentThreadAllocatedBytes();
        work.run();
        return BEAN.getCurrentThreadAllocatedBytes() - before;
    }
}
