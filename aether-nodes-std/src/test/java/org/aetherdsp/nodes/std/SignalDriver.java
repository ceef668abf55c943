package org.aetherdsp.nodes.std;

/**
 * Renders a {@link NodeUnderTest} with one input port driven by a function of the absolute
 * frame index (a gate that rises on frame 100, a trigger every second...), and an optional
 * action before each block (a control-side call at a known block).
 */
final class SignalDriver {

    /** A signal as a function of the absolute frame index. */
    interface Signal {
        float at(long frame);
    }

    /** Runs before block {@code block} (whose first frame is {@code block * BLOCK}) is processed. */
    interface BeforeBlock {
        void run(int block);
    }

    private SignalDriver() {
    }

    /**
     * @return every output port over {@code frames} frames (rounded up to whole blocks),
     *         {@code [port][frame]}, starting at the node's current position {@code firstFrame}
     */
    static float[][] render(NodeUnderTest n, long firstFrame, int frames, String port, Signal signal, BeforeBlock before) {
        int block = NodeUnderTest.BLOCK;
        int blocks = (frames + block - 1) / block;
        float[][] all = new float[n.outputs.length][blocks * block];
        float[] in = port == null ? null : n.input(port);
        for (int b = 0; b < blocks; b++) {
            long start = firstFrame + (long) b * block;
            if (in != null) {
                for (int i = 0; i < block; i++) {
                    in[i] = signal.at(start + i);
                }
            }
            if (before != null) {
                before.run((int) (start / block));
            }
            n.processBlock();
            for (int o = 0; o < n.outputs.length; o++) {
                System.arraycopy(n.outputs[o], 0, all[o], b * block, block);
            }
        }
        return all;
    }

    /** As {@link #render(NodeUnderTest, long, int, String, Signal, BeforeBlock)} from frame 0, with no action. */
    static float[][] render(NodeUnderTest n, int frames, String port, Signal signal) {
        return render(n, 0, frames, port, signal, null);
    }

    /** A gate that is on in {@code [on, off)}. */
    static Signal gate(long on, long off) {
        return f -> f >= on && f < off ? 1f : 0f;
    }
}
