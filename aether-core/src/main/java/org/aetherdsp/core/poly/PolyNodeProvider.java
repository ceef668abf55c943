package org.aetherdsp.core.poly;

import java.util.List;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;

/**
 * The node types of polyphonic voices: {@value VoiceSource#TYPE_ID}, {@value VoiceOutput#TYPE_ID},
 * {@value VoiceSum#TYPE_ID} and {@value Vca#TYPE_ID}. Found by {@link java.util.ServiceLoader}
 * with the core.
 */
public final class PolyNodeProvider implements NodeProvider {

    /** Found by {@link java.util.ServiceLoader}. */
    public PolyNodeProvider() {
    }

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(
                NodeType.of(VoiceSource.TYPE_ID, VoiceSource.DESCRIPTOR, VoiceSource::new),
                NodeType.of(VoiceOutput.TYPE_ID, VoiceOutput.DESCRIPTOR, VoiceOutput::new),
                NodeType.of(VoiceSum.TYPE_ID, VoiceSum.DESCRIPTOR, VoiceSum::new),
                NodeType.of(Vca.TYPE_ID, Vca.DESCRIPTOR, Vca::new));
    }
}
