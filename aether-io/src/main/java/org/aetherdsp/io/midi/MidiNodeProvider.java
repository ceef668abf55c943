package org.aetherdsp.io.midi;

import java.util.List;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;

/** Contributes the MIDI node types ({@value MidiKeys#TYPE_ID}) to every engine that finds aether-io. */
public final class MidiNodeProvider implements NodeProvider {

    /** Found by {@link java.util.ServiceLoader}. */
    public MidiNodeProvider() {
    }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(NodeType.of(MidiKeys.TYPE_ID, MidiKeys.DESCRIPTOR, MidiKeys::new));
    }
}
