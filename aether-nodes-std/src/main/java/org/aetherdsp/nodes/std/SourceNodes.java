package org.aetherdsp.nodes.std;

import java.util.List;
import org.aetherdsp.api.NodeType;

/** Sources: oscillators, noise, LFO, plucked string, sampler. */
final class SourceNodes {

    /** The node types of this family, in the order {@code aether nodes} lists them. */
    static final List<NodeType> TYPES = List.of(
            NodeType.of(SineOscillator.TYPE_ID, SineOscillator.DESCRIPTOR, SineOscillator::new),
            NodeType.of(SawOscillator.TYPE_ID, SawOscillator.DESCRIPTOR, SawOscillator::new));

    private SourceNodes() {
    }
}
