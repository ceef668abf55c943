package org.aetherdsp.core.rt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the RT thread (worker 0) hands a block of a parallel plan to the helper workers, and
 * the only part of their code that runs while a block is in flight.
 *
 * <p>Protocol: worker 0 opens the plan's claim word for block {@code s}, stores the plan, then
 * stores {@code sequence = s} (volatile: a release that publishes the plan, the commands
 * applied before the block and the block context's position, which the nodes' contexts read). A helper that sees a new sequence
 * calls {@link #help}, claims clusters until none is left, and goes back to its idle wait,
 * which lives outside this package (the engine's worker threads): it may park, because worker
 * 0 never waits for an idle helper. Worker 0 claims clusters itself and then waits only for
 * clusters that a helper has already claimed, that is, for computation in progress.
 *
 * <p>Nothing here allocates, locks or blocks; the waits are bounded spins on work that another
 * awake thread is doing.
 */
public final class BlockHandoff {

    private final AtomicLong helperClusters = new AtomicLong();
    private volatile Plan plan;
    private volatile int sequence;
    private volatile long blockStartNanos;

    private final BlockContext block;

    BlockHandoff(BlockContext block) {
        this.block = block;
    }

    /**
     * A context of its own for a helper worker, which it passes to every {@link #help} call.
     * Control thread, once per helper, before it starts.
     *
     * @return the context
     */
    public NodeContext workerContext() {
        return new NodeContext(block);
    }

    /** @return the sequence number of the latest parallel block (0 before the first) */
    public int sequence() {
        return sequence;
    }

    /** @return {@link System#nanoTime()} at the start of the latest parallel block, for a helper's pacing */
    public long blockStartNanos() {
        return blockStartNanos;
    }

    /** @return clusters that helper workers (not the RT thread) have run since the engine was built */
    public long helperClusters() {
        return helperClusters.get();
    }

    /**
     * Runs what is left of block {@code seq}, if it is still in flight. Helper worker thread.
     *
     * @param seq    the sequence the helper saw
     * @param worker the helper's own context ({@link #workerContext})
     */
    public void help(int seq, NodeContext worker) {
        // Read after the sequence: the plan of block seq or of a later one. A later plan's claim
        // word carries another sequence, so work() then takes nothing.
        Plan p = plan;
        if (p != null) {
            int ran = p.work(seq, worker);
            if (ran != 0) {
                helperClusters.getAndAdd(ran);
            }
        }
    }

    /**
     * Runs one block of a parallel plan with whatever helpers are awake. Worker 0.
     *
     * @return the number of nodes that faulted
     */
    int run(Plan p, long startNanos, NodeContext worker) {
        int s = sequence + 1;
        if (s == 0) {
            s = 1; // 0 means "never run" in a new or refilled plan's progress words
        }
        p.open(s);
        plan = p;
        blockStartNanos = startNanos;
        sequence = s;
        p.work(s, worker);
        return p.awaitBlock();
    }
}
