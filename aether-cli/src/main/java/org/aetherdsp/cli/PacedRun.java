package org.aetherdsp.cli;

import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;

/**
 * Runs an engine block by block on the calling thread, paced to the block deadline as a
 * sound card would pace it, and records every block's processing time.
 *
 * <p>The loop allocates nothing itself: the histogram is sized before it starts, and a block
 * time beyond its range is recorded as the range's top.
 *
 * <p>The score, if any, runs on a control thread of its own, kept one block ahead of the paced
 * thread, as an application's automation would run. It must not run on the paced thread:
 * {@code Engine.setParam} takes the engine's lock, so while another control thread edits
 * (the edit storm compiles plans under that lock for hundreds of microseconds at a time) the
 * paced thread would wait for the lock and fall behind its schedule, which is not what a
 * real-time thread does.
 */
final class PacedRun {

    /** Longest block time the histogram resolves: 10 s. */
    private static final long HIGHEST_NANOS = 10_000_000_000L;

    /**
     * What one run measured.
     *
     * @param times       block processing times in ns (3 significant digits)
     * @param overBudget  blocks that took longer than the run's budget
     * @param lateStarts  blocks that started after their slot (the previous one overran, or the thread woke late)
     * @param abandoned   whether the run stopped early because too many blocks were over the budget
     */
    record Result(Histogram times, long overBudget, long lateStarts, boolean abandoned, ThreadSched sched) {
    }

    /**
     * What the OS scheduler did to the paced thread during a run, from Linux's
     * {@code /proc/thread-self/schedstat} and {@code status}: time spent runnable but waiting
     * for a CPU, and how often it was switched out while it still wanted to run. Null
     * elsewhere. Read before and after the run, never inside it.
     *
     * @param waitNanos            time runnable but not running
     * @param involuntarySwitches  times it was preempted
     */
    record ThreadSched(long waitNanos, long involuntarySwitches) {

        static ThreadSched now() {
            try {
                String[] schedstat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/schedstat"))
                        .trim().split("\\s+");
                long involuntary = -1;
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/thread-self/status"))) {
                    if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                        involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
                return new ThreadSched(Long.parseLong(schedstat[1]), involuntary);
            } catch (java.io.IOException | RuntimeException notLinux) {
                return null;
            }
        }

        /** @return what happened to this thread since {@code start} was read, or null if it could not be read */
        static ThreadSched since(ThreadSched start) {
            ThreadSched end = start == null ? null : now();
            return end == null ? null
                    : new ThreadSched(end.waitNanos - start.waitNanos, end.involuntarySwitches - start.involuntarySwitches);
        }
    }

    private PacedRun() {
    }

    /**
     * @param engine      the engine, already warmed up
     * @param score       control-side automation before each block, or null
     * @param firstFrame  the frame position of the first block (for the score)
     * @param blocks      blocks to run
     * @param budgetNanos a block longer than this counts as over budget
     * @param maxOver     stop once more than this many blocks are over budget ({@code Long.MAX_VALUE}: never)
     * @return the measurements
     */
    static Result run(Engine engine, OfflineRenderer.BlockListener score, long firstFrame, long blocks, long budgetNanos,
                      long maxOver) {
        Histogram times = new Histogram(HIGHEST_NANOS, 3);
        float[][] host = new float[engine.outputChannels()][engine.blockSize()];
        long deadline = engine.deadlineNanos();
        int block = engine.blockSize();
        Automation automation = score == null ? null : new Automation(engine, score, firstFrame);
        try {
            return paced(engine, automation, firstFrame, blocks, budgetNanos, maxOver, times, host, deadline, block);
        } finally {
            if (automation != null) {
                automation.stop();
            }
        }
    }

    private static Result paced(Engine engine, Automation automation, long firstFrame, long blocks, long budgetNanos,
                                long maxOver, Histogram times, float[][] host, long deadline, int block) {
        long frame = firstFrame;
        long over = 0;
        long late = 0;
        ThreadSched sched = ThreadSched.now();
        long next = System.nanoTime();
        for (long b = 0; b < blocks; b++) {
            if (automation != null) {
                automation.reached(frame);
            }
            long start = System.nanoTime();
            engine.process(host);
            long t = System.nanoTime() - start;
            times.recordValue(Math.min(t, HIGHEST_NANOS));
            if (t > budgetNanos && ++over > maxOver) {
                return new Result(times, over, late, true, ThreadSched.since(sched));
            }
            frame += block;
            next += deadline;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                late++;
            }
        }
        return new Result(times, over, late, false, ThreadSched.since(sched));
    }

    /** The score's thread: applies the score for each block up to one block ahead of the paced thread. */
    private static final class Automation implements Runnable {
        private final Engine engine;
        private final OfflineRenderer.BlockListener score;
        private final Thread thread;
        private final int block;
        private final long period;
        /** The frame of the block the paced thread is about to run. */
        private volatile long reached;
        private volatile boolean stop;
        private volatile RuntimeException failure;
        private long applied;

        Automation(Engine engine, OfflineRenderer.BlockListener score, long firstFrame) {
            this.engine = engine;
            this.score = score;
            this.block = engine.blockSize();
            this.period = Math.max(1, engine.deadlineNanos() / 4);
            this.reached = firstFrame;
            this.applied = firstFrame;
            // The first blocks' automation is in place before the paced thread starts.
            score.beforeBlock(engine, applied);
            applied += block;
            this.thread = new Thread(this, "aether-automation");
            thread.setDaemon(true);
            thread.start();
        }

        /** Paced thread: about to run the block at this frame. */
        void reached(long frame) {
            reached = frame;
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    long target = reached + block; // one block ahead
                    while (applied <= target) {
                        score.beforeBlock(engine, applied);
                        applied += block;
                    }
                    LockSupport.parkNanos(period);
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        void stop() {
            stop = true;
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
