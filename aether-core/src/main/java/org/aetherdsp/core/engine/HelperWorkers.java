package org.aetherdsp.core.engine;

import java.util.concurrent.locks.LockSupport;
import org.aetherdsp.core.rt.BlockHandoff;
import org.aetherdsp.core.rt.NodeContext;

/**
 * The helper worker threads of an engine built with {@code workers(n)}, n &gt; 1: worker 0 is
 * the thread that calls {@link Engine#process}; these are workers 1 to n - 1.
 *
 * <p>While a block is in flight a helper runs {@link BlockHandoff#help}, which is real-time
 * code (in {@code core.rt}, checked by the real-time rules). Between blocks it waits here, and
 * this wait may park, which real-time code may not: that is safe because the RT thread never
 * waits for an idle helper (it claims the work itself; see {@link BlockHandoff}) and never
 * wakes one (no {@code unpark}, no lock, no system call on the RT thread). A parked helper
 * costs only the parallelism of the blocks it sleeps through.
 *
 * <p>How it waits: it spins ({@link Thread#onSpinWait}) for {@link #SPIN_NANOS} after its last
 * block, which covers back-to-back blocks (offline rendering, a driver catching up). Past that
 * it sleeps, and paces itself on the RT thread's rhythm: it measures the interval between
 * block starts and parks until {@link #WAKE_AHEAD_NANOS} before the next one is due, then
 * spins again. A helper that spun all the time would take a whole core from the control
 * thread and the JVM on a small machine; this one spins for about
 * {@code SPIN_NANOS + WAKE_AHEAD_NANOS} per block period, plus timer slack.
 */
final class HelperWorkers {

    /** Spin this long after the last block before sleeping. */
    static final long SPIN_NANOS = 50_000;
    /** Wake this long before the next block is expected (Linux timer slack is about 50 us). */
    static final long WAKE_AHEAD_NANOS = 150_000;
    /** Never sleep longer than this at once, so a faster block rhythm is picked up soon. */
    static final long MAX_PARK_NANOS = 2_000_000;
    /** After this many expected blocks that did not come, stop expecting them. */
    static final int MAX_MISSED = 8;

    private final Thread[] threads;
    private volatile boolean stopped;

    /**
     * @param start run on each helper thread before its first block (its scheduling, say), or
     *              null; if it throws, the exception goes to the thread's uncaught-exception
     *              handler and the helper works on without it
     */
    HelperWorkers(BlockHandoff handoff, int helpers, String name, Runnable start) {
        threads = new Thread[helpers];
        for (int i = 0; i < helpers; i++) {
            NodeContext own = handoff.workerContext();
            Thread t = new Thread(() -> {
                if (start != null) {
                    try {
                        start.run();
                    } catch (Throwable e) {
                        Thread self = Thread.currentThread();
                        self.getUncaughtExceptionHandler().uncaughtException(self, e);
                    }
                }
                loop(handoff, own);
            }, name + "-worker-" + (i + 1));
            t.setDaemon(true);
            threads[i] = t;
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    private void loop(BlockHandoff handoff, NodeContext own) {
        int served = handoff.sequence();
        long lastWork = System.nanoTime();
        long lastStart = 0;
        long period = 0;
        int missed = 0;
        while (!stopped) {
            int s = handoff.sequence();
            if (s != served) {
                long start = handoff.blockStartNanos();
                if (lastStart != 0 && start > lastStart) {
                    period = (start - lastStart) / (s - served); // sequences count parallel blocks
                }
                served = s;
                lastStart = start;
                missed = 0;
                handoff.help(s, own);
                lastWork = System.nanoTime();
                continue;
            }
            long now = System.nanoTime();
            if (now - lastWork < SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            if (period > 0 && missed < MAX_MISSED) {
                long due = lastStart + period;
                if (now < due - WAKE_AHEAD_NANOS) {
                    LockSupport.parkNanos(this, Math.min(due - WAKE_AHEAD_NANOS - now, MAX_PARK_NANOS));
                    continue;
                }
                if (now < due + WAKE_AHEAD_NANOS) {
                    Thread.onSpinWait(); // the block is due: wait for it awake
                    continue;
                }
                // It did not come (the RT thread paused, or ran a serial plan): expect the next one.
                lastStart += (now - lastStart) / period * period;
                missed++;
                continue;
            }
            // No rhythm to follow: sleep, and learn it again from the blocks that come.
            LockSupport.parkNanos(this, MAX_PARK_NANOS);
        }
    }

    /** @return the helper threads (for tests and diagnostics) */
    Thread[] threads() {
        return threads.clone();
    }

    /** Stops the helpers and waits for them to end. Control thread. */
    void stop() {
        stopped = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
