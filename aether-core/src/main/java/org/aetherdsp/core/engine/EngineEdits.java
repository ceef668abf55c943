package org.aetherdsp.core.engine;

import java.util.function.Consumer;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.NoSuchConnectionException;
import org.aetherdsp.core.graph.ParamOutOfRangeException;
import org.aetherdsp.core.graph.PortOutOfRangeException;
import org.aetherdsp.core.graph.StaleHandleException;
import org.aetherdsp.core.graph.UnknownNodeTypeException;
import org.aetherdsp.core.graph.UnknownParamException;

/**
 * The edits of an {@link Engine}: nodes added, replaced and removed, connections made and cut,
 * parameters set. Every method here is control side: it validates completely, may wait for the
 * engine's lock (never for the RT thread), and applies as one message at one block boundary
 * (or with its batch, inside {@link Engine#beginBatch}). A part of the engine's facade, kept
 * apart by responsibility: {@link Engine} adds the RT entry points, batches, snapshots and
 * close, {@link EngineQueries} the wiring and the read-only queries.
 */
abstract sealed class EngineEdits extends EngineQueries permits Engine {

    EngineEdits(EngineOptions b) {
        super(b);
    }

    // ---------------------------------------------------------------- edits (control side)

    /**
     * Creates a node of a type, prepares it and adds it to the graph (unconnected). Control
     * side: may wait for the engine's lock; never for the RT thread.
     *
     * @param typeId a node type id such as {@code std.osc.sine}
     * @return the new node's handle
     * @throws UnknownNodeTypeException  if no provider offers that type
     * @throws NodeCreationException     if the type's factory or the node's prepare throws (anything)
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public long add(String typeId) {
        lock.lock();
        try {
            return editor.add(typeId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the scheduler skip {@code node} in every block in which {@code voices} reports
     * {@code voice} idle (gate off and its tail finished): the node does not run and its outputs
     * are silence. This is how the nodes of a voice instance ({@link org.aetherdsp.core.poly.Voices})
     * cost next to nothing while the voice is silent. A structural edit: it takes effect with the
     * plan of its batch (or its own plan outside a batch); a rolled-back batch does not undo it on
     * a node that existed before the batch. Control side: may wait for the engine's lock.
     *
     * @param node   the node
     * @param voices the allocator that decides, on the RT thread before each block, or null to never skip
     * @param voice  the voice, below {@code voices.voices()}
     * @throws StaleHandleException      if there is no such node
     * @throws IllegalArgumentException  if there is no such voice
     * @throws CommandQueueFullException if the RT thread is not consuming edits (outside a batch)
     */
    public void skipWhileIdle(long node, org.aetherdsp.core.poly.VoiceAllocator voices, int voice) {
        lock.lock();
        try {
            editor.skipWhileIdle(node, voices, voice);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces a running node by a fresh instance of the same type that continues where it is:
     * at one block boundary the RT thread hands the old node's state (phases, filter
     * memories, delay lines) and every parameter's exact ramp to the new one, and swaps it in.
     * No phase reset, no click. The handle, connections and outputs stay. Replacing a faulted
     * node revives it, fresh (its fault is still reported). Control side: may wait for the
     * engine's lock.
     *
     * @param node    the node
     * @param prepare called on this thread with the new node before it goes live, for content a
     *                node takes through its control interface (a sampler's table), or null
     * @throws StaleHandleException      if there is no such node
     * @throws NodeCreationException     if the new node cannot be created or prepared, or its state is too large
     * @throws IllegalStateException     inside a batch
     * @throws CommandQueueFullException if the RT thread is not consuming commands
     */
    public void replace(long node, Consumer<DspNode> prepare) {
        lock.lock();
        try {
            editor.replace(node, prepare);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces a running node by a fresh instance that continues where it is.
     *
     * @param node the node
     * @see #replace(long, Consumer)
     */
    public void replace(long node) {
        replace(node, null);
    }

    /**
     * Removes a node with its connections and host outputs. A fault it had that was not drained
     * yet is kept for {@link #drainFaults()}. Control side: may wait for the engine's lock.
     *
     * @param node the node's handle
     * @throws StaleHandleException      if there is no such node
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public void remove(long node) {
        lock.lock();
        try {
            editor.remove(node);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Connects an output port of one node to an input port of another. Several sources on
     * one input are summed. Control side: may wait for the engine's lock.
     *
     * @param source     the source node
     * @param sourcePort its output port
     * @param target     the target node
     * @param targetPort its input port
     * @throws StaleHandleException         if either node does not exist
     * @throws PortOutOfRangeException      if either port does not exist
     * @throws DuplicateConnectionException if the connection exists
     * @throws CycleException               if it would close a cycle (the message names the nodes on it and
     *                                      says how to close a loop: {@link #connectFeedback})
     * @throws CommandQueueFullException    if the RT thread is not consuming edits
     */
    public void connect(long source, int sourcePort, long target, int targetPort) {
        lock.lock();
        try {
            editor.connect(source, sourcePort, target, targetPort);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Connects an output port to an input port as a <em>feedback</em> connection: the target
     * reads what the source wrote in the <em>previous</em> block. This is how a loop is closed
     * (an ordinary connection that would close a cycle is refused): the loop then has exactly
     * one block of delay, {@link #blockSize()} frames. The connection is no dependency inside
     * a block, so it may point anywhere, also back at its own source. Its contents start silent,
     * survive plan swaps and snapshots (they are engine state, restored bit for bit), and are
     * dropped when the connection is cut: {@link #disconnect} removes it like any connection,
     * and connecting it again starts from silence. A non-finite sample (an unstable loop that
     * overflowed) is kept out of the loop as 0 and counted in {@link EngineStats#nonFiniteSamples()}.
     * For a loop shorter than a block, use a node with feedback inside it ({@code std.comb}).
     * In a patch file: {@code "feedback": true} on the connection. Control side: may wait for the
     * engine's lock.
     *
     * @param source     the source node
     * @param sourcePort its output port
     * @param target     the target node (may be {@code source})
     * @param targetPort its input port
     * @throws StaleHandleException         if either node does not exist
     * @throws PortOutOfRangeException      if either port does not exist
     * @throws DuplicateConnectionException if the ports are connected already, either way
     * @throws CommandQueueFullException    if the RT thread is not consuming edits
     */
    public void connectFeedback(long source, int sourcePort, long target, int targetPort) {
        lock.lock();
        try {
            editor.connectFeedback(source, sourcePort, target, targetPort);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a connection, ordinary or feedback (cutting a feedback connection drops what it
     * held). Control side: may wait for the engine's lock.
     *
     * @param source     the source node
     * @param sourcePort its output port
     * @param target     the target node
     * @param targetPort its input port
     * @throws StaleHandleException      if either node does not exist
     * @throws NoSuchConnectionException if there is no such connection
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public void disconnect(long source, int sourcePort, long target, int targetPort) {
        lock.lock();
        try {
            editor.disconnect(source, sourcePort, target, targetPort);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Routes a node's output port to a host channel; several routes to one channel are summed.
     * Control side: may wait for the engine's lock.
     *
     * @param node    the node
     * @param port    its output port
     * @param channel the host channel, from 0
     * @throws StaleHandleException         if the node does not exist
     * @throws PortOutOfRangeException      if the port or the channel does not exist
     * @throws DuplicateConnectionException if the route exists
     * @throws CommandQueueFullException    if the RT thread is not consuming edits
     */
    public void connectOutput(long node, int port, int channel) {
        lock.lock();
        try {
            editor.connectOutput(node, port, channel);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a route from a node's output port to a host channel. Control side: may wait for
     * the engine's lock.
     *
     * @param node    the node
     * @param port    its output port
     * @param channel the host channel
     * @throws StaleHandleException      if the node does not exist
     * @throws NoSuchConnectionException if there is no such route
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public void disconnectOutput(long node, int port, int channel) {
        lock.lock();
        try {
            editor.disconnectOutput(node, port, channel);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Routes a host input channel into a node's input port: each block, the node reads the
     * samples given to {@link Engine#process(float[][], float[][])} for that channel. Several sources on
     * one port (nodes, input channels) are summed. Control side: may wait for the engine's lock.
     *
     * @param channel the host input channel, from 0, below {@link #inputChannels()}
     * @param node    the node
     * @param port    its input port
     * @throws StaleHandleException         if the node does not exist
     * @throws PortOutOfRangeException      if the port or the input channel does not exist
     * @throws DuplicateConnectionException if the route exists
     * @throws CommandQueueFullException    if the RT thread is not consuming edits
     */
    public void connectInput(int channel, long node, int port) {
        lock.lock();
        try {
            editor.connectInput(channel, node, port);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a route from a host input channel into a node's input port. Control side: may
     * wait for the engine's lock.
     *
     * @param channel the host input channel
     * @param node    the node
     * @param port    its input port
     * @throws StaleHandleException      if the node does not exist
     * @throws NoSuchConnectionException if there is no such route
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public void disconnectInput(int channel, long node, int port) {
        lock.lock();
        try {
            editor.disconnectInput(channel, node, port);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets a parameter with its spec's default smoothing time.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param value   the target, inside the spec's range
     * @see #setParam(long, String, float, float)
     */
    public void setParam(long node, String paramId, float value) {
        lock.lock();
        try {
            editor.setParam(node, paramId, value, 0f, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves a parameter to {@code value} in a linear ramp of {@code rampMs} milliseconds,
     * starting at the block boundary where the transaction lands. A node added in the same
     * batch (or not yet running) starts at the value at once: it has no earlier value to ramp
     * from. Allocation-free on this side once warm, so automation can run at any rate. Control
     * side: may wait for the engine's lock.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param value   the target, inside the spec's range
     * @param rampMs  the ramp length in ms (0: jump)
     * @throws StaleHandleException      if the node does not exist
     * @throws UnknownParamException     if the node has no such parameter
     * @throws ParamOutOfRangeException  if the value is outside the range or NaN
     * @throws IllegalArgumentException  if the ramp is negative or not finite
     * @throws CommandQueueFullException if the RT thread is not consuming commands
     */
    public void setParam(long node, String paramId, float value, float rampMs) {
        lock.lock();
        try {
            editor.setParam(node, paramId, value, rampMs, false);
        } finally {
            lock.unlock();
        }
    }
}
