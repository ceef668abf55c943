package org.aetherdsp.testkit;

import java.lang.management.ManagementFactory;

/**
 * Reads how many bytes a thread has allocated (HotSpot's
 * {@code com.sun.management.ThreadMXBean}), the measurement behind every zero-allocation
 * claim in Aether.
 *
 * <p>Measure in rounds through one call site ({@link #measure}) and judge the later rounds:
 * the first rounds of a fresh loop include class loading and JIT work. Even later, HotSpot
 * can charge a thread a few hundred bytes once when that thread triggers a C2 compilation:
 * the first C2 compilation of any method of a class resolves all of that class's string
 * constants on the requesting thread (about 60 bytes a constant). That is warm-up, not a
 * per-block allocation, which is why {@link #steadyState} asks for consecutive zero rounds
 * rather than every round being zero; keeping the measured loop in a small class without
 * string constants (not in the test class with its messages) removes the loop's own charge.
 * On a loaded machine the first C2 compilation of a class can come after a quiet round, so
 * "the rounds after the first zero one" is not a steady state.
 */
public final class AllocationProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationProbe() {
    }

    /** @return bytes allocated so far by the calling thread */
    public static long currentThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * For threads the caller does not run on, such as an engine's helper workers: read before
     * and after, and judge the difference as for {@link #measure}.
     *
     * @param thread a live thread
     * @return bytes allocated so far by that thread
     */
    public static long allocatedBy(Thread thread) {
        return THREADS.getThreadAllocatedBytes(thread.getId());
    }

    /**
     * @param work what to measure
     * @return bytes the calling thread allocated while running it
     */
    public static long measure(Runnable work) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        work.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * Runs {@code round} repeatedly until {@code zeroRounds} consecutive rounds allocate
     * nothing, giving up after {@code maxRounds}.
     *
     * @param round      one round of work (e.g. thousands of blocks)
     * @param zeroRounds consecutive allocation-free rounds required
     * @param maxRounds  rounds at most
     * @return bytes per round, in order; steady state was reached if the last
     *         {@code zeroRounds} entries are 0
     */
    public static long[] steadyState(Runnable round, int zeroRounds, int maxRounds) {
        long[] bytes = new long[maxRounds];
        int zeros = 0;
        int r = 0;
        while (r < maxRounds && zeros < zeroRounds) {
            bytes[r] = measure(round);
            zeros = bytes[r] == 0 ? zeros + 1 : 0;
            r++;
        }
        return java.util.Arrays.copyOf(bytes, r);
    }
}
