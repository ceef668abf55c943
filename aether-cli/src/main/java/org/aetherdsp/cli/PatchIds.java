package org.aetherdsp.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.arena.Arena;

/**
 * An engine capture names its nodes by handle ({@code "3:1"}); a capture of an engine built from a
 * patch file is written with the file's ids instead ({@code "ch1/filter"} for a subpatch
 * instance's node), so a saved snapshot reads like the patch it came from.
 */
final class PatchIds {

    private PatchIds() {
    }

    /**
     * @param captured a capture of the engine
     * @param handles  each patch node id's handle, as {@code Engine.restore} returned them
     * @return the capture with every node that has a patch id named by it (others keep their handle id)
     */
    static GraphSnapshot named(GraphSnapshot captured, Map<String, Long> handles) {
        if (handles.isEmpty()) {
            return captured;
        }
        Map<String, String> ids = new HashMap<>();
        handles.forEach((id, h) -> ids.put(Arena.format(h), id));
        List<GraphSnapshot.NodeSnapshot> nodes = new ArrayList<>();
        for (GraphSnapshot.NodeSnapshot n : captured.nodes()) {
            nodes.add(new GraphSnapshot.NodeSnapshot(id(ids, n.id()), n.typeId(), n.params(), n.state()));
        }
        List<GraphSnapshot.Connection> connections = new ArrayList<>();
        for (GraphSnapshot.Connection c : captured.connections()) {
            connections.add(new GraphSnapshot.Connection(id(ids, c.source()), c.sourcePort(), id(ids, c.target()),
                    c.targetPort(), c.feedback(), c.state()));
        }
        List<GraphSnapshot.Output> outputs = new ArrayList<>();
        for (GraphSnapshot.Output o : captured.outputs()) {
            outputs.add(new GraphSnapshot.Output(id(ids, o.node()), o.port(), o.channel()));
        }
        List<GraphSnapshot.Input> inputs = new ArrayList<>();
        for (GraphSnapshot.Input i : captured.inputs()) {
            inputs.add(new GraphSnapshot.Input(i.channel(), id(ids, i.node()), i.port()));
        }
        return new GraphSnapshot(captured.sampleRate(), captured.blockSize(), captured.outputChannels(),
                captured.samplePosition(), nodes, connections, outputs, captured.inputChannels(), inputs);
    }

    private static String id(Map<String, String> ids, String handle) {
        return ids.getOrDefault(handle, handle);
    }
}
