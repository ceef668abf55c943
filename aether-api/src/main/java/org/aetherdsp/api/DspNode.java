package org.aetherdsp.api;

/**
 * One audio processing node: an oscillator, a filter, an effect, a plugin's own DSP.
 *
 * <h2>Threads</h2>
 * Two threads touch a node, never at the same time:
 * <ul>
 *   <li>the <b>control thread</b> constructs it (through its {@link NodeType} factory) and
 *       calls {@link #prepare} once, before the node joins a running graph. Allocate
 *       everything the node will ever need there: delay lines, tables, scratch buffers.</li>
 *   <li>the <b>real-time (RT) thread</b> calls {@link #process} once per block, and
 *       {@link #reset}, {@link #saveState} and {@link #loadState} between blocks when the
 *       control side asks for it. On the RT thread a node must not allocate (no {@code new},
 *       no boxing, no lambdas that capture, no string building, no collections), lock,
 *       block, sleep, log or do I/O. Missing a 1.33&nbsp;ms deadline is an audible click.</li>
 * </ul>
 * Once a node has been handed to the engine, the control thread no longer calls its
 * methods directly; the happens-before edge between the two threads is provided by the
 * engine's command ring.
 *
 * <h2>Faults</h2>
 * A node that throws from {@code process} is caught by the engine: its outputs are
 * silenced and it is bypassed from then on, and the fault is reported to the control side.
 * Throwing is therefore a last resort, not a control-flow tool.
 */
public interface DspNode {

    /**
     * Called on the <b>control thread</b> once, before the node first runs, with the
     * engine's sample rate and block size ({@link ProcessContext#samplePosition()} is 0).
     * Allocate all buffers here. The default does nothing.
     *
     * @param context the sample rate and block size the node will run at
     */
    default void prepare(ProcessContext context) {
    }

    /**
     * Processes one block. Called on the <b>RT thread</b>, once per block.
     *
     * <p>{@code inputs[i]} is the signal on input port {@code i} (length
     * {@link ProcessContext#blockSize()}); an unconnected input reads silence, several
     * sources on one port arrive already summed. A node must treat inputs as read-only.
     * {@code outputs[o]} must be written in full: it holds stale data from other nodes on
     * entry, and it may be reused as another node's input after this call. An output
     * buffer is never the same array as one of this node's input buffers.
     *
     * <p>Parameters are read from {@code params}, by the index of their {@link ParamSpec}
     * in the node's {@link NodeDescriptor}; the view is read-only, and the engine advances
     * their smoothing ramps after this call returns. {@link ProcessContext#isConnected} tells
     * which inputs have a source, so that work only a connected input needs can be skipped.
     *
     * @param inputs  one buffer per input port, read only
     * @param outputs one buffer per output port, to be overwritten completely
     * @param params  this node's parameters, in descriptor order
     * @param context sample rate, block size and the position of this block
     */
    void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context);

    /**
     * Returns the node to its freshly prepared state (phase 0, filter memories cleared,
     * delay lines silent). Called on the <b>RT thread</b> between blocks, or on the control
     * thread before the node joins a graph. Must not allocate. The default does nothing.
     */
    default void reset() {
    }

    /**
     * The largest number of bytes {@link #saveState} will write. Called on the <b>control
     * thread</b>, which preallocates that much space so that capture on the RT thread does
     * not allocate. Default 0: the node has no internal state worth saving.
     *
     * @return an upper bound of the state size in bytes
     */
    default int stateSize() {
        return 0;
    }

    /**
     * The version of the layout {@link #saveState} writes, stored beside the bytes in a
     * {@link StateBlob}. Bump it when the layout changes; {@link #loadState} receives the
     * version it must read. Default 1.
     *
     * @return the state layout version
     */
    default int stateVersion() {
        return 1;
    }

    /**
     * Writes the node's internal DSP state (phases, filter memories, delay contents; not
     * parameters, which the engine saves itself). Called on the <b>RT thread</b> at a block
     * boundary; must not allocate and must not write more than {@link #stateSize()} bytes.
     * The default writes nothing.
     *
     * @param out where to write
     */
    default void saveState(StateWriter out) {
    }

    /**
     * Restores state written by {@link #saveState}, possibly by another instance of the
     * same node type. Called on the <b>control thread</b> before the node joins a graph or
     * on the <b>RT thread</b> at a block boundary; must not allocate. The default reads
     * nothing.
     *
     * @param in      where to read from
     * @param version the {@link #stateVersion()} of the node that wrote it
     */
    default void loadState(StateReader in, int version) {
    }
}
