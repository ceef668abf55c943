package org.aetherdsp.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.StateBlob;
import org.aetherdsp.core.rt.StateCapture;

/**
 * A snapshot on its way: the graph was recorded when it was requested, and the RT thread
 * saves every node's state at the next block boundary. Ask {@link #isDone()} or wait with
 * {@link #get(Duration)} on the control side. With an offline renderer on the same thread,
 * process one more block before calling {@code get}.
 */
public final class SnapshotRequest {

    private final GraphSnapshot graph;
    private final StateCapture capture;
    private final String[] typeIds;
    private final int[] versions;
    private final String[][] paramIds;
    /** Per feedback line of the capture, the index of its connection in the graph. */
    private final int[] feedbackAt;

    /**
     * @param graph    the graph at request time, its nodes without parameter values or state
     * @param capture  what the RT thread fills at the next block boundary
     * @param typeIds  each node's type id, in graph order
     * @param versions each node's state version, in graph order
     * @param paramIds each node's parameter ids in descriptor order: the capture's index order
     * @param feedbackAt per feedback line of the capture, the index of its connection in the graph
     */
    SnapshotRequest(GraphSnapshot graph, StateCapture capture, String[] typeIds, int[] versions, String[][] paramIds,
                    int[] feedbackAt) {
        this.feedbackAt = feedbackAt;
        this.graph = graph;
        this.capture = capture;
        this.typeIds = typeIds;
        this.versions = versions;
        this.paramIds = paramIds;
    }

    /** @return what the RT thread fills at the block boundary */
    StateCapture capture() {
        return capture;
    }

    /** @return whether the RT thread has saved the states */
    public boolean isDone() {
        return capture.isDone();
    }

    /**
     * Waits for the states and returns the snapshot.
     *
     * @param timeout how long to wait for the RT thread
     * @return the snapshot, with every node's state and the block position it belongs to
     * @throws TimeoutException      if no block was processed in time (is anything calling process?)
     * @throws IllegalStateException if a node's {@code saveState} threw, naming the node
     */
    public GraphSnapshot get(Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!capture.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no block was processed within " + timeout
                        + " to capture node states: is anything calling Engine.process()?");
            }
            LockSupport.parkNanos(100_000);
        }
        if (capture.failure() != null) {
            GraphSnapshot.NodeSnapshot n = graph.nodes().get(capture.failedIndex());
            throw new IllegalStateException("node " + n.id() + " (" + n.typeId() + ") failed to save its state: "
                    + capture.failure(), capture.failure());
        }
        List<GraphSnapshot.NodeSnapshot> nodes = new ArrayList<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            GraphSnapshot.NodeSnapshot n = graph.nodes().get(i);
            StateBlob state = new StateBlob(typeIds[i], versions[i], capture.buffer(i).toByteArray());
            // The targets the RT thread saw: they include changes that never passed through the
            // graph model (frame-stamped ParamEvents).
            Map<String, Float> params = new LinkedHashMap<>();
            for (int k = 0; k < paramIds[i].length; k++) {
                params.put(paramIds[i][k], capture.paramTarget(i, k));
            }
            nodes.add(new GraphSnapshot.NodeSnapshot(n.id(), n.typeId(), params, state));
        }
        List<GraphSnapshot.Connection> connections = new ArrayList<>(graph.connections());
        for (int k = 0; k < feedbackAt.length; k++) {
            GraphSnapshot.Connection c = connections.get(feedbackAt[k]);
            connections.set(feedbackAt[k], new GraphSnapshot.Connection(c.source(), c.sourcePort(), c.target(),
                    c.targetPort(), true, capture.lineState(k)));
        }
        return new GraphSnapshot(graph.sampleRate(), graph.blockSize(), graph.outputChannels(), capture.position(),
                nodes, connections, graph.outputs(), graph.inputChannels(), graph.inputs());
    }
}
