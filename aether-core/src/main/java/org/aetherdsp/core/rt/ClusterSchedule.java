package org.aetherdsp.core.rt;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A plan's cluster schedule, for several workers, and the state of the block in flight.
 *
 * <p>The execution order is cut into clusters (runs of nodes, contiguous in that order, that
 * one worker runs one after the other), and each cluster lists the nodes of earlier clusters
 * it waits for. Workers claim clusters in order from one counter and start a cluster once
 * every node it waits for has run in this block. Claiming in order makes this deadlock-free: a
 * cluster only ever waits for clusters claimed before it, which are running on awake workers.
 *
 * <p>Filled on the control side with the plan ({@link #fill}, {@link #check}); the hand-off
 * counters ({@code claim}, {@code finished}, {@code progress}) belong to the RT side.
 */
final class ClusterSchedule {

    /** The most clusters a schedule may have: the count must fit its 16 bits of {@link #claim}. */
    static final int MAX_CLUSTERS = 0xffff;
    /** Longs per cache line, so that two workers publishing neighbouring clusters do not share one. */
    private static final int PAD = 8;
    /** About 20 to 50 us of {@code onSpinWait} on current x86 cores. */
    private static final int SPINS_BEFORE_YIELD = 1 << 10;

    /** Clusters of the schedule; 0 for a serial plan. */
    int count;
    /** Per cluster plus a sentinel, its first position in execution order. */
    private int[] start = new int[1];
    /** Per cluster plus a sentinel, where its pairs start in {@link #waitPairs}. */
    private int[] waitStart = new int[1];
    /**
     * Pairs (earlier cluster k, position p), cluster after cluster: a cluster reads what the node
     * at p, in k, wrote, so it waits until k has run up to p.
     */
    private int[] waitPairs = new int[0];
    /** Per position, whether another cluster waits for this node: the worker then publishes its progress. */
    private boolean[] publishAfter = new boolean[0];
    /**
     * (block sequence &lt;&lt; 32) | (clusters &lt;&lt; 16) | next cluster to claim. The cluster
     * count travels in the same word as the claim, so a worker that claims a cluster claims it
     * of the plan as this block runs it: a worker still holding this plan from an earlier block
     * (the plan may have been handed back and refilled since) finds another sequence and takes
     * nothing.
     */
    private final AtomicLong claim = new AtomicLong();
    /** Clusters finished in the block in flight. */
    private final AtomicInteger finished = new AtomicInteger();
    /** Nodes that faulted in the block in flight. */
    private final AtomicInteger blockFaults = new AtomicInteger();
    /**
     * Per cluster (every {@link #PAD}th long, one cache line each), how far it has run:
     * (block sequence &lt;&lt; 32) | (the position after the last node run), published only after
     * nodes that another cluster waits for.
     */
    private AtomicLongArray progress = new AtomicLongArray(0);

    /**
     * Takes a schedule (copied). Control thread, while the plan is being filled.
     *
     * @param clusters  clusters, from 1 to {@link #MAX_CLUSTERS}
     * @param starts    per cluster plus a sentinel, its first position
     * @param waits     per cluster plus a sentinel, where its pairs start in {@code pairs}
     * @param pairs     pairs (earlier cluster, position in it) that clusters wait for
     * @param positions the plan's node count, for the per-position flags
     */
    void fill(int clusters, int[] starts, int[] waits, int[] pairs, int positions) {
        if (clusters < 1 || clusters > MAX_CLUSTERS) {
            throw new IllegalArgumentException("a schedule has 1 to " + MAX_CLUSTERS + " clusters, not " + clusters);
        }
        int pairInts = waits[clusters];
        if (start.length < clusters + 1) {
            int capacity = Math.max(clusters + 1, start.length * 2);
            start = new int[capacity];
            waitStart = new int[capacity];
        }
        if (waitPairs.length < pairInts) {
            waitPairs = new int[Math.max(pairInts, waitPairs.length * 2)];
        }
        if (publishAfter.length < positions) {
            publishAfter = new boolean[Math.max(positions, publishAfter.length + (publishAfter.length >> 1))];
        }
        if (progress.length() < clusters * PAD) {
            progress = new AtomicLongArray(Math.max(clusters, progress.length() / PAD * 2) * PAD);
        }
        // A reused plan's progress words carry block sequences from its earlier runs; sequence 0
        // is never a block's, so no worker can mistake a cleared word for this run's progress,
        // even after the sequence counter wraps.
        for (int c = 0; c < clusters; c++) {
            progress.setPlain(c * PAD, 0L);
        }
        System.arraycopy(starts, 0, start, 0, clusters + 1);
        System.arraycopy(waits, 0, waitStart, 0, clusters + 1);
        System.arraycopy(pairs, 0, waitPairs, 0, pairInts);
        count = clusters;
    }

    /**
     * Checks that the schedule covers {@code n} positions and that each cluster waits only for
     * earlier ones, and marks the positions whose progress is published. Control thread, when
     * the plan is sealed.
     */
    void check(int n) {
        if (start[0] != 0 || start[count] != n) {
            throw new IllegalArgumentException("cluster schedule does not cover the plan's nodes");
        }
        Arrays.fill(publishAfter, 0, n, false);
        for (int c = 0; c < count; c++) {
            for (int w = waitStart[c]; w < waitStart[c + 1]; w += 2) {
                int k = waitPairs[w];
                int p = waitPairs[w + 1];
                if (k < 0 || k >= c || p < start[k] || p >= start[k + 1]) {
                    throw new IllegalArgumentException("cluster " + c + " waits for position " + p + " of cluster " + k
                            + ", not a node of an earlier cluster");
                }
                publishAfter[p] = true;
            }
        }
    }

    int start(int cluster) {
        return start[Objects.checkIndex(cluster, count + 1)];
    }

    int waitCount(int cluster) {
        Objects.checkIndex(cluster, count);
        return (waitStart[cluster + 1] - waitStart[cluster]) / 2;
    }

    int waitCluster(int cluster, int wait) {
        return waitPairs[waitStart[cluster] + 2 * Objects.checkIndex(wait, waitCount(cluster))];
    }

    int waitPosition(int cluster, int wait) {
        return waitPairs[waitStart[cluster] + 2 * Objects.checkIndex(wait, waitCount(cluster)) + 1];
    }

    /**
     * Opens block {@code sequence} for claiming. Worker 0 (the RT thread), before it publishes
     * the block to the other workers; the volatile store of {@code claim} comes last, so a worker
     * that claims a cluster sees everything written before it.
     */
    void open(int sequence) {
        finished.set(0);
        blockFaults.set(0);
        claim.set((long) sequence << 32 | (long) count << 16);
    }

    /**
     * Claims and runs clusters of block {@code sequence} until none is left. Any worker, any
     * number at once. A claimed cluster first waits (see {@link #pause}) until each node it reads
     * from has run: those belong to clusters claimed earlier, so they are running on another
     * worker, which itself waits only for clusters claimed before its own.
     *
     * <p>Everything this reads of the schedule is read after a successful claim, whose word
     * {@link #open} wrote for this very block: so a worker that kept the plan from an earlier
     * block, while the plan was handed back and refilled, claims nothing and reads nothing.
     *
     * @return the number of clusters this call ran
     */
    int work(Plan plan, int sequence, NodeContext worker) {
        int ran = 0;
        for (;;) {
            long v = claim.get();
            int c = (int) v & 0xffff;
            int clusters = (int) (v >>> 16) & 0xffff;
            // A worker late for this block (or early for a plan already swapped out) finds
            // another sequence in the claim word and takes nothing.
            if ((int) (v >>> 32) != sequence || c >= clusters) {
                return ran;
            }
            if (!claim.compareAndSet(v, v + 1)) {
                continue;
            }
            final int[] pairs = waitPairs;
            for (int w = waitStart[c], wEnd = waitStart[c + 1]; w < wEnd; w += 2) {
                // Acquire: pairs with the setRelease of that cluster's progress below, so the
                // node's outputs are complete.
                final int k = pairs[w] * PAD;
                final int position = pairs[w + 1];
                long p;
                for (int spins = 0; (int) ((p = progress.getAcquire(k)) >>> 32) != sequence || (int) p <= position; spins++) {
                    pause(spins);
                }
            }
            final int end = start[c + 1];
            int from = start[c];
            int faults = 0;
            for (int i = from; i < end; i++) {
                if (publishAfter[i]) {
                    faults += plan.runNodes(from, i + 1, worker);
                    progress.setRelease(c * PAD, (long) sequence << 32 | (i + 1));
                    from = i + 1;
                }
            }
            faults += plan.runNodes(from, end, worker);
            if (faults != 0) {
                blockFaults.addAndGet(faults);
            }
            finished.incrementAndGet();
            ran++;
        }
    }

    /**
     * Waits until every cluster of the block in flight has finished. Worker 0, after its own
     * {@link #work} found nothing left to claim: what is still running was claimed by an awake
     * worker, so this waits for computation, never for a worker to wake up.
     *
     * @return the number of nodes that faulted in the block
     */
    int awaitBlock() {
        final int clusters = count;
        // Volatile read: pairs with each worker's incrementAndGet after its cluster's writes.
        for (int spins = 0; finished.get() < clusters; spins++) {
            pause(spins);
        }
        return blockFaults.get();
    }

    /**
     * One step of waiting for another worker's cluster. Spin first: the other worker is
     * running and normally done within microseconds. After {@link #SPINS_BEFORE_YIELD} steps
     * (tens of microseconds), the other worker has probably been preempted by the OS, on a
     * machine with more runnable threads than cores: then give the core away on each step, so
     * that it can finish instead of waiting behind this spin. {@code Thread.yield} does not
     * block or lock; on an idle core it returns at once.
     */
    private static void pause(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
