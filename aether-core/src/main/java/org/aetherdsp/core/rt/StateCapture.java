package org.aetherdsp.core.rt;

import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.api.StateBuffer;

/**
 * A request to save the state of some nodes at one block boundary. Built on the control side
 * with one preallocated buffer per node (sized by its {@code stateSize()}) and one array of its
 * parameter targets; filled on the RT thread by {@link #capture}, without allocation; read back
 * on the control side once {@link #isDone()}.
 *
 * <p>The parameter targets are read from the running nodes, not from the control side's graph
 * model, because some changes reach a node without passing through the model: frame-stamped
 * {@link ParamEvents} (MIDI control changes) are applied on the RT thread only.
 *
 * <p>Ordering: the RT thread writes every buffer, then the volatile {@code done}; the control
 * thread reads {@code done} before touching a buffer, so it sees them complete.
 */
public final class StateCapture {

    private final NodeSlot[] slots;
    private final StateBuffer[] buffers;
    private final float[][] targets;
    /** The feedback connections' lines, and what each held at the boundary. */
    private final FeedbackLine[] lines;
    private final float[][] lineStates;
    private long position;
    private int failedIndex = -1;
    private Throwable failure;
    private volatile boolean done;

    /**
     * @param slots the nodes whose state to save
     * @param sizes each node's state size in bytes, already checked
     */
    public StateCapture(NodeSlot[] slots, int[] sizes) {
        this(slots, sizes, new FeedbackLine[0], 0);
    }

    /**
     * @param slots  the nodes whose state to save
     * @param sizes  each node's state size in bytes, already checked
     * @param lines  the feedback connections whose contents to save (each already sized by a compile)
     * @param frames the block size: the length of each line
     */
    public StateCapture(NodeSlot[] slots, int[] sizes, FeedbackLine[] lines, int frames) {
        this.lines = lines.clone();
        this.lineStates = new float[lines.length][frames];
        this.slots = slots.clone();
        this.buffers = new StateBuffer[slots.length];
        this.targets = new float[slots.length][];
        for (int i = 0; i < slots.length; i++) {
            buffers[i] = new StateBuffer(sizes[i]);
            targets[i] = new float[slots[i].params().size()];
        }
    }

    /** Saves every node's state and parameter targets. RT thread, at a block boundary. */
    void capture(long samplePosition) {
        for (int i = 0; i < slots.length; i++) {
            final SmoothedParams params = slots[i].params;
            final float[] saved = targets[i];
            for (int k = 0; k < saved.length; k++) {
                saved[k] = params.get(k).target();
            }
            StateBuffer b = buffers[i];
            b.clear();
            try {
                slots[i].node.saveState(b);
            } catch (Throwable t) {
                // A node that cannot save is reported, not allowed to take the RT thread down.
                if (failure == null) {
                    failure = t;
                    failedIndex = i;
                }
            }
        }
        // What each feedback target reads in the coming block: the source's output of the last one.
        for (int k = 0; k < lines.length; k++) {
            System.arraycopy(lines[k].buffer, 0, lineStates[k], 0, lineStates[k].length);
        }
        position = samplePosition;
        done = true;
    }

    /** @return whether the RT thread has captured the states */
    public boolean isDone() {
        return done;
    }

    /** @return the frame position of the block boundary the states belong to (valid once done) */
    public long position() {
        return position;
    }

    /**
     * @param index a node index, in the order given to the constructor
     * @return its saved state (valid once done)
     */
    public StateBuffer buffer(int index) {
        return buffers[index];
    }

    /**
     * @param index a node index, in the order given to the constructor
     * @param param a parameter index of that node
     * @return the parameter's target as the RT thread saw it at the boundary (valid once done)
     */
    public float paramTarget(int index, int param) {
        return targets[index][param];
    }

    /**
     * @param index a feedback line's index, in the order given to the constructor
     * @return what it held at the boundary (valid once done; the caller copies it)
     */
    public float[] lineState(int index) {
        return lineStates[index];
    }

    /** @return the index of the first node whose {@code saveState} threw, or -1 */
    public int failedIndex() {
        return failedIndex;
    }

    /** @return what that node threw, or null */
    public Throwable failure() {
        return failure;
    }
}
