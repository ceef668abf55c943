package org.aetherdsp.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.GraphException;
import org.aetherdsp.core.graph.HostInput;
import org.aetherdsp.core.graph.HostOutput;
import org.aetherdsp.core.graph.PatchException;
import org.aetherdsp.core.graph.UserText;
import org.aetherdsp.core.model.GraphModel;
import org.aetherdsp.core.model.NodeEntry;
import org.aetherdsp.core.rt.FeedbackLine;
import org.aetherdsp.core.rt.NodeSlot;
import org.aetherdsp.core.rt.StateCapture;

/**
 * Taking snapshots of a running engine and building a snapshot's patch into one. Control side,
 * under the engine's lock.
 */
final class Snapshots {

    private Snapshots() {
    }

    /**
     * Records the graph as it is and prepares the RT thread's capture of every node's state and
     * parameter targets: buffers sized by each node's (checked) {@code stateSize()}.
     *
     * @return the request, and the capture to send to the RT thread
     * @throws NodeCreationException if a node's {@code stateSize()} or {@code stateVersion()}
     *                               throws, or its state exceeds the limit
     */
    static SnapshotRequest request(GraphModel model, float sampleRate, int blockSize, int channels) {
        long[] handles = model.handles();
        NodeSlot[] slots = new NodeSlot[handles.length];
        int[] sizes = new int[handles.length];
        String[] typeIds = new String[handles.length];
        int[] versions = new int[handles.length];
        String[][] paramIds = new String[handles.length][];
        List<GraphSnapshot.NodeSnapshot> nodes = new ArrayList<>();
        for (int i = 0; i < handles.length; i++) {
            NodeEntry e = model.entry(handles[i]);
            slots[i] = e.slot();
            typeIds[i] = e.type().id();
            try {
                sizes[i] = NodeFactory.stateSize(e.slot().node(), typeIds[i]);
                versions[i] = NodeFactory.stateVersion(e.slot().node(), typeIds[i]);
            } catch (NodeCreationException ex) {
                throw new NodeCreationException("cannot snapshot " + model.describe(handles[i]) + ": " + ex.getMessage(), ex.getCause());
            }
            List<ParamSpec> specs = e.descriptor().params();
            paramIds[i] = new String[specs.size()];
            for (int k = 0; k < specs.size(); k++) {
                paramIds[i][k] = specs.get(k).id();
            }
            // Parameter values come from the RT thread at the boundary (see SnapshotRequest).
            nodes.add(new GraphSnapshot.NodeSnapshot(Arena.format(handles[i]), typeIds[i], Map.of(), null));
        }
        List<GraphSnapshot.Connection> connections = new ArrayList<>();
        List<FeedbackLine> lines = new ArrayList<>();
        List<Integer> lineAt = new ArrayList<>(); // each line's connection index
        for (long h : handles) {
            for (Edge edge : model.entry(h).inputs()) {
                if (edge.feedback()) {
                    FeedbackLine line = model.feedbackLine(edge);
                    line.buffer(blockSize); // sized by the compile that published it; sized here if none did
                    lines.add(line);
                    lineAt.add(connections.size());
                }
                connections.add(new GraphSnapshot.Connection(Arena.format(edge.source()), edge.sourcePort(),
                        Arena.format(edge.target()), edge.targetPort(), edge.feedback()));
            }
        }
        List<GraphSnapshot.Output> outputs = new ArrayList<>();
        for (HostOutput o : model.hostOutputs()) {
            outputs.add(new GraphSnapshot.Output(Arena.format(o.node()), o.port(), o.channel()));
        }
        List<GraphSnapshot.Input> inputs = new ArrayList<>();
        for (HostInput i : model.hostInputs()) {
            inputs.add(new GraphSnapshot.Input(i.channel(), Arena.format(i.node()), i.port()));
        }
        GraphSnapshot graph = new GraphSnapshot(sampleRate, blockSize, channels, 0, nodes, connections, outputs,
                model.inputChannels(), inputs);
        int[] feedbackAt = new int[lineAt.size()];
        for (int k = 0; k < feedbackAt.length; k++) {
            feedbackAt[k] = lineAt.get(k);
        }
        StateCapture capture = new StateCapture(slots, sizes, lines.toArray(new FeedbackLine[0]), blockSize);
        return new SnapshotRequest(graph, capture, typeIds, versions, paramIds, feedbackAt);
    }

    /**
     * Builds a snapshot's patch into the engine's open batch (see {@link Engine#restore}), calling
     * the editor directly: the caller holds the engine's lock for the whole batch.
     *
     * @return the handle of each snapshot node id, in snapshot order
     */
    static Map<String, Long> restore(GraphEditor e, GraphSnapshot snapshot) {
        Map<String, Long> handles = new LinkedHashMap<>();
        {
            for (GraphSnapshot.NodeSnapshot n : snapshot.nodes()) {
                // Built only when something is wrong: quoting every id of a large patch costs more than restoring it.
                Supplier<String> where = () -> "node " + UserText.quote(n.id()) + " (" + UserText.escaped(n.typeId()) + ")";
                long h = at(where, () -> e.add(n.typeId()));
                handles.put(n.id(), h);
                for (Map.Entry<String, Float> p : n.params().entrySet()) {
                    // The node is new in this batch: it starts at the value, no ramp.
                    at(where, () -> {
                        e.setParam(h, p.getKey(), p.getValue(), 0f, false);
                        return 0L;
                    });
                }
                if (n.state() != null) {
                    at(where, () -> {
                        e.loadFreshState(h, n.state());
                        return 0L;
                    });
                }
            }
            for (GraphSnapshot.Connection c : snapshot.connections()) {
                at(handles, () -> (c.feedback() ? "feedback connection " : "connection ") + UserText.quote(c.source()) + ":"
                        + c.sourcePort() + " -> " + UserText.quote(c.target()) + ":" + c.targetPort(), () -> {
                    long source = node(handles, c.source());
                    long target = node(handles, c.target());
                    if (c.feedback()) {
                        e.connectFeedback(source, c.sourcePort(), target, c.targetPort());
                        float[] state = c.state();
                        if (state != null) {
                            e.presetFeedback(source, c.sourcePort(), target, c.targetPort(), state);
                        }
                    } else {
                        e.connect(source, c.sourcePort(), target, c.targetPort());
                    }
                    return 0L;
                });
            }
            for (GraphSnapshot.Output o : snapshot.outputs()) {
                at(() -> "output " + UserText.quote(o.node()) + ":" + o.port() + " -> channel " + o.channel(), () -> {
                    e.connectOutput(node(handles, o.node()), o.port(), o.channel());
                    return 0L;
                });
            }
            for (GraphSnapshot.Input i : snapshot.inputs()) {
                at(() -> "input channel " + i.channel() + " -> " + UserText.quote(i.node()) + ":" + i.port(), () -> {
                    e.connectInput(i.channel(), node(handles, i.node()), i.port());
                    return 0L;
                });
            }
        }
        return handles;
    }

    private static long node(Map<String, Long> handles, String id) {
        Long h = handles.get(id);
        if (h == null) {
            throw new org.aetherdsp.core.graph.StaleHandleException("the patch has no node " + UserText.quote(id));
        }
        return h;
    }

    private interface Edit {
        long run();
    }

    private static long at(Supplier<String> where, Edit edit) {
        try {
            return edit.run();
        } catch (GraphException ex) {
            throw new PatchException(where.get(), ex);
        }
    }

    /** A connection: a cycle it would close is named by the snapshot's node ids, which the user wrote. */
    private static long at(Map<String, Long> handles, Supplier<String> where, Edit edit) {
        try {
            return edit.run();
        } catch (CycleException ex) {
            Map<Long, String> ids = new java.util.HashMap<>();
            handles.forEach((id, h) -> ids.put(h, id));
            String message = ex.getMessage();
            for (Long h : new java.util.LinkedHashSet<>(ex.cycle())) {
                String id = ids.get(h);
                if (id != null) {
                    message = message.replace("node " + Arena.format(h) + " (", "node " + UserText.quote(id) + " (");
                }
            }
            throw new PatchException(where.get(), new CycleException(message, ex.cycle()));
        } catch (GraphException ex) {
            throw new PatchException(where.get(), ex);
        }
    }
}
