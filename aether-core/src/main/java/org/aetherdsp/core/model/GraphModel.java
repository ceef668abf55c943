package org.aetherdsp.core.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.HostInput;
import org.aetherdsp.core.graph.HostOutput;
import org.aetherdsp.core.graph.NoSuchConnectionException;
import org.aetherdsp.core.graph.PortOutOfRangeException;
import org.aetherdsp.core.graph.StaleHandleException;
import org.aetherdsp.core.graph.UserText;
import org.aetherdsp.core.rt.FeedbackLine;
import org.aetherdsp.core.rt.NodeSlot;

/**
 * The control-side graph: nodes, connections (their cycle check is {@link PathSearch}) and
 * routes to and from the host ({@link HostRoutes}). Every mutator validates
 * completely before it changes anything, so a {@link GraphException} leaves the model
 * exactly as it was. Not thread-safe: the engine serialises access.
 */
public final class GraphModel {

    /** Engines take the 4,096 generation ranges in turn. */
    private static final AtomicInteger NEXT_TAG = new AtomicInteger(1);

    private Arena<NodeEntry> nodes;
    private final HostRoutes host;
    /** The cycle check's search, with its working arrays. */
    private final PathSearch paths = new PathSearch();
    private int edgeCount;
    /** The line of each feedback connection: made when it is connected, dropped when it is cut. */
    private final Map<Edge, FeedbackLine> feedbackLines;

    /**
     * @param channels        the number of host channels outputs may be routed to
     * @param initialCapacity nodes before the arena first grows
     */
    public GraphModel(int channels, int initialCapacity) {
        this(channels, 0, initialCapacity);
    }

    /**
     * @param channels        the number of host channels outputs may be routed to
     * @param inputChannels   the number of host input channels that may be routed into nodes
     * @param initialCapacity nodes before the arena first grows
     */
    public GraphModel(int channels, int inputChannels, int initialCapacity) {
        this.host = new HostRoutes(channels, inputChannels);
        // Each model's generations start in a range of their own, so that another engine's handle is refused.
        this.nodes = new Arena<>(initialCapacity, (NEXT_TAG.getAndIncrement() & 0xfff) << 20);
        this.feedbackLines = new HashMap<>();
    }

    private GraphModel(GraphModel o) {
        this.nodes = o.nodes.copy();
        for (int i = 0; i < nodes.slotLimit(); i++) {
            long h = nodes.handleAt(i);
            if (h != Arena.NONE) {
                nodes.replace(h, nodes.get(h).copy());
            }
        }
        this.host = new HostRoutes(o.host);
        this.edgeCount = o.edgeCount;
        this.feedbackLines = new HashMap<>(o.feedbackLines); // the same lines: a rolled-back batch keeps their contents
    }

    /** @return an independent copy sharing the node objects (for rolling back a batch) */
    public GraphModel copy() {
        return new GraphModel(this);
    }

    /** @return the number of host channels */
    public int channels() {
        return host.channels();
    }

    /** @return the number of nodes */
    public int size() {
        return nodes.size();
    }

    /** @return the number of connections between nodes */
    public int edgeCount() {
        return edgeCount;
    }

    Arena<NodeEntry> arena() {
        return nodes;
    }

    /** @return host outputs, in the order they were connected */
    public List<HostOutput> hostOutputs() {
        return List.copyOf(host.outputs);
    }

    List<HostOutput> hostOutputsView() {
        return host.outputs;
    }

    /** @return the number of host input channels */
    public int inputChannels() {
        return host.inputChannels();
    }

    /** @return host input routes, in the order they were connected */
    public List<HostInput> hostInputs() {
        return List.copyOf(host.inputs);
    }

    List<HostInput> hostInputsView() {
        return host.inputs;
    }

    /** @return the handles of every node, in slot order */
    public long[] handles() {
        long[] out = new long[nodes.size()];
        int k = 0;
        for (int i = 0; i < nodes.slotLimit(); i++) {
            long h = nodes.handleAt(i);
            if (h != Arena.NONE) {
                out[k++] = h;
            }
        }
        return out;
    }

    /**
     * Adds a prepared node.
     *
     * @param type   its type
     * @param node   the node, already prepared
     * @param params its parameter block
     * @return its handle
     */
    public long add(NodeType type, DspNode node, SmoothedParams params) {
        long handle = nodes.nextHandle();
        long inserted = nodes.insert(new NodeEntry(type, new NodeSlot(node, params, handle, type.id())));
        assert inserted == handle;
        return handle;
    }

    /**
     * @param handle a node handle
     * @return its entry
     * @throws StaleHandleException if no node has that handle
     */
    public NodeEntry entry(long handle) {
        NodeEntry e = nodes.get(handle);
        if (e == null) {
            throw new StaleHandleException("no node " + Arena.format(handle)
                    + ": it was removed, never existed, or belongs to another engine (stale handle)");
        }
        return e;
    }

    /**
     * @param handle a node handle
     * @return whether it refers to a node in the graph
     */
    public boolean contains(long handle) {
        return nodes.contains(handle);
    }

    /**
     * @param handle a live node handle
     * @return {@code node 3:1 (std.gain)}, the form used in messages
     */
    public String describe(long handle) {
        NodeEntry e = nodes.get(handle);
        return "node " + Arena.format(handle) + (e == null ? "" : " (" + UserText.escaped(e.type().id()) + ")");
    }

    /**
     * Removes a node with all its connections and host outputs.
     *
     * @param handle the node
     * @return its entry
     * @throws StaleHandleException if no node has that handle
     */
    public NodeEntry remove(long handle) {
        NodeEntry e = entry(handle);
        for (Edge edge : e.in) {
            nodes.get(edge.source()).out.remove(edge); // a feedback edge to itself leaves e.out here
            dropLine(edge);
        }
        for (Edge edge : e.out) {
            nodes.get(edge.target()).in.remove(edge);
            dropLine(edge);
        }
        edgeCount -= e.in.size() + e.out.size();
        host.removeNode(handle);
        nodes.remove(handle);
        return e;
    }

    /**
     * Puts a new runtime slot (a replacement node of the same type) under an existing handle,
     * keeping its connections, outputs and parameter targets.
     *
     * @param handle      the node
     * @param replacement the new slot, whose handle must be {@code handle}
     * @return the old slot
     */
    public NodeSlot replaceSlot(long handle, NodeSlot replacement) {
        NodeEntry e = entry(handle);
        if (replacement.handle() != handle || !replacement.typeId().equals(e.type().id())) {
            throw new IllegalArgumentException("replacement for " + describe(handle) + " must have its handle and type");
        }
        nodes.replace(handle, e.withSlot(replacement));
        return e.slot();
    }

    /**
     * Connects an output port to an input port.
     *
     * @throws StaleHandleException         if either node does not exist
     * @throws PortOutOfRangeException      if either port does not exist
     * @throws DuplicateConnectionException if the connection exists already
     * @throws CycleException               if it would close a cycle
     */
    public Edge connect(long source, int sourcePort, long target, int targetPort) {
        return connect(source, sourcePort, target, targetPort, false);
    }

    /**
     * Connects an output port to an input port, as an ordinary connection or as a feedback one
     * (see {@link Edge#feedback()}): a feedback connection may close a loop, and gets a silent
     * {@link FeedbackLine}.
     *
     * @throws StaleHandleException         if either node does not exist
     * @throws PortOutOfRangeException      if either port does not exist
     * @throws DuplicateConnectionException if the ports are connected already (either way)
     * @throws CycleException               if an ordinary connection would close a cycle of ordinary connections
     */
    public Edge connect(long source, int sourcePort, long target, int targetPort, boolean feedback) {
        NodeEntry src = entry(source);
        NodeEntry dst = entry(target);
        requireOutput(source, src.descriptor(), sourcePort);
        requireInput(target, dst.descriptor(), targetPort);
        int existing = indexOf(src.out, source, sourcePort, target, targetPort);
        if (existing >= 0) {
            throw new DuplicateConnectionException(describe(source) + " output " + sourcePort + " is already connected to "
                    + describe(target) + " input " + targetPort + (src.out.get(existing).feedback() ? " (as feedback)" : ""));
        }
        Edge edge = new Edge(source, sourcePort, target, targetPort, feedback);
        List<Long> cycle = feedback ? null : paths.pathBetween(nodes, target, source);
        if (cycle != null) {
            cycle.add(0, source);
            StringBuilder names = new StringBuilder();
            int shown = Math.min(cycle.size(), UserText.MAX_LISTED);
            for (int k = 0; k < shown; k++) {
                names.append(k == 0 ? "" : " -> ").append(describe(cycle.get(k)));
            }
            if (shown < cycle.size()) {
                names.append(" -> ... and ").append(UserText.count(cycle.size() - shown)).append(" more");
            }
            throw new CycleException("connecting " + describe(source) + " output " + sourcePort + " to " + describe(target)
                    + " input " + targetPort + " would create a cycle: " + names
                    + "; to close a loop, mark one connection on it as feedback (Engine.connectFeedback, or"
                    + " \"feedback\": true in a patch file): it reads the previous block, one block of delay", cycle);
        }
        src.out.add(edge);
        dst.in.add(edge);
        edgeCount++;
        if (feedback) {
            feedbackLines.put(edge, new FeedbackLine());
        }
        return edge;
    }

    /**
     * @param edge a feedback connection of this model
     * @return its line
     * @throws IllegalArgumentException if it is not one
     */
    public FeedbackLine feedbackLine(Edge edge) {
        FeedbackLine line = feedbackLines.get(edge);
        if (line == null) {
            throw new IllegalArgumentException("no feedback connection " + edge);
        }
        return line;
    }

    /** @return whether any connection is a feedback one: without them, compiling skips their passes */
    public boolean hasFeedback() {
        return !feedbackLines.isEmpty();
    }

    private void dropLine(Edge edge) {
        if (edge.feedback()) {
            feedbackLines.remove(edge);
        }
    }

    /**
     * Removes a connection.
     *
     * @throws StaleHandleException     if either node does not exist
     * @throws NoSuchConnectionException if there is no such connection
     */
    public void disconnect(long source, int sourcePort, long target, int targetPort) {
        NodeEntry src = entry(source);
        NodeEntry dst = entry(target);
        int at = indexOf(src.out, source, sourcePort, target, targetPort);
        if (at < 0) {
            throw new NoSuchConnectionException(describe(source) + " output " + sourcePort + " is not connected to "
                    + describe(target) + " input " + targetPort);
        }
        dropLine(src.out.remove(at));
        dst.in.remove(indexOf(dst.in, source, sourcePort, target, targetPort));
        edgeCount--;
    }

    /** The position of an edge in a list, or -1; compares fields, so that looking allocates nothing. */
    private static int indexOf(List<Edge> edges, long source, int sourcePort, long target, int targetPort) {
        for (int k = 0, n = edges.size(); k < n; k++) {
            Edge e = edges.get(k);
            if (e.source() == source && e.sourcePort() == sourcePort && e.target() == target && e.targetPort() == targetPort) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Routes a node output to a host channel (several outputs on one channel are summed).
     *
     * @throws StaleHandleException         if the node does not exist
     * @throws PortOutOfRangeException      if the port or the channel does not exist
     * @throws DuplicateConnectionException if that route exists already
     */
    public void connectOutput(long node, int port, int channel) {
        requireOutput(node, entry(node).descriptor(), port);
        host.connectOutput(this, node, port, channel);
    }

    /**
     * Removes a host output route.
     *
     * @throws StaleHandleException     if the node does not exist
     * @throws NoSuchConnectionException if there is no such route
     */
    public void disconnectOutput(long node, int port, int channel) {
        entry(node);
        host.disconnectOutput(this, node, port, channel);
    }

    /**
     * Routes a host input channel into a node input port (several sources on one port are summed).
     *
     * @throws StaleHandleException         if the node does not exist
     * @throws PortOutOfRangeException      if the port or the input channel does not exist
     * @throws DuplicateConnectionException if that route exists already
     */
    public void connectInput(int channel, long node, int port) {
        requireInput(node, entry(node).descriptor(), port);
        host.connectInput(this, channel, node, port);
    }

    /**
     * Removes a host input route.
     *
     * @throws StaleHandleException      if the node does not exist
     * @throws NoSuchConnectionException if there is no such route
     */
    public void disconnectInput(int channel, long node, int port) {
        entry(node);
        host.disconnectInput(this, channel, node, port);
    }

    /**
     * Records the control-side target of a parameter (the RT side learns it by command).
     *
     * @param node  the node
     * @param index the parameter index
     * @param value the value, already validated
     */
    public void setParamTarget(long node, int index, float value) {
        entry(node).setParamTarget(index, value);
    }

    private void requireOutput(long handle, NodeDescriptor d, int port) {
        if (port < 0 || port >= d.outputCount()) {
            throw new PortOutOfRangeException(describe(handle) + " has no output port " + port + "; it has "
                    + d.outputCount() + portList(d.outputs()));
        }
    }

    private void requireInput(long handle, NodeDescriptor d, int port) {
        if (port < 0 || port >= d.inputCount()) {
            throw new PortOutOfRangeException(describe(handle) + " has no input port " + port + "; it has "
                    + d.inputCount() + portList(d.inputs()));
        }
    }

    private static String portList(List<String> names) {
        return names.isEmpty() ? "" : " " + UserText.list(names);
    }
}
