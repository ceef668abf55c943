package org.aetherdsp.core.rt;

import java.util.Arrays;
import java.util.IdentityHashMap;
import org.aetherdsp.core.graph.PlanView;

/** Copies a sealed {@link Plan} into a {@link PlanView}, buffers numbered in order of first appearance. */
final class PlanCopy {

    private final IdentityHashMap<float[], Integer> ids = new IdentityHashMap<>();

    private PlanCopy(float[] silence) {
        ids.put(silence, PlanView.SILENCE);
    }

    static PlanView of(Plan plan, long compile) {
        PlanCopy c = new PlanCopy(plan.silence);
        int size = plan.size;
        long[] order = new long[size];
        int[][] in = new int[size][];
        int[][] out = new int[size][];
        for (int p = 0; p < size; p++) {
            order[p] = plan.slots[p].handle;
            in[p] = c.ids(plan.inputs[p]);
            out[p] = c.ids(plan.outputs[p]);
        }
        int[] targets = c.ids(Arrays.copyOf(plan.mixTargets, plan.mixCount));
        int[][] sources = new int[plan.mixCount][];
        for (int m = 0; m < plan.mixCount; m++) {
            sources[m] = c.ids(plan.mixSources[m]);
        }
        int channels = plan.host.channels;
        int[][] host = new int[channels][];
        for (int ch = 0; ch < channels; ch++) {
            host[ch] = c.ids(plan.host.sources(ch));
        }
        ClusterSchedule schedule = plan.schedule;
        int clusters = schedule.count;
        int[] starts = new int[clusters == 0 ? 0 : clusters + 1];
        for (int k = 0; k < starts.length; k++) {
            starts[k] = schedule.start(k);
        }
        int[][] waits = new int[clusters][];
        for (int k = 0; k < clusters; k++) {
            waits[k] = new int[2 * schedule.waitCount(k)];
            for (int w = 0; w < waits[k].length / 2; w++) {
                waits[k][2 * w] = schedule.waitCluster(k, w);
                waits[k][2 * w + 1] = schedule.waitPosition(k, w);
            }
        }
        return new PlanView(compile, order, in, out, Arrays.copyOf(plan.mixStart, size + 1), targets, sources, host,
                plan.bufferCount, starts, waits);
    }

    private int[] ids(float[][] buffers) {
        int[] out = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            Integer id = ids.get(buffers[i]);
            if (id == null) {
                id = ids.size() - 1; // SILENCE (-1) is the first entry
                ids.put(buffers[i], id);
            }
            out[i] = id;
        }
        return out;
    }
}
