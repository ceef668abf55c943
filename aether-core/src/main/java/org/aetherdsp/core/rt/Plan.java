package org.aetherdsp.core.rt;

import java.util.Arrays;
import org.aetherdsp.api.ProcessContext;

/**
 * A compiled graph: what the RT thread runs each block. Built by
 * {@code org.aetherdsp.core.graph.PlanCompiler} on the control side and immutable once
 * published; every array it points at was allocated before it reached the RT thread.
 *
 * <p>For node {@code i} in topological order: first the fan-in sums
 * {@code mixTargets[m] = sum(mixSources[m])} for {@code m} in
 * {@code [mixStart[i], mixStart[i + 1])}, then {@code process(inputs[i], outputs[i])}.
 * Buffers are shared between nodes by liveness, so a node's outputs hold stale data until
 * it writes them.
 */
public final class Plan {

    final NodeSlot[] slots;
    final float[][][] inputs;
    final float[][][] outputs;
    final int[] mixStart;
    final float[][] mixTargets;
    final float[][][] mixSources;
    /** Per host channel, the buffers summed into it (empty: silence). */
    final float[][][] channelSources;
    /** Read by unconnected inputs; re-zeroed every block in case a node wrote to it. */
    final float[] silence;
    final int bufferCount;

    /**
     * @param slots          nodes in execution order
     * @param inputs         per node, its input buffers
     * @param outputs        per node, its output buffers
     * @param mixStart       per node (plus one sentinel), the first fan-in sum it needs
     * @param mixTargets     per fan-in sum, the scratch buffer it writes
     * @param mixSources     per fan-in sum, the buffers it adds
     * @param channelSources per host channel, the buffers summed into it
     * @param silence        the shared silent buffer
     * @param bufferCount    how many pooled buffers the plan uses (for tests and diagnostics)
     */
    public Plan(NodeSlot[] slots, float[][][] inputs, float[][][] outputs, int[] mixStart, float[][] mixTargets,
                float[][][] mixSources, float[][][] channelSources, float[] silence, int bufferCount) {
        if (mixStart.length != slots.length + 1) {
            throw new IllegalArgumentException("mixStart needs one entry per node plus a sentinel");
        }
        this.slots = slots;
        this.inputs = inputs;
        this.outputs = outputs;
        this.mixStart = mixStart;
        this.mixTargets = mixTargets;
        this.mixSources = mixSources;
        this.channelSources = channelSources;
        this.silence = silence;
        this.bufferCount = bufferCount;
    }

    /** @return the number of nodes */
    public int size() {
        return slots.length;
    }

    /**
     * @param position a position in execution order
     * @return the node there
     */
    public NodeSlot slot(int position) {
        return slots[position];
    }

    /** @return the number of distinct audio buffers the plan allocated */
    public int bufferCount() {
        return bufferCount;
    }

    /** @return the number of host channels this plan writes */
    public int channelCount() {
        return channelSources.length;
    }

    /**
     * Runs every node once. RT thread.
     *
     * @param ctx the block's context
     * @return the number of nodes that faulted during this block
     */
    int run(ProcessContext ctx) {
        final int frames = ctx.blockSize();
        final NodeSlot[] slots = this.slots;
        Arrays.fill(silence, 0f);
        int faults = 0;
        for (int i = 0; i < slots.length; i++) {
            for (int m = mixStart[i], end = mixStart[i + 1]; m < end; m++) {
                sum(mixSources[m], mixTargets[m], frames);
            }
            NodeSlot s = slots[i];
            if (!s.faulted) {
                try {
                    s.node.process(inputs[i], outputs[i], s.params, ctx);
                } catch (Throwable t) {
                    // A node's failure must not take the audio thread down: bypass it and
                    // report through the slot. Nothing is allocated here; t already exists.
                    s.markFaulted(t);
                    faults++;
                }
            }
            if (s.faulted) {
                silence(outputs[i], frames);
            }
            s.params.advance(frames);
        }
        return faults;
    }

    /**
     * Sums the host channel sources into {@code host}, replacing NaN and infinities by 0.
     * RT thread.
     *
     * @return the number of non-finite samples replaced
     */
    int writeHost(float[][] host, int frames) {
        int bad = 0;
        final int channels = Math.min(host.length, channelSources.length);
        for (int ch = 0; ch < channels; ch++) {
            float[] dst = host[ch];
            float[][] src = channelSources[ch];
            if (src.length == 0) {
                Arrays.fill(dst, 0, frames, 0f);
                continue;
            }
            System.arraycopy(src[0], 0, dst, 0, frames);
            for (int s = 1; s < src.length; s++) {
                float[] b = src[s];
                for (int i = 0; i < frames; i++) {
                    dst[i] += b[i];
                }
            }
            for (int i = 0; i < frames; i++) {
                float v = dst[i];
                // v - v is 0 for every finite v and NaN for NaN and both infinities.
                if (v - v != 0f) {
                    dst[i] = 0f;
                    bad++;
                }
            }
        }
        for (int ch = channels; ch < host.length; ch++) {
            Arrays.fill(host[ch], 0, frames, 0f);
        }
        return bad;
    }

    private static void sum(float[][] sources, float[] target, int frames) {
        System.arraycopy(sources[0], 0, target, 0, frames);
        for (int s = 1; s < sources.length; s++) {
            float[] b = sources[s];
            for (int i = 0; i < frames; i++) {
                target[i] += b[i];
            }
        }
    }

    private static void silence(float[][] buffers, int frames) {
        for (float[] b : buffers) {
            Arrays.fill(b, 0, frames, 0f);
        }
    }
}
