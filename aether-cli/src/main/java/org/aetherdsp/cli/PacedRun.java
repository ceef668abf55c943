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
 * time beyond its range is recorded as the range's top. The score, if any, runs before each
 * block's timing starts, on this thread, as a driver's control callback would.
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
    record Result(Histogram times, long overBudget, long lateStarts, boolean abandoned) {
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
        long frame = firstFrame;
        long over = 0;
        long late = 0;
        long next = System.nanoTime();
        for (long b = 0; b < blocks; b++) {
            if (score != null) {
                score.beforeBlock(engine, frame);
            }
            long start = System.nanoTime();
            engine.process(host);
            long t = System.nanoTime() - start;
            times.recordValue(Math.min(t, HIGHEST_NANOS));
            if (t > budgetNanos && ++over > maxOver) {
                return new Result(times, over, late, true);
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
        return new Result(times, over, late, false);
    }
}
