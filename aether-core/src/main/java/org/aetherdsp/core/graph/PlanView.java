package org.aetherdsp.core.graph;

import java.util.Arrays;
import java.util.List;

/**
 * A copy of a compiled plan, for tests and diagnostics: the execution order, which buffer each
 * port reads and writes, the fan-in sums, the host channels' sources and, for several workers,
 * the cluster schedule. Immutable, and independent of the engine: the plan it was copied from
 * may be refilled for another graph at once (plans are reused).
 *
 * <p>Buffers are numbered from 0 in order of first appearance; {@link #SILENCE} is the shared
 * silent buffer that unconnected inputs read.
 */
public final class PlanView {

    /** The buffer id of the shared silent buffer. */
    public static final int SILENCE = -1;

    private final long compile;
    private final long[] order;
    private final int[][] inputs;
    private final int[][] outputs;
    private final int[] mixStart;
    private final int[] mixTargets;
    private final int[][] mixSources;
    private final int[][] channelSources;
    private final int bufferCount;
    private final int[] clusterStart;
    private final int[][] waits;

    /**
     * Built by the engine; the arrays are taken as they are (the caller made them for this view).
     *
     * @param compile        which compile of its engine made the plan (1 for the first)
     * @param order          node handles in execution order
     * @param inputs         per position, the buffer id of each input port
     * @param outputs        per position, the buffer id of each output port
     * @param mixStart       per position plus a sentinel, its first fan-in sum
     * @param mixTargets     per fan-in sum, the buffer it writes
     * @param mixSources     per fan-in sum, the buffers it adds, in order
     * @param channelSources per host channel, the buffers summed into it, in order
     * @param bufferCount    distinct audio buffers the plan uses
     * @param clusterStart   per cluster plus a sentinel, its first position; empty for a serial plan
     * @param waits          per cluster, pairs (earlier cluster, position) it waits for
     */
    public PlanView(long compile, long[] order, int[][] inputs, int[][] outputs, int[] mixStart, int[] mixTargets,
                    int[][] mixSources, int[][] channelSources, int bufferCount, int[] clusterStart, int[][] waits) {
        this.compile = compile;
        this.order = order;
        this.inputs = inputs;
        this.outputs = outputs;
        this.mixStart = mixStart;
        this.mixTargets = mixTargets;
        this.mixSources = mixSources;
        this.channelSources = channelSources;
        this.bufferCount = bufferCount;
        this.clusterStart = clusterStart;
        this.waits = waits;
    }

    /** @return which compile of its engine made this plan: a rejected edit compiles nothing */
    public long compile() {
        return compile;
    }

    /** @return the number of nodes */
    public int size() {
        return order.length;
    }

    /** @return node handles in execution order */
    public List<Long> order() {
        return Arrays.stream(order).boxed().toList();
    }

    /**
     * @param position a position in execution order
     * @return the handle of the node there
     */
    public long handleAt(int position) {
        return order[position];
    }

    /**
     * @param position a position in execution order
     * @return the buffer id each input port reads ({@link #SILENCE} where unconnected)
     */
    public int[] inputsAt(int position) {
        return inputs[position].clone();
    }

    /**
     * @param position a position in execution order
     * @return the buffer id each output port writes
     */
    public int[] outputsAt(int position) {
        return outputs[position].clone();
    }

    /**
     * @param position a position, or {@link #size()} for the end
     * @return the first fan-in sum that runs before that node (sums {@code [mixStart(p), mixStart(p + 1))} belong to p)
     */
    public int mixStart(int position) {
        return mixStart[position];
    }

    /** @return the number of fan-in sums */
    public int mixCount() {
        return mixTargets.length;
    }

    /**
     * @param mix a fan-in sum
     * @return the buffer it writes
     */
    public int mixTarget(int mix) {
        return mixTargets[mix];
    }

    /**
     * @param mix a fan-in sum
     * @return the buffers it adds, in order
     */
    public int[] mixSources(int mix) {
        return mixSources[mix].clone();
    }

    /** @return the number of host channels */
    public int channelCount() {
        return channelSources.length;
    }

    /**
     * @param channel a host channel
     * @return the buffers summed into it, in order (empty: silence)
     */
    public int[] channelSources(int channel) {
        return channelSources[channel].clone();
    }

    /** @return the number of distinct audio buffers */
    public int bufferCount() {
        return bufferCount;
    }

    /** @return the number of clusters, or 0 for a plan that runs serially */
    public int clusterCount() {
        return clusterStart.length == 0 ? 0 : clusterStart.length - 1;
    }

    /**
     * @param cluster a cluster, or {@link #clusterCount()} for the end
     * @return its first position in execution order
     */
    public int clusterStart(int cluster) {
        return clusterStart[cluster];
    }

    /**
     * @param cluster a cluster
     * @return how many nodes of earlier clusters it waits for
     */
    public int waitCount(int cluster) {
        return waits[cluster].length / 2;
    }

    /**
     * @param cluster a cluster
     * @param wait    one of its waits
     * @return the earlier cluster it waits for there
     */
    public int waitCluster(int cluster, int wait) {
        return waits[cluster][2 * wait];
    }

    /**
     * @param cluster a cluster
     * @param wait    one of its waits
     * @return the position, in {@link #waitCluster}, of the node it waits for
     */
    public int waitPosition(int cluster, int wait) {
        return waits[cluster][2 * wait + 1];
    }
}
